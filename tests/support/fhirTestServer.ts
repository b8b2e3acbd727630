import type {
  Bundle,
  BundleEntry,
  CapabilityStatement,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import { HttpResponse, http, type HttpHandler } from 'msw';
import { loadFhirDefinitions } from '../../services/sandbox-ehr/engine';
import { countMatches, routeRequest } from '../../services/sandbox-ehr/engine';
import { addIncludes, takeInclude } from '../../services/sandbox-ehr/engine';
import {
  applyPaging,
  decorateSearchset,
  normaliseReferenceParams,
  requireKnownSearchParams,
} from '../../services/sandbox-ehr/engine';
import { FhirHttpError } from '../../services/sandbox-ehr/engine';
import { PROFILE_RULES } from '../../services/sandbox-ehr/engine';
import type { Profile } from '../../services/sandbox-ehr/engine';
import { SandboxRepository } from '../../services/sandbox-ehr/engine';

/**
 * The FHIR server of the unit tests, behind MSW: the sandbox EHR's own engine
 * (@medplum/fhir-router over the sandbox's repository, with its search, _include and
 * atomic-transaction code), so tests and sandbox share one set of FHIR semantics. What is
 * added here is what a test needs around it: EHR quirks as knobs, injected faults, and a
 * log of every request.
 */

export interface FhirTestServerOptions {
  base?: string;
  /** Transactions and conditional create as one of the sandbox's profiles declares them. */
  profile?: Profile;
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

/** What is stored, kept in step with the repository so tests can look synchronously. */
type Mirror = Map<string, Map<string, Resource>>;

export function createFhirTestServer(options: FhirTestServerOptions = {}) {
  loadFhirDefinitions();
  const base = options.base ?? 'http://ehr.test/fhir';
  const rules = options.profile ? PROFILE_RULES[options.profile] : undefined;
  const transactions = options.transactions ?? rules?.transactions ?? false;
  const conditional = options.conditionalCreate ?? rules?.conditionalCreate ?? true;
  let repo = new SandboxRepository();
  let mirror: Mirror = new Map();
  // Seeds are stored synchronously in the mirror and written to the repository before the
  // next request is handled.
  let pending: Promise<unknown> = Promise.resolve();
  let nextId = 1;
  const log: LoggedRequest[] = [];
  const faults: Fault[] = [];

  const all = (type: string): Resource[] => [...(mirror.get(type)?.values() ?? [])];

  function remember(into: Mirror, resource: Resource): void {
    const byId = into.get(resource.resourceType) ?? new Map<string, Resource>();
    byId.set(resource.id ?? '', resource);
    into.set(resource.resourceType, byId);
  }

  /** A new resource as the server would keep it: its own id, never a client's. */
  function prepare(resource: Resource): Resource {
    const copy = structuredClone(resource);
    copy.id = String(nextId++);
    if (copy.meta) {
      delete copy.meta.versionId;
      delete copy.meta.lastUpdated;
    }
    if (options.dropIdentifiers) delete (copy as { identifier?: unknown }).identifier;
    return copy;
  }

  async function searchType(type: string, raw: URLSearchParams): Promise<Bundle> {
    const query = new URLSearchParams(raw);
    for (const name of options.ignoredSearchParams ?? []) query.delete(name);
    const include = takeInclude(type, query);
    requireKnownSearchParams(type, query);
    const normalised = normaliseReferenceParams(query, [base]);
    const page = applyPaging(normalised);
    const { resource } = await routeRequest(repo, 'GET', `${type}?${normalised.toString()}`);
    const searchset = decorateSearchset(resource as Bundle, base, type, normalised, page);
    return include ? addIncludes(repo, base, searchset) : searchset;
  }

  /** Create, or find (conditional create); returns [resource, created]. */
  async function createIn(
    resource: Resource,
    ifNoneExist: string | null,
    stored: Resource[],
  ): Promise<[Resource, boolean]> {
    const issues = options.validate?.(resource) ?? [];
    if (issues.length) throw outcomeError(422, 'invalid', issues);
    if (ifNoneExist && conditional) {
      const query = normaliseReferenceParams(new URLSearchParams(ifNoneExist.replace(/^\?/, '')), [
        base,
      ]);
      const found = await countMatches(repo, resource.resourceType, query.toString());
      if (found.length > 1) throw outcomeError(412, 'multiple-matches', ['more than one match']);
      if (found[0]) return [found[0], false];
    }
    const created = await repo.createResource(prepare(resource));
    stored.push(created);
    return [created, true];
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
    await pending;
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
      response = await route(request.method, url, path, entry);
    } catch (error) {
      if (error instanceof FhirHttpError) {
        return HttpResponse.json(error.outcome, { status: error.status, headers: error.headers });
      }
      throw error;
    }
    return fault === 'store-then-network' ? HttpResponse.error() : response;
  }

  async function route(
    method: string,
    url: URL,
    path: string,
    entry: LoggedRequest,
  ): Promise<Response> {
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
      const stored: Resource[] = [];
      const [resource, created] = await createIn(entry.body as Resource, entry.ifNoneExist, stored);
      stored.forEach((r) => remember(mirror, r));
      const location = `${base}/${type}/${resource.id}/_history/${resource.meta?.versionId ?? '1'}`;
      const wantsBody = !options.ignorePrefer && entry.prefer?.includes('return=representation');
      const init = { status: created ? 201 : 200, headers: { Location: location } };
      return wantsBody ? HttpResponse.json(render(resource), init) : new HttpResponse(null, init);
    }
    if (method === 'GET' && type === 'Binary' && id) return binary(id);
    if (method === 'GET' && type && id) {
      const { resource } = await routeRequest(repo, 'GET', `${type}/${encodeURIComponent(id)}`);
      return resource
        ? HttpResponse.json(render(resource))
        : HttpResponse.json(null, { status: 404 });
    }
    if (method === 'GET' && type) {
      const bundle = await searchType(type, url.searchParams);
      return HttpResponse.json({
        ...bundle,
        entry: (bundle.entry ?? []).map((e) =>
          e.resource ? { ...e, resource: render(e.resource) } : e,
        ),
      });
    }
    throw outcomeError(405, 'not-supported', [`${method} not supported here`]);
  }

  function binary(id: string): Response {
    const [docId, index] = id.split('-');
    const doc = mirror.get('DocumentReference')?.get(docId ?? '');
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

  /** Atomic: the sandbox repository undoes every entry's write when one fails. */
  async function transaction(body: unknown): Promise<Response> {
    if (!transactions) throw outcomeError(405, 'not-supported', ['transactions are not supported']);
    const bundle = body as Bundle;
    if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction') {
      throw outcomeError(400, 'invalid', ['expected a transaction Bundle']);
    }
    const stored: Resource[] = [];
    const responses = await repo.withTransaction(async () => {
      const replacements = new Map<string, string>();
      const answers: BundleEntry[] = [];
      for (const entry of bundle.entry ?? []) {
        const resource = replaceRefs(entry.resource as Resource, replacements);
        const [saved, created] = await createIn(
          resource,
          entry.request?.ifNoneExist ?? null,
          stored,
        );
        if (entry.fullUrl) replacements.set(entry.fullUrl, `${saved.resourceType}/${saved.id}`);
        answers.push({
          resource: render(saved),
          response: {
            status: created ? '201 Created' : '200 OK',
            location: `${saved.resourceType}/${saved.id}/_history/${saved.meta?.versionId ?? '1'}`,
          },
        });
      }
      return answers;
    });
    stored.forEach((r) => remember(mirror, r));
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
      const stored = prepare(resource);
      remember(mirror, stored);
      const into = repo;
      pending = pending.then(() => into.createResource(stored));
      return stored;
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
      repo = new SandboxRepository();
      mirror = new Map();
      pending = Promise.resolve();
      log.length = 0;
      faults.length = 0;
    },
  };
}

export type FhirTestServer = ReturnType<typeof createFhirTestServer>;

function outcomeError(status: number, code: string, diagnostics: string[]): FhirHttpError {
  return new FhirHttpError(status, {
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
