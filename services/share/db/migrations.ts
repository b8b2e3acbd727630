/**
 * The schema, as numbered migrations applied in order on both engines. What is stored: the
 * ciphertext the browser made (the key never reaches this service), the expiry, a scrypt hash of
 * the passcode, failure counts, hashes of the revoke token and of location tickets, and an audit
 * log of events with no PHI: no patient, no name, no token, no passcode, no requester address.
 */
import type { Database } from './database';

export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE links (
        id text PRIMARY KEY,
        jwe text NOT NULL,
        content_type text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        passcode_hash text,
        failures integer NOT NULL DEFAULT 0,
        failure_cap integer NOT NULL,
        revoke_token_hash text NOT NULL,
        revoked_at bigint,
        revoked_by text
      );
      CREATE TABLE location_tickets (
        ticket_hash text PRIMARY KEY,
        link_id text NOT NULL REFERENCES links(id) ON DELETE CASCADE,
        expires_at bigint NOT NULL
      );
      CREATE INDEX location_tickets_expiry ON location_tickets (expires_at);
      CREATE TABLE audit_log (
        seq bigserial PRIMARY KEY,
        at bigint NOT NULL,
        event text NOT NULL,
        link_ref text
      );
    `,
  },
];

/**
 * Apply what is missing, each migration in its own transaction, under an advisory lock so two
 * service instances starting together against one PostgreSQL do not both apply it.
 */
export async function migrate(db: Database): Promise<number[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)',
  );
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction(async (q) => {
      await q('SELECT pg_advisory_xact_lock(4030)');
      const rows = await q('SELECT 1 FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (rows.length > 0) return false;
      for (const statement of migration.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await q(statement);
      }
      await q('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        migration.version,
        Date.now(),
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
