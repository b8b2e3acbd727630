import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A deliberately hostile FHIR R4 server (tests only), next to a "foreign" server that plays the
 * attacker's origin. Each knob is one class of hostile answer from issue 13; the foreign server
 * records everything that reaches it and answers as convincingly as it can (fake patients, fake
 * "201 Created"), so a test can assert that nothing reached it and nothing it said was believed.
 * No CSP, no browser: what holds here is the app's own defence.
 */

export type RedirectKind =
  'read' | 'search' | 'paging' | 'create' | 'transaction' | 'binary' | 'metadata';

export type WriteLie =
  /** 200 with an error OperationOutcome and a Location, nothing stored. */
  | 'error-outcome-200'
  /** A transaction-response whose entries say 422 but carry a location. */
  | 'entry-422'
  /** A conditional create answering 200 with someone else's document. */
  | 'someone-elses-document'
  /** 201 with a Location on another server, nothing stored. */
  | 'foreign-location'
  /** 201 with no body and no Location, nothing stored. */
  | 'empty-201'
  /** 201 echoing what was sent, with an id, and no Location: nothing stored. */
  | 'echo-201';

export interface HostileOptions {
  redirect?: RedirectKind[];
  lie?: WriteLie;
  /**
   * Stores every create twice and answers only the second, as when Chromium re-sends a POST by
   * itself on a reset keep-alive socket (one fetch, two requests 1-2 ms apart).
   */
  doublePost?: boolean;
  /** Drop client identifiers on store (Epic / Oracle Health behaviour). */
  dropIdentifiers?: boolean;
  /** Accept PUT (to mark a copy entered-in-error). */
  allowUpdate?: boolean;
  /** Reads carry no ETag (and stored resources no meta.versionId): no version to update at. */
  hideVersions?: boolean;
  /** A `next` link pointing at the foreign server. */
  nextLure?: boolean;
  /**
   * How an honest store names what it stored, as seen by the app behind a proxy such as the
   * SMART App Launcher: `hidden` sends no `Location` (the browser hides one that is not in
   * `Access-Control-Expose-Headers`) and no transaction entry location; `upstream` names the
   * upstream server's own address (the foreign origin) instead of this base.
   */
  location?: 'hidden' | 'upstream';
  /** With `location`, answer creates with no body too (a server that ignores `Prefer`). */
  noBody?: boolean;
  /**
   * Stores the first create (or transaction) of this many, then resets the connection instead
   * of answering: the write happened, the answer is lost (no outage).
   */
  resetAfterStore?: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface HostileEhr {
  baseUrl: string;
  foreignUrl: string;
  /** Requests that reached the EHR. */
  seen: SeenRequest[];
  /** Requests that reached the foreign server: a passing test keeps this empty. */
  foreignSeen: SeenRequest[];
  stored(type: string): Record<string, unknown>[];
  seed(resource: Record<string, unknown>): Record<string, unknown>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

const FHIR_JSON = 'application/fhir+json';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': FHIR_JSON }),
    'Access-Control-Allow-Origin': '*',
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const server: Server = createServer((req, res) => {
    handler(req, res).catch(() => send(res, 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

function identifierValues(resource: Json): string[] {
  const ids = Array.isArray(resource.identifier) ? (resource.identifier as Json[]) : [];
  return ids.map((i) => `${String(i.system)}|${String(i.value)}`);
}

function refOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? ((value as Json).reference as string | undefined)
    : undefined;
}

/** The foreign origin alone, for tests that put a hostile layer in front of another EHR. */
export async function startForeignServer(): Promise<{
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}> {
  const ehr = await startHostileEhr();
  return { url: ehr.foreignUrl, seen: ehr.foreignSeen, close: () => ehr.close() };
}

export async function startHostileEhr(options: HostileOptions = {}): Promise<HostileEhr> {
  const seen: SeenRequest[] = [];
  const foreignSeen: SeenRequest[] = [];
  const store = new Map<string, Map<string, Json>>();
  let nextId = 1;
  const redirects = new Set(options.redirect ?? []);
  let resetsLeft = options.resetAfterStore ?? 0;
  /** Resets the connection instead of answering, while resets are left (resetAfterStore). */
  const resetInstead = (res: ServerResponse): boolean => {
    if (resetsLeft <= 0) return false;
    resetsLeft -= 1;
    res.socket?.destroy();
    return true;
  };

  const foreign = await listen(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '';
    if (req.method === 'OPTIONS') {
      // A permissive preflight, so only the app (not CORS) can stop a redirected request.
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, PUT',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      });
      res.end();
      return;
    }
    foreignSeen.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      body,
    });
    // The lure: a convincing answer, so only the app's own checks can stop it.
    if (req.method === 'POST') {
      const parsed = body ? (JSON.parse(body) as Json) : {};
      const type = typeof parsed.resourceType === 'string' ? parsed.resourceType : 'Resource';
      send(
        res,
        201,
        { ...parsed, id: 'fake-1' },
        { Location: `${foreign.origin}/fhir/${type}/fake-1` },
      );
      return;
    }
    const type = path.split('/').filter(Boolean)[1]?.split('?')[0] ?? 'Patient';
    const fake = { resourceType: 'Patient', id: 'p1', name: [{ text: 'Someone Else' }] };
    if (path.includes('?')) {
      const condition = {
        resourceType: type,
        id: 'foreign-cond',
        subject: { reference: 'Patient/p1' },
        code: { text: 'Foreign condition' },
      };
      send(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: condition }],
      });
    } else send(res, 200, fake);
  });

  const ehr = await listen(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/fhir\/?/, '');
    seen.push({
      method: req.method ?? '',
      path: `${path}${url.search}`,
      authorization: req.headers.authorization,
      body,
    });
    const [type, id] = path.split('/').filter(Boolean);
    const redirectTo = (kind: RedirectKind, status = 302) => {
      if (!redirects.has(kind)) return false;
      send(res, status, undefined, { Location: `${foreign.origin}${req.url ?? '/'}` });
      return true;
    };
    if (req.method === 'GET' && type === 'metadata') {
      if (redirectTo('metadata')) return;
      send(res, 200, {
        resourceType: 'CapabilityStatement',
        status: 'active',
        kind: 'instance',
        fhirVersion: '4.0.1',
        format: ['json'],
      });
      return;
    }
    if (req.method === 'GET' && type === 'Binary' && id) {
      if (redirectTo('binary')) return;
      const [docId, index] = id.split('-');
      const doc = store.get('DocumentReference')?.get(docId ?? '');
      const attachment = (doc?.content as Json[] | undefined)?.[Number(index)]?.attachment as
        Json | undefined;
      if (!attachment) return send(res, 404);
      send(res, 200, {
        resourceType: 'Binary',
        contentType: attachment.contentType,
        data: attachment.data,
      });
      return;
    }
    if (req.method === 'GET' && type && id) {
      if (redirectTo('read')) return;
      const found = store.get(type)?.get(id);
      send(res, found ? 200 : 404, found ?? undefined, found ? versionHeaders(type, id) : {});
      return;
    }
    if (req.method === 'GET' && type) {
      if (url.searchParams.get('page') === '2') {
        if (redirectTo('paging')) return;
        send(res, 200, { resourceType: 'Bundle', type: 'searchset', entry: [] });
        return;
      }
      if (redirectTo('search')) return;
      const matches = search(type, url.searchParams);
      const link: Json[] = [];
      if (redirects.has('paging'))
        link.push({ relation: 'next', url: `${ehrOrigin()}/fhir/${type}?page=2` });
      if (options.nextLure)
        link.push({ relation: 'next', url: `${foreign.origin}/fhir/${type}?page=2` });
      send(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: matches.map((resource) => ({ resource, search: { mode: 'match' } })),
        link,
      });
      return;
    }
    if (req.method === 'PUT' && type && id) {
      const existing = store.get(type)?.get(id);
      if (!options.allowUpdate || !existing) return send(res, 405);
      const ifMatch = req.headers['if-match'];
      if (ifMatch !== undefined && ifMatch !== `W/"${versionOf(type, id)}"`) return send(res, 412);
      const updated = { ...(JSON.parse(body) as Json), id };
      store.get(type)?.set(id, updated);
      versions.set(`${type}/${id}`, versionOf(type, id) + 1);
      send(res, 200, updated, versionHeaders(type, id));
      return;
    }
    if (req.method === 'POST' && !type) {
      if (redirectTo('transaction', 307)) return;
      transaction(res, JSON.parse(body) as Json);
      return;
    }
    if (req.method === 'POST' && type) {
      if (redirectTo('create', 307)) return;
      create(res, type, JSON.parse(body) as Json, req.headers['if-none-exist']);
      return;
    }
    send(res, 405);
  });

  // Versions live beside the stored resources (which carry no meta.versionId): reads name the
  // current one in ETag, and an update names the one it read in If-Match.
  const versions = new Map<string, number>();
  function versionOf(type: string, id: string): number {
    return versions.get(`${type}/${id}`) ?? 1;
  }
  function versionHeaders(type: string, id: string): Record<string, string> {
    if (options.hideVersions) return {};
    return { ETag: `W/"${versionOf(type, id)}"`, 'Access-Control-Expose-Headers': 'ETag' };
  }

  function ehrOrigin(): string {
    return ehr.origin;
  }

  function put(resource: Json): Json {
    const id = String(nextId++);
    const stored: Json = { ...structuredClone(resource), id };
    if (options.dropIdentifiers) delete stored.identifier;
    const type = String(resource.resourceType);
    const byId = store.get(type) ?? new Map<string, Json>();
    byId.set(id, stored);
    store.set(type, byId);
    return stored;
  }

  function search(type: string, params: URLSearchParams): Json[] {
    const all = [...(store.get(type)?.values() ?? [])];
    return all.filter((r) => {
      const patient = params.get('patient');
      if (patient && refOf(r.subject) !== `Patient/${patient}`) return false;
      const identifier = params.get('identifier');
      if (identifier && !identifierValues(r).includes(identifier)) return false;
      const target = params.get('target');
      if (target && !((r.target as Json[] | undefined) ?? []).some((t) => refOf(t) === target))
        return false;
      return true;
    });
  }

  function create(
    res: ServerResponse,
    type: string,
    resource: Json,
    ifNoneExist: string | string[] | undefined,
  ) {
    const location = (stored: Json) => `${ehr.origin}/fhir/${type}/${String(stored.id)}/_history/1`;
    const named = (stored: Json): Record<string, string> => {
      if (options.location === 'hidden') return {};
      if (options.location === 'upstream')
        return { Location: `${foreign.origin}/fhir/${type}/${String(stored.id)}/_history/1` };
      return { Location: location(stored) };
    };
    const answer = (status: number, stored: Json) =>
      send(res, status, options.noBody ? undefined : stored, named(stored));
    switch (options.lie) {
      case 'error-outcome-200':
        send(
          res,
          200,
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'processing', diagnostics: 'not stored' }],
          },
          { Location: `${ehr.origin}/fhir/${type}/999` },
        );
        return;
      case 'foreign-location':
        send(res, 201, undefined, { Location: `${foreign.origin}/fhir/${type}/1` });
        return;
      case 'empty-201':
        send(res, 201);
        return;
      case 'echo-201':
        send(res, 201, { ...resource, id: 'echo-1' });
        return;
      case 'someone-elses-document': {
        const other = put({
          resourceType: type,
          status: 'current',
          subject: resource.subject,
          identifier: [
            { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
          ],
          content: [{ attachment: { contentType: 'text/plain', data: 'c29tZW9uZSBlbHNl' } }],
        });
        send(res, 200, other, { Location: location(other) });
        return;
      }
      default:
    }
    if (typeof ifNoneExist === 'string') {
      const query = new URLSearchParams(ifNoneExist);
      const found = search(type, query);
      if (found[0]) {
        answer(200, found[0]);
        return;
      }
    }
    if (options.doublePost) put(resource); // the first delivery, whose answer the browser drops
    const stored = put(resource);
    if (resetInstead(res)) return;
    answer(201, stored);
  }

  function transaction(res: ServerResponse, bundle: Json) {
    // The first delivery of a re-sent transaction is stored whole; only the second is answered.
    if (options.doublePost) storeTransaction(bundle);
    const response = storeTransaction(bundle);
    if (resetInstead(res)) return;
    send(res, 200, { resourceType: 'Bundle', type: 'transaction-response', entry: response });
  }

  function storeTransaction(bundle: Json): Json[] {
    const entries = (bundle.entry as Json[] | undefined) ?? [];
    const replacements = new Map<string, string>();
    const response: Json[] = [];
    for (const entry of entries) {
      const text = [...replacements].reduce(
        (acc, [from, to]) => acc.split(from).join(to),
        JSON.stringify(entry.resource),
      );
      const resource = JSON.parse(text) as Json;
      if (options.lie === 'entry-422') {
        response.push({
          response: {
            status: '422 Unprocessable Entity',
            location: `${String(resource.resourceType)}/999`,
          },
        });
        continue;
      }
      const stored = put(resource);
      if (typeof entry.fullUrl === 'string')
        replacements.set(entry.fullUrl, `${String(stored.resourceType)}/${String(stored.id)}`);
      const path = `${String(stored.resourceType)}/${String(stored.id)}/_history/1`;
      response.push({
        resource: stored,
        response: {
          status: '201 Created',
          ...(options.location === 'hidden'
            ? {}
            : {
                location: options.location === 'upstream' ? `${foreign.origin}/fhir/${path}` : path,
              }),
        },
      });
    }
    return response;
  }

  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    baseUrl: `${ehr.origin}/fhir`,
    foreignUrl: `${foreign.origin}/fhir`,
    seen,
    foreignSeen,
    stored: (type) => [...(store.get(type)?.values() ?? [])],
    seed: (resource) => {
      const id = typeof resource.id === 'string' ? resource.id : String(nextId++);
      const stored = { ...resource, id };
      const byId = store.get(String(resource.resourceType)) ?? new Map<string, Json>();
      byId.set(id, stored);
      store.set(String(resource.resourceType), byId);
      return stored;
    },
    close: async () => {
      await Promise.all([closeServer(ehr.server), closeServer(foreign.server)]);
    },
  };
}
