import type {
  Bundle,
  BundleEntry,
  CapabilityStatement,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import { HttpResponse, http, type HttpHandler } from 'msw';
import { matches } from './memorySearch';

/**
 * A small stateful FHIR R4 server for MSW (tests only): create (with If-None-Exist), read,
 * the searches the write path uses, and atomic transactions. Knobs imitate the EHR behaviours
 * the write path must survive; `fail` injects faults per request; `log` records every request.
 */

export interface MemoryServerOptions {
  base?: string;
  transactions?: boolean;
  /** Honour If-None-Exist (header and Bundle entry). When false the header is ignored. */
  conditionalCreate?: boolean;
  /** 201 with an empty body and only Location (a server that ignores Prefer). */
  ignorePrefer?: boolean;
  /** Search parameters the server silently ignores (as Epic does with unknown ones). */
  ignoredSearchParams?: string[];
  /** Drop client identifiers on store (as Oracle Health does with fields it does not list). */
  dropIdentifiers?: boolean;
  /** Serve DocumentReference attachments as `url: Binary/<id>` instead of inline data (as Epic). */
  attachmentsAsBinary?: boolean;
  /** Extra checks on create: issues -> 422 OperationOutcome. */
  validate?: (resource: Resource) => string[];
  capabilityStatement?: CapabilityStatement;
}

export interface LoggedRequest {
  method: string;
  /** Path and query relative to the base, e.g. `DocumentReference?patient=1`, '' for the base. */
  path: string;
  ifNoneExist: string | null;
  prefer: string | null;
  authorization: string | null;
  body: unknown;
}

export type FaultResponse =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { status: number; raw: string; headers?: Record<string, string> } // a body that is not JSON
  | 'network' // no response at all
  | 'store-then-network' // the server stores it, then the response is lost
  | { hangMs: number }; // answer late (the client should time out first)

interface Fault {
  on: string;
  times: number;
  respond: FaultResponse;
}

type Store = Map<string, Map<string, Resource>>;

export function createMemoryFhirServer(options: MemoryServerOptions = {}) {
  const base = options.base ?? 'http://ehr.test/fhir';
  const conditional = options.conditionalCreate ?? true;
  let store: Store = new Map();
  let nextId = 1;
  const log: LoggedRequest[] = [];
  const faults: Fault[] = [];

  const all = (type: string): Resource[] => [...(store.get(type)?.values() ?? [])];

  function put(into: Store, resource: Resource): Resource {
    const id = String(nextId++);
    const stored = {
      ...structuredClone(resource),
      id,
      meta: { ...resource.meta, versionId: '1', lastUpdated: new Date().toISOString() },
    } as Resource;
    if (options.dropIdentifiers) delete (stored as { identifier?: unknown }).identifier;
    const byId = into.get(resource.resourceType) ?? new Map<string, Resource>();
    byId.set(id, stored);
    into.set(resource.resourceType, byId);
    return stored;
  }

  function search(from: Store, type: string, query: URLSearchParams): Resource[] {
    const resources = [...(from.get(type)?.values() ?? [])];
    return resources.filter((resource) =>
      [...query.entries()].every(([name, value]) => {
        if (name.startsWith('_') || options.ignoredSearchParams?.includes(name)) return true;
        return matches(resource, name, value);
      }),
    );
  }

  /** Create or find (conditional create) in `into`; returns [resource, created]. */
  function createIn(
    into: Store,
    resource: Resource,
    ifNoneExist: string | null,
  ): [Resource, boolean] {
    const issues = options.validate?.(resource) ?? [];
    if (issues.length) throw outcomeError(422, 'invalid', issues);
    if (ifNoneExist && conditional) {
      const found = search(into, resource.resourceType, new URLSearchParams(ifNoneExist));
      if (found.length > 1) throw outcomeError(412, 'multiple-matches', ['more than one match']);
      if (found[0]) return [found[0], false];
    }
    return [put(into, resource), true];
  }

  function render(resource: Resource): Resource {
    if (!options.attachmentsAsBinary || resource.resourceType !== 'DocumentReference')
      return resource;
    return {
      ...resource,
      content: resource.content.map((c, i) => ({
        ...c,
        attachment: { contentType: c.attachment.contentType, url: `Binary/${resource.id}-${i}` },
      })),
    };
  }

  function takeFault(key: string): FaultResponse | undefined {
    const fault = faults.find((f) => f.times > 0 && key.startsWith(f.on));
    if (!fault) return undefined;
    fault.times -= 1;
    return fault.respond;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.href.slice(base.length).replace(/^\//, '');
    const text = request.method === 'GET' ? '' : await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const entry: LoggedRequest = {
      method: request.method,
      path,
      ifNoneExist: request.headers.get('If-None-Exist'),
      prefer: request.headers.get('Prefer'),
      authorization: request.headers.get('Authorization'),
      body,
    };
    log.push(entry);

    const fault = takeFault(`${request.method} ${path}`);
    if (fault === 'network') return HttpResponse.error();
    if (fault && typeof fault === 'object' && 'hangMs' in fault) {
      await new Promise((resolve) => setTimeout(resolve, fault.hangMs));
      return HttpResponse.error();
    }
    if (fault && typeof fault === 'object' && 'raw' in fault) {
      return new HttpResponse(fault.raw, { status: fault.status, headers: fault.headers });
    }
    if (fault && typeof fault === 'object') {
      const init = { status: fault.status, headers: fault.headers };
      return fault.body === undefined
        ? new HttpResponse(null, init)
        : HttpResponse.json(fault.body, init);
    }
    let response: Response;
    try {
      response = route(request.method, url, path, entry);
    } catch (error) {
      if (error instanceof OutcomeError) {
        return HttpResponse.json(error.outcome, { status: error.status });
      }
      throw error;
    }
    return fault === 'store-then-network' ? HttpResponse.error() : response;
  }

  function route(method: string, url: URL, path: string, entry: LoggedRequest): Response {
    const [pathname] = path.split('?');
    const segments = (pathname ?? '').split('/').filter(Boolean);
    const [type, id] = segments;
    if (method === 'GET' && type === 'metadata') {
      return options.capabilityStatement
        ? HttpResponse.json(options.capabilityStatement)
        : HttpResponse.json(null, { status: 404 });
    }
    if (method === 'POST' && !type) return transaction(entry.body);
    if (method === 'POST' && type && !id) {
      const [stored, created] = createIn(store, entry.body as Resource, entry.ifNoneExist);
      const location = `${base}/${type}/${stored.id}/_history/1`;
      const wantsBody = !options.ignorePrefer && entry.prefer?.includes('return=representation');
      return wantsBody
        ? HttpResponse.json(render(stored), {
            status: created ? 201 : 200,
            headers: { Location: location },
          })
        : new HttpResponse(null, { status: created ? 201 : 200, headers: { Location: location } });
    }
    if (method === 'GET' && type === 'Binary' && id) return binary(id);
    if (method === 'GET' && type && id) {
      const found = store.get(type)?.get(id);
      return found ? HttpResponse.json(render(found)) : HttpResponse.json(null, { status: 404 });
    }
    if (method === 'GET' && type) {
      const matches = search(store, type, url.searchParams).map(render);
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'searchset',
        total: matches.length,
        entry: matches.map((resource) => ({ resource, search: { mode: 'match' } })),
      };
      return HttpResponse.json(bundle);
    }
    throw outcomeError(405, 'not-supported', [`${method} not supported here`]);
  }

  function binary(id: string): Response {
    const [docId, index] = id.split('-');
    const doc = store.get('DocumentReference')?.get(docId ?? '');
    const attachment =
      doc?.resourceType === 'DocumentReference'
        ? doc.content[Number(index)]?.attachment
        : undefined;
    if (!attachment) return HttpResponse.json(null, { status: 404 });
    return HttpResponse.json({
      resourceType: 'Binary',
      contentType: attachment.contentType,
      data: attachment.data,
    });
  }

  /** Atomic: works on a copy of the store and commits only when every entry succeeded. */
  function transaction(body: unknown): Response {
    if (!options.transactions)
      throw outcomeError(405, 'not-supported', ['transactions are not supported']);
    const bundle = body as Bundle;
    if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction') {
      throw outcomeError(400, 'invalid', ['expected a transaction Bundle']);
    }
    const staging: Store = new Map([...store].map(([type, byId]) => [type, new Map(byId)]));
    const replacements = new Map<string, string>();
    const responses: BundleEntry[] = [];
    for (const entry of bundle.entry ?? []) {
      const resource = replaceRefs(entry.resource as Resource, replacements);
      const [stored, created] = createIn(staging, resource, entry.request?.ifNoneExist ?? null);
      if (entry.fullUrl) replacements.set(entry.fullUrl, `${stored.resourceType}/${stored.id}`);
      responses.push({
        resource: render(stored),
        response: {
          status: created ? '201 Created' : '200 OK',
          location: `${stored.resourceType}/${stored.id}/_history/1`,
        },
      });
    }
    store = staging;
    return HttpResponse.json({
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: responses,
    });
  }

  const handlers: HttpHandler[] = [
    http.post(base, ({ request }) => handle(request)),
    http.all(`${base}/*`, ({ request }) => handle(request)),
  ];

  return {
    base,
    handlers,
    log,
    all,
    /** Puts a resource in the store as if another system had written it. */
    seed(resource: Resource): Resource {
      return put(store, resource);
    },
    /** The next `times` requests whose `METHOD path` starts with `on` get `respond`. */
    fail(on: string, respond: FaultResponse, times = 1): void {
      faults.push({ on, times, respond });
    },
    /** Ends every pending fault: the server is healthy again (an outage is over). */
    heal(): void {
      faults.length = 0;
    },
    /** Requests as `METHOD path` lines, for compact assertions. */
    lines(): string[] {
      return log.map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
    },
    reset(): void {
      store = new Map();
      log.length = 0;
      faults.length = 0;
    },
  };
}

export type MemoryFhirServer = ReturnType<typeof createMemoryFhirServer>;

class OutcomeError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {
    super(`HTTP ${status}`);
  }
}

function outcomeError(status: number, code: string, diagnostics: string[]): OutcomeError {
  return new OutcomeError(status, {
    resourceType: 'OperationOutcome',
    issue: diagnostics.map(
      (d) => ({ severity: 'error', code, diagnostics: d }) as OperationOutcome['issue'][number],
    ),
  });
}

function replaceRefs(resource: Resource, replacements: Map<string, string>): Resource {
  return JSON.parse(
    JSON.stringify(resource, (_key, value: unknown) =>
      typeof value === 'string' && replacements.has(value) ? replacements.get(value) : value,
    ),
  ) as Resource;
}
