/**
 * The share service's storage rules, on either engine. Every check that must hold under
 * concurrent requests is a single SQL statement, so the database serialises it: a passcode
 * guess first reserves one of the link's remaining failures (`failures < failure_cap` in the
 * UPDATE's WHERE), and only a right passcode gives the reservation back. However many guesses
 * arrive in parallel, no more than `failure_cap` wrong ones are ever checked.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { hashPasscode, verifyPasscode } from './passcode';

/** 32 random bytes, base64url: 256 bits, 43 characters (manifest ids, keys, tickets, revoke tokens). */
export const randomToken = (): string => randomBytes(32).toString('base64url');

const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** What the audit log names a link by: a short hash, so the log holds no capability. */
export const linkRef = (id: string): string =>
  createHash('sha256').update(id).digest('hex').slice(0, 16);

export type AuditEvent =
  | 'created'
  | 'manifest-served'
  | 'passcode-missing'
  | 'passcode-wrong'
  | 'locked'
  | 'gone'
  | 'file-served'
  | 'ticket-refused'
  | 'revoked-by-clinician'
  | 'ended-by-patient'
  | 'create-refused';

export type Access =
  | { kind: 'ok'; jwe: string; contentType: string }
  | { kind: 'gone' }
  | { kind: 'passcode'; remainingAttempts: number; locked: boolean };

export interface LinkStore {
  create(input: {
    jwe: string;
    contentType: string;
    expiresAt: number;
    passcode?: string | undefined;
  }): Promise<{ id: string; revokeToken: string }>;
  /** The gate in front of the manifest (and of the patient's "end this link"). */
  access(id: string, passcode: string | undefined): Promise<Access>;
  issueTicket(id: string, ttlMs: number): Promise<string>;
  fileByTicket(ticket: string): Promise<{ jwe: string; contentType: string } | undefined>;
  revoke(id: string, revokeToken: string): Promise<boolean>;
  endByPatient(id: string): Promise<boolean>;
  audit(event: AuditEvent, id?: string): Promise<void>;
  /** Blank the ciphertext of links past expiry and drop dead tickets: nothing kept longer than asked. */
  sweep(): Promise<void>;
}

export interface LinkStoreOptions {
  failureCap: number;
  now?: () => number;
}

interface LinkRow extends Record<string, unknown> {
  jwe: string;
  content_type: string;
  expires_at: string | number;
  revoked_at: string | number | null;
  passcode_hash: string | null;
  failures: number;
  failure_cap: number;
}

export function createLinkStore(db: Database, opts: LinkStoreOptions): LinkStore {
  const now = opts.now ?? Date.now;

  async function live(id: string): Promise<LinkRow | undefined> {
    const [row] = await db.query<LinkRow>(
      'SELECT jwe, content_type, expires_at, revoked_at, passcode_hash, failures, failure_cap FROM links WHERE id = $1',
      [id],
    );
    if (!row || row.revoked_at !== null || Number(row.expires_at) <= now()) return undefined;
    return row;
  }

  return {
    async create({ jwe, contentType, expiresAt, passcode }) {
      const id = randomToken();
      const revokeToken = randomToken();
      const passcodeHash = passcode ? await hashPasscode(passcode) : null;
      await db.query(
        `INSERT INTO links (id, jwe, content_type, created_at, expires_at, passcode_hash, failure_cap, revoke_token_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          jwe,
          contentType,
          now(),
          expiresAt,
          passcodeHash,
          opts.failureCap,
          sha256(revokeToken),
        ],
      );
      return { id, revokeToken };
    },

    async access(id, passcode) {
      const row = await live(id);
      if (!row) return { kind: 'gone' };
      if (row.passcode_hash === null) {
        return { kind: 'ok', jwe: row.jwe, contentType: row.content_type };
      }
      const left = Math.max(0, row.failure_cap - row.failures);
      if (passcode === undefined || passcode === '') {
        return { kind: 'passcode', remainingAttempts: left, locked: left === 0 };
      }
      // Reserve one failure before the (slow) check; the WHERE clause is the cap.
      const [reserved] = await db.query<{ failures: number; failure_cap: number }>(
        `UPDATE links SET failures = failures + 1
         WHERE id = $1 AND failures < failure_cap AND revoked_at IS NULL AND expires_at > $2
         RETURNING failures, failure_cap`,
        [id, now()],
      );
      if (!reserved) return { kind: 'passcode', remainingAttempts: 0, locked: true };
      if (await verifyPasscode(passcode, row.passcode_hash)) {
        await db.query('UPDATE links SET failures = failures - 1 WHERE id = $1', [id]);
        return { kind: 'ok', jwe: row.jwe, contentType: row.content_type };
      }
      const remainingAttempts = reserved.failure_cap - reserved.failures;
      return { kind: 'passcode', remainingAttempts, locked: remainingAttempts === 0 };
    },

    async issueTicket(id, ttlMs) {
      const ticket = randomToken();
      await db.query(
        'INSERT INTO location_tickets (ticket_hash, link_id, expires_at) VALUES ($1, $2, $3)',
        [sha256(ticket), id, now() + ttlMs],
      );
      return ticket;
    },

    async fileByTicket(ticket) {
      const [row] = await db.query<{ jwe: string; content_type: string }>(
        `SELECT l.jwe, l.content_type FROM location_tickets t JOIN links l ON l.id = t.link_id
         WHERE t.ticket_hash = $1 AND t.expires_at > $2 AND l.revoked_at IS NULL AND l.expires_at > $2`,
        [sha256(ticket), now()],
      );
      return row ? { jwe: row.jwe, contentType: row.content_type } : undefined;
    },

    async revoke(id, revokeToken) {
      const rows = await db.query(
        `UPDATE links SET revoked_at = $2, revoked_by = 'clinician', jwe = ''
         WHERE id = $1 AND revoke_token_hash = $3 AND revoked_at IS NULL RETURNING id`,
        [id, now(), sha256(revokeToken)],
      );
      return rows.length === 1;
    },

    async endByPatient(id) {
      const rows = await db.query(
        `UPDATE links SET revoked_at = $2, revoked_by = 'patient', jwe = ''
         WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id, now()],
      );
      return rows.length === 1;
    },

    async audit(event, id) {
      await db.query('INSERT INTO audit_log (at, event, link_ref) VALUES ($1, $2, $3)', [
        now(),
        event,
        id ? linkRef(id) : null,
      ]);
    },

    async sweep() {
      const at = now();
      await db.query("UPDATE links SET jwe = '' WHERE expires_at <= $1 AND jwe <> ''", [at]);
      await db.query('DELETE FROM location_tickets WHERE expires_at <= $1', [at]);
    },
  };
}
