import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdminReset } from './admin';
import { AuthState } from './auth/authState';
import { handleAuthorize, handlePickerSubmit } from './auth/authorize';
import { createIdTokenSigner } from './auth/idToken';
import { handleToken } from './auth/token';
import type { SandboxContext } from './context';
import { handleFhirRequest } from './fhir/fhirRoutes';
import { loadFhirDefinitions } from './fhirDefinitions';
import { answerPreflight, applyCors } from './http/cors';
import { readBody, sendFhir, sendJson } from './http/httpUtil';
import { handleLaunch } from './launcher/launchRoute';
import { issue, outcome } from './outcome';
import { handleEhrFrame } from './pages/ehrFramePage';
import { sendLauncherPage } from './pages/launcherPage';
import { isProfile } from './profiles';
import { SMART_STYLE } from './smartStyle';
import { DataStore } from './store/dataStore';
import { loadTerminology } from './validation/valueSets';
import { createCdsClientKey } from './cds/clientKey';
import { handleOrderSignDemo } from './pages/orderSignPage';

export interface SandboxOptions {
  port: number;
  /** The app's origin, e.g. http://127.0.0.1:5173 (its redirect URI is this + "/"). */
  appOrigin: string;
  dataDir: string;
  tokenLifetimeSeconds?: number;
  adminClientId?: string;
  adminClientSecret?: string;
  /** The CDS Hooks service base the EHR pages call; undefined = no decision support. */
  cdsUrl?: string | undefined;
  /** No request log (tests). */
  quiet?: boolean;
}

export interface RunningSandbox {
  origin: string;
  close(): Promise<void>;
}

type Route = (
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
) => Promise<void> | void;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  '/': { GET: (ctx, _req, res) => sendLauncherPage(ctx, res) },
  '/launch': { GET: (ctx, _req, res, url) => handleLaunch(ctx, res, url) },
  '/ehr': { GET: (ctx, _req, res, url) => handleEhrFrame(ctx, res, url) },
  '/smart-style.json': { GET: (_ctx, _req, res) => sendJson(res, 200, SMART_STYLE) },
  '/auth/authorize': { GET: (ctx, _req, res, url) => handleAuthorize(ctx, res, url) },
  '/auth/authorize/pick': {
    POST: (ctx, _req, res, _url, body) => handlePickerSubmit(ctx, res, body),
  },
  '/auth/token': { POST: (ctx, req, res, _url, body) => handleToken(ctx, req, res, body) },
  '/auth/jwks.json': { GET: (ctx, _req, res) => sendJson(res, 200, ctx.idTokens.jwks) },
  '/admin/reset': { POST: (ctx, req, res) => handleAdminReset(ctx, req, res) },
  // The sandbox's public keys as a CDS Hooks client (services verify its JWTs with them).
  '/.well-known/jwks.json': { GET: (ctx, _req, res) => sendJson(res, 200, ctx.cds.key.jwks) },
  '/cds/order-sign': { GET: (ctx, _req, res, url) => handleOrderSignDemo(ctx, res, url) },
};

function decodeSegments(segments: string[]): string[] | undefined {
  try {
    return segments.map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

async function route(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    answerPreflight(req, res, ctx.appOrigin);
    return;
  }
  applyCors(req, res, ctx.appOrigin);
  let body: Buffer = Buffer.alloc(0);
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const read = await readBody(req);
    if (read.tooLarge) {
      sendFhir(res, 413, outcome(issue('too-costly', 'Request bodies are limited to 10 MB')), {
        Connection: 'close',
      });
      return;
    }
    body = read.body;
  }
  const [first, second, ...rest] = url.pathname.split('/').slice(1);
  if (isProfile(first) && second === 'fhir') {
    const segments = decodeSegments(rest.filter(Boolean));
    if (!segments) {
      sendFhir(res, 400, outcome(issue('invalid', 'Malformed percent-encoding in the URL path')));
      return;
    }
    await handleFhirRequest(ctx, req, res, first, segments, url, body);
    return;
  }
  const handlers = ROUTES[url.pathname];
  const handler = handlers?.[method];
  if (handler) {
    await handler(ctx, req, res, url, body);
  } else if (handlers) {
    sendFhir(
      res,
      405,
      outcome(issue('not-supported', `${method} is not allowed on ${url.pathname}`)),
      {
        Allow: Object.keys(handlers).join(', '),
      },
    );
  } else {
    sendFhir(res, 404, outcome(issue('not-found', `No such page or endpoint: ${url.pathname}`)));
  }
}

/** One line per request: method, path without query (tokens, codes and launch ids live there), status, time. */
function logRequest(req: IncomingMessage, res: ServerResponse, url: URL, started: number): void {
  const profile = url.pathname.split('/')[1];
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `${req.method ?? '?'} ${url.pathname} ${res.statusCode} ${ms}ms${isProfile(profile) ? ` [${profile}]` : ''}`,
  );
}

async function handle(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  quiet: boolean,
): Promise<void> {
  const started = performance.now();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', ctx.origin);
  } catch {
    url = new URL('/', ctx.origin);
  }
  if (!quiet) {
    res.on('finish', () => logRequest(req, res, url, started));
  }
  try {
    await route(ctx, req, res, url);
  } catch (err) {
    console.error(`sandbox: ${req.method ?? '?'} ${url.pathname} failed:`, err);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendFhir(res, 500, outcome(issue('exception', 'Internal sandbox error; see the sandbox log')));
  }
}

/** Start the sandbox EHR on 127.0.0.1. Port 0 picks a free port (see `origin`). */
export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  loadFhirDefinitions();
  loadTerminology();
  const store = new DataStore(opts.dataDir);
  await store.open();
  const appOrigin = opts.appOrigin.replace(/\/+$/, '');
  const ctx: SandboxContext = {
    origin: '',
    appOrigin,
    redirectUri: `${appOrigin}/`,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3600,
    adminClientId: opts.adminClientId ?? 'sandbox-admin',
    adminClientSecret: opts.adminClientSecret ?? 'sandbox-admin-secret',
    store,
    auth: new AuthState(),
    idTokens: await createIdTokenSigner(),
    cds: {
      url: opts.cdsUrl?.replace(/\/+$/, ''),
      key: await createCdsClientKey(() => ctx.origin),
    },
  };
  const server = createServer((req, res) => {
    void handle(ctx, req, res, opts.quiet ?? false);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  ctx.origin = `http://127.0.0.1:${port}`;
  return {
    origin: ctx.origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
