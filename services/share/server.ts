/**
 * The SMART Health Links share service (HL7 "SMART Health Cards and Links" IG, STU1):
 *
 * - `POST /api/links` (the app, with the clinician's SMART access token): store a ciphertext
 *   the browser made, answer the manifest URL and a revoke token;
 * - `DELETE /api/links/{id}` (the app, with the token and the revoke token): revoke;
 * - `POST /shl/{id}` `{recipient, passcode?, embeddedLengthMax?}` (any SHL viewer): the manifest;
 * - `GET /shl/file/{ticket}` (any SHL viewer): the file behind a manifest `location`;
 * - `POST /shl/{id}/end` `{passcode?}` (the patient, from the viewer): end the link.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader } from 'jose';
import type { ClinicianVerifier } from './auth/verifyClinician';
import { createClinicianVerifier } from './auth/verifyClinician';
import type { ShareConfig } from './config';
import type { Database } from './db/database';
import { migrate } from './db/migrations';
import { isRecord, readJson, send } from './http/json';
import { createRateLimiter } from './http/rateLimit';
import type { Access, LinkStore } from './links/linkStore';
import { createLinkStore } from './links/linkStore';

export interface ShareServiceOptions {
  config: ShareConfig;
  db: Database;
  verifier?: ClinicianVerifier;
  now?: () => number;
  /** One line per request, with ids redacted; silent in tests. */
  log?: (line: string) => void;
}

const CONTENT_TYPES = new Set(['application/fhir+json', 'application/smart-health-card']);
const ID = /^[A-Za-z0-9_-]{43}$/;

type Reply = { status: number; body: unknown; contentType?: string };

/** A compact JWE as the SHL spec has it: `dir` + `A256GCM`, five parts, no encrypted key. */
function isShlJwe(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const parts = value.split('.');
  if (parts.length !== 5 || parts[1] !== '') return false;
  try {
    const header = decodeProtectedHeader(value);
    return header.alg === 'dir' && header.enc === 'A256GCM';
  } catch {
    return false;
  }
}

function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
}

export function createShareHandler(opts: ShareServiceOptions) {
  const { config } = opts;
  const now = opts.now ?? Date.now;
  const store: LinkStore = createLinkStore(opts.db, { failureCap: config.failureCap, now });
  const verifier = opts.verifier ?? createClinicianVerifier(config.issuers);
  const limiter = createRateLimiter(config.ratePerMinute, now);
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));

  const audit = (event: Parameters<LinkStore['audit']>[0], id?: string) =>
    store.audit(event, id).catch(() => undefined);

  function passcodeReply(access: Extract<Access, { kind: 'passcode' }>): Reply {
    return {
      status: 401,
      body: {
        error: access.locked
          ? 'This link is locked after too many wrong passcodes'
          : 'Passcode required or wrong',
        remainingAttempts: access.remainingAttempts,
      },
    };
  }

  async function manifest(id: string, body: unknown): Promise<Reply> {
    if (!isRecord(body) || typeof body.recipient !== 'string' || body.recipient.trim() === '') {
      return { status: 400, body: { error: 'recipient is required' } };
    }
    const passcode = typeof body.passcode === 'string' ? body.passcode : undefined;
    const max = body.embeddedLengthMax;
    if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 0)) {
      return { status: 400, body: { error: 'embeddedLengthMax must be a non-negative integer' } };
    }
    const access = await store.access(id, passcode);
    if (access.kind === 'gone') {
      await audit('gone', id);
      return { status: 404, body: { error: 'No such link, or it has expired or been ended' } };
    }
    if (access.kind === 'passcode') {
      await audit(access.locked ? 'locked' : passcode ? 'passcode-wrong' : 'passcode-missing', id);
      return passcodeReply(access);
    }
    await audit('manifest-served', id);
    // Embedded only when the viewer asks and it fits; otherwise a short-lived location.
    const file =
      typeof max === 'number' && access.jwe.length <= max
        ? { contentType: access.contentType, embedded: access.jwe }
        : {
            contentType: access.contentType,
            location: `${config.publicUrl}/shl/file/${await store.issueTicket(id, config.locationTtlMs)}`,
          };
    return { status: 200, body: { status: 'finalized', files: [file] } };
  }

  async function create(req: IncomingMessage, body: unknown): Promise<Reply> {
    if (!isRecord(body)) return { status: 400, body: { error: 'JSON object expected' } };
    const { iss, patient, jwe, exp, passcode } = body;
    const contentType = body.contentType ?? 'application/fhir+json';
    if (typeof iss !== 'string' || typeof patient !== 'string') {
      return { status: 400, body: { error: 'iss and patient are required' } };
    }
    if (!isShlJwe(jwe)) {
      return {
        status: 400,
        body: { error: 'jwe must be a compact JWE with alg dir, enc A256GCM' },
      };
    }
    if (typeof contentType !== 'string' || !CONTENT_TYPES.has(contentType)) {
      return { status: 400, body: { error: 'unsupported contentType' } };
    }
    const expiresAt = typeof exp === 'number' ? exp * 1000 : NaN;
    if (!Number.isInteger(exp) || expiresAt <= now() || expiresAt > now() + config.maxLifetimeMs) {
      return { status: 400, body: { error: 'exp must be a future time within a year (seconds)' } };
    }
    if (
      passcode !== undefined &&
      (typeof passcode !== 'string' || passcode.length < 4 || passcode.length > 64)
    ) {
      return { status: 400, body: { error: 'passcode must be 4 to 64 characters' } };
    }
    const verdict = await verifier.verify({ iss, patient, token: bearer(req) });
    if (!verdict.ok) {
      await audit('create-refused');
      return { status: verdict.status, body: { error: verdict.reason } };
    }
    const { id, revokeToken } = await store.create({ jwe, contentType, expiresAt, passcode });
    await audit('created', id);
    return {
      status: 201,
      body: { id, url: `${config.publicUrl}/shl/${id}`, exp, revokeToken },
    };
  }

  async function revoke(req: IncomingMessage, id: string, body: unknown): Promise<Reply> {
    if (
      !isRecord(body) ||
      typeof body.iss !== 'string' ||
      typeof body.patient !== 'string' ||
      typeof body.revokeToken !== 'string'
    ) {
      return { status: 400, body: { error: 'iss, patient and revokeToken are required' } };
    }
    const verdict = await verifier.verify({
      iss: body.iss,
      patient: body.patient,
      token: bearer(req),
    });
    if (!verdict.ok) return { status: verdict.status, body: { error: verdict.reason } };
    if (!(await store.revoke(id, body.revokeToken))) {
      return { status: 404, body: { error: 'No such link, or already ended' } };
    }
    await audit('revoked-by-clinician', id);
    return { status: 200, body: { revoked: true } };
  }

  async function endByPatient(id: string, body: unknown): Promise<Reply> {
    const passcode =
      isRecord(body) && typeof body.passcode === 'string' ? body.passcode : undefined;
    // Whoever may open the link may end it: the same gate as the manifest.
    const access = await store.access(id, passcode);
    if (access.kind === 'gone')
      return { status: 404, body: { error: 'No such link, or already ended' } };
    if (access.kind === 'passcode') return passcodeReply(access);
    await store.endByPatient(id);
    await audit('ended-by-patient', id);
    return { status: 200, body: { ended: true } };
  }

  async function route(req: IncomingMessage, path: string): Promise<Reply> {
    const method = req.method ?? 'GET';
    if (path === '/health' && method === 'GET') {
      await opts.db.query('SELECT 1');
      return { status: 200, body: { status: 'ok', storage: opts.db.engine } };
    }
    const file = /^\/shl\/file\/([A-Za-z0-9_-]{43})$/.exec(path);
    if (file?.[1] && method === 'GET') {
      const found = await store.fileByTicket(file[1]);
      if (!found) {
        await audit('ticket-refused');
        return { status: 404, body: { error: 'This file URL has expired' } };
      }
      await audit('file-served');
      return { status: 200, body: found.jwe, contentType: 'application/jose' };
    }
    const shl = /^\/shl\/([A-Za-z0-9_-]+)(\/end)?$/.exec(path);
    if (shl?.[1]) {
      if (!ID.test(shl[1])) return { status: 404, body: { error: 'No such link' } };
      if (method !== 'POST') return { status: 405, body: { error: 'Use POST' } };
      const body = await readJson(req, 10_000);
      if (!body.ok) return { status: body.status, body: { error: body.message } };
      return shl[2] ? endByPatient(shl[1], body.value) : manifest(shl[1], body.value);
    }
    if (path === '/api/links' && method === 'POST') {
      const body = await readJson(req, config.maxCiphertextBytes + 10_000);
      if (!body.ok) return { status: body.status, body: { error: body.message } };
      return create(req, body.value);
    }
    const one = /^\/api\/links\/([A-Za-z0-9_-]{43})$/.exec(path);
    if (one?.[1] && method === 'DELETE') {
      const body = await readJson(req, 10_000);
      if (!body.ok) return { status: body.status, body: { error: body.message } };
      return revoke(req, one[1], body.value);
    }
    return { status: 404, body: { error: 'Not found' } };
  }

  function cors(req: IncomingMessage, res: ServerResponse, path: string): void {
    res.setHeader('Vary', 'Origin');
    if (path.startsWith('/shl/')) {
      // Any SHL viewer, anywhere, may read a manifest: the link itself is the credential.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    } else if (path.startsWith('/api/') && config.appOrigins.includes(req.headers.origin ?? '')) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
      res.setHeader('Access-Control-Allow-Methods', 'POST, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    }
    res.setHeader('Access-Control-Max-Age', '600');
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'http://share.invalid').pathname;
    // The log never holds a link id or ticket: they are the credentials.
    const logged = path.replace(/[A-Za-z0-9_-]{43}/g, ':id');
    let status = 500;
    try {
      cors(req, res, path);
      if (req.method === 'OPTIONS') {
        status = 204;
        res.writeHead(204).end();
        return;
      }
      const group = path.startsWith('/api/') ? 'api' : 'shl';
      if (!limiter.allow(`${group}:${req.socket.remoteAddress ?? ''}`)) {
        status = 429;
        res.setHeader('Retry-After', '60');
        send(res, 429, { error: 'Too many requests' });
        return;
      }
      const reply = await route(req, path);
      status = reply.status;
      send(res, reply.status, reply.body, reply.contentType);
    } catch {
      // The database is down (or another fault): say so, keep nothing half-done.
      status = 503;
      if (!res.headersSent) send(res, 503, { error: 'Sharing is unavailable' });
    } finally {
      log(`${req.method ?? ''} ${logged} ${status} ${(performance.now() - started).toFixed(0)}ms`);
    }
  };
}

export interface RunningShareService {
  origin: string;
  close(): Promise<void>;
}

/** Migrate, then listen (127.0.0.1 unless told; port 0 = any free port). */
export async function startShareService(
  port: number,
  opts: ShareServiceOptions,
  host = '127.0.0.1',
): Promise<RunningShareService> {
  await migrate(opts.db);
  const mounted: { handler?: ReturnType<typeof createShareHandler>; sweep?: NodeJS.Timeout } = {};
  const server = createServer((req, res) => {
    if (mounted.handler) void mounted.handler(req, res);
    else res.writeHead(503).end();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${bound}`;
  const config = { ...opts.config, publicUrl: opts.config.publicUrl || origin };
  mounted.handler = createShareHandler({ ...opts, config });
  const store = createLinkStore(opts.db, {
    failureCap: config.failureCap,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const sweep = () => void store.sweep().catch(() => undefined);
  sweep();
  mounted.sweep = setInterval(sweep, 60_000);
  mounted.sweep.unref();
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(mounted.sweep);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
