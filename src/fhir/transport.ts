import { FhirError, asFhirError, kindForStatus, outcomeIssues, parseRetryAfter } from './errors';
import { retryWithToken } from './reads/readQuirks';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface FhirRequest {
  method: HttpMethod;
  /** Relative to the FHIR base (`Patient/123`, `Condition?patient=1`) or absolute on that base (a `next` link). */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Per-request time limit; the default keeps a hung EHR from freezing the screen. */
  timeoutMs?: number;
  /**
   * Sent without the access token: for public discovery documents (`metadata`, which SMART App
   * Launch has servers serve without authorization). With no Authorization header the GET is a
   * CORS "simple" request, so the browser sends no preflight. A 401 is answered by sending it
   * again with the token (readQuirks.retryWithToken).
   */
  anonymous?: boolean;
  /**
   * Sent on its own, never in a batch (batchReads): for the read the first screen waits for
   * (the Patient, for the banner), so it does not wait for the slowest search of the batch.
   */
  alone?: boolean;
}

export interface FhirResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T | undefined;
}

/** The only way the app talks to an EHR. Tests pass an MSW-backed or in-memory one. */
export interface FhirTransport {
  readonly baseUrl: string;
  request<T = unknown>(req: FhirRequest): Promise<FhirResponse<T>>;
  /**
   * The access token, refreshed if due, for the one non-FHIR service that may see it: the
   * share service, which only sends it back to this EHR to check it (introspection or a read
   * of this Patient) before storing a link. Absent on transports without a session.
   */
  tokenForShareCheck?(): Promise<string | undefined>;
}

/** The slice of fhirclient's Client the transport needs: auth only, no I/O of its own. */
export interface AuthSource {
  getAuthorizationHeader(): string | null;
  refreshIfNeeded(): Promise<unknown>;
  refresh(): Promise<unknown>;
  getState(path: string): unknown;
}

export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Resolves a URL against the base and refuses anything outside it, so the bearer token is
 * never sent to another server (a hostile `next` link, a reference to a foreign server).
 */
export function resolveOnBase(baseUrl: string, url: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const absolute = new URL(url, base).href;
  // The base itself is on the base: a transaction or batch is POSTed to it (FHIR R4 http.html).
  if (absolute !== base.slice(0, -1) && !absolute.startsWith(base)) {
    throw new FhirError({ kind: 'refused', detail: 'URL outside the FHIR server' });
  }
  return absolute;
}

export interface TransportOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export function createTransport(
  baseUrl: string,
  auth: AuthSource,
  {
    fetchImpl = (...args) => fetch(...args),
    timeoutMs = DEFAULT_TIMEOUT_MS,
  }: TransportOptions = {},
): FhirTransport {
  /**
   * A refresh the authorization server refuses (expired or revoked refresh token) means the
   * session is over: say so as a 401 would, not as an unknown error. fhirclient then drops the
   * refresh token itself. A refresh that could not reach the server is a network failure.
   */
  async function refreshing(refresh: () => Promise<unknown>): Promise<void> {
    try {
      await refresh();
    } catch (error) {
      throw new FhirError({ kind: error instanceof TypeError ? 'network' : 'unauthorized' });
    }
  }

  async function send(req: FhirRequest, url: string, anonymous = false): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/fhir+json', ...req.headers };
    if (!anonymous) {
      // fhirclient only refreshes inside its own request(); we call it before every request.
      await refreshing(() => auth.refreshIfNeeded());
      const authorization = auth.getAuthorizationHeader();
      if (authorization) headers.Authorization = authorization;
    }
    if (req.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
    const timeout = AbortSignal.timeout(req.timeoutMs ?? timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    return fetchImpl(url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal,
      credentials: 'omit',
      cache: 'no-store',
      // fetch follows 3xx by default, and resolveOnBase only vets the first URL: a redirect
      // would carry a read to another origin's data, or a whole write (307/308 keep the body)
      // to another server. 'manual' stops at the 3xx, so it can be refused in plain words.
      redirect: 'manual',
    });
  }

  return {
    baseUrl,
    async tokenForShareCheck() {
      await refreshing(() => auth.refreshIfNeeded());
      const header = auth.getAuthorizationHeader() ?? '';
      return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    },
    async request<T>(req: FhirRequest): Promise<FhirResponse<T>> {
      const url = resolveOnBase(baseUrl, req.url);
      let response: Response;
      try {
        response = await send(req, url, req.anonymous === true);
        if (retryWithToken(req.anonymous, response.status)) response = await send(req, url);
        // An expired access token with a refresh token left: refresh once and try again.
        if (response.status === 401 && auth.getState('tokenResponse.refresh_token')) {
          await refreshing(() => auth.refresh());
          response = await send(req, url);
        }
      } catch (error) {
        if (error instanceof FhirError) throw error;
        const mapped = asFhirError(error);
        if (mapped.kind === 'aborted' && req.signal?.aborted) throw mapped;
        if (mapped.kind === 'aborted' || mapped.kind === 'timeout')
          throw new FhirError({ kind: 'timeout' });
        if (mapped.kind === 'other' && error instanceof TypeError)
          throw new FhirError({ kind: 'network' });
        throw mapped;
      }
      if (isRedirect(response)) {
        // Browsers give an opaque answer (type 'opaqueredirect', status 0); Node the 3xx itself.
        throw new FhirError({
          kind: 'redirected',
          status: response.status || undefined,
          detail: 'the EHR answered with a redirect',
        });
      }
      const body = await readBody(response);
      if (!response.ok) {
        throw new FhirError({
          kind: kindForStatus(response.status),
          status: response.status,
          issues: outcomeIssues(body.value),
          retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
        });
      }
      if (body.malformed) throw new FhirError({ kind: 'malformed', status: response.status });
      return { status: response.status, headers: response.headers, body: body.value as T };
    },
  };
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

async function readBody(response: Response): Promise<{ value: unknown; malformed: boolean }> {
  const text = await response.text().catch(() => '');
  if (!text.trim()) return { value: undefined, malformed: false };
  try {
    return { value: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { value: undefined, malformed: true };
  }
}
