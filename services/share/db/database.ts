/**
 * The one interface the share service's storage code talks to, with two engines behind it:
 * an embedded PostgreSQL (PGlite, data in a local folder: nothing to install) by default, and a
 * PostgreSQL server given by `DATABASE_URL` in production. Same SQL, same migrations.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';

export type Row = Record<string, unknown>;

export interface Database {
  /** One parameterised statement ($1, $2, ...). */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Statements run together in one transaction, on one connection. */
  transaction<T>(work: (q: Database['query']) => Promise<T>): Promise<T>;
  readonly engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db: PGlite = await PGlite.create(dataDir);
  return {
    engine: 'pglite',
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work(async <T extends Row>(sql: string, params: readonly unknown[] = []) => {
          const result = await tx.query<T>(sql, params as unknown[]);
          return result.rows;
        }),
      ),
    close: () => db.close(),
  };
}

export async function openPostgres(connectionString: string): Promise<Database> {
  const pg = await import('pg');
  const pool: Pool = new pg.default.Pool({ connectionString, max: 10 });
  // A dropped server connection must not crash the service: the next query fails and the
  // caller answers 503, which the app shows as "sharing unavailable".
  pool.on('error', () => undefined);
  return {
    engine: 'postgres',
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await work(
          async <T extends Row>(sql: string, params: readonly unknown[] = []) => {
            const result = await client.query<T>(sql, params as unknown[]);
            return result.rows;
          },
        );
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `DATABASE_URL` when given (PostgreSQL), else PGlite in `dataDir`. */
export function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
