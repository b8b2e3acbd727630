import type { Bundle, BundleEntry, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { fhirBase } from '../context';
import { FhirHttpError, fail, notSupported } from '../outcome';
import { PROFILE_RULES, PROFILES, isReadableType } from '../profiles';
import type { Reach } from './access';
import type { ResolveReference } from './compartment';
import type { FhirCall, FhirResult } from './fhirResult';
import { parseResourceBody, resourceHeaders, storeResolver, stripServerFields } from './fhirResult';
import {
  checkCreate,
  conditionMatches,
  conditionQuery,
  createInteraction,
  readInteraction,
  searchInteraction,
  unprocessable,
} from './interactions';
import { rewriteReferences } from './references';

const STATUS_TEXT: Record<number, string> = { 200: '200 OK', 201: '201 Created' };

/** `Patient/1`, `/Patient/1` and `http://127.0.0.1:4010/full/fhir/Patient/1` all mean `Patient/1`. */
function relativeUrl(call: FhirCall, url: string): string {
  for (const profile of PROFILES) {
    const base = `${fhirBase(call.ctx, profile)}/`;
    if (url.startsWith(base)) {
      return url.slice(base.length);
    }
  }
  return url.replace(/^\//, '');
}

interface PlannedCreate {
  index: number;
  fullUrl?: string;
  resource: Resource;
  ifNoneExist?: string;
}

function planTransaction(call: FhirCall, entries: BundleEntry[]): PlannedCreate[] {
  return entries.map((entry, index) => {
    const request = entry.request;
    if (!request?.method || !request.url) {
      throw fail(
        400,
        'required',
        'Every entry needs request.method and request.url',
        `Bundle.entry[${index}].request`,
      );
    }
    if (request.method !== 'POST') {
      throw fail(
        400,
        'not-supported',
        `Only create (POST) entries are supported in a transaction here; entry ${index} is ${request.method}`,
        `Bundle.entry[${index}].request.method`,
      );
    }
    const url = relativeUrl(call, request.url);
    if (!entry.resource || entry.resource.resourceType !== url) {
      throw fail(
        400,
        'invalid',
        `A create entry needs a resource whose type matches request.url ("${request.url}")`,
        `Bundle.entry[${index}]`,
      );
    }
    return {
      index,
      fullUrl: entry.fullUrl,
      resource: stripServerFields(entry.resource),
      ifNoneExist: request.ifNoneExist,
    };
  });
}

/**
 * An atomic transaction of creates. Everything is checked before anything is written
 * (scope, validity, profile rules, references); the writes then run inside the
 * repository's journalled transaction, so a failure part-way stores nothing.
 * Not the router's processBatch: it rewrites every string that contains an entry's
 * urn:uuid (identifier values and ifNoneExist included), which breaks idempotency keys.
 */
async function transaction(call: FhirCall, entries: BundleEntry[]): Promise<FhirResult> {
  const store = call.ctx.store;
  const plan = planTransaction(call, entries);
  const fromStore = storeResolver(store.repo);
  const resolve: ResolveReference = async (reference) =>
    plan.find((p) => p.fullUrl === reference)?.resource ?? (await fromStore(reference));

  const issues: OperationOutcomeIssue[] = [];
  const conditions = new Map<number, { query: string; reach: Reach }>();
  for (const planned of plan) {
    const checked = await checkCreate(
      call,
      planned.resource,
      resolve,
      planned.ifNoneExist !== undefined,
    );
    const prefix = `Bundle.entry[${planned.index}].resource`;
    issues.push(
      ...checked.issues.map((i) => ({
        ...i,
        expression: i.expression?.map((e) =>
          e.replace(new RegExp(`^${planned.resource.resourceType}`), prefix),
        ),
      })),
    );
    if (planned.ifNoneExist) {
      conditions.set(planned.index, {
        query: conditionQuery(call, planned.resource.resourceType, planned.ifNoneExist),
        reach: checked.reach,
      });
    }
  }
  if (issues.length) {
    throw unprocessable(issues);
  }

  const results = await store.withWriteLock(async () => {
    const outcome = await store.repo.withTransaction(async () => {
      const existing = new Map<number, Resource>();
      for (const [index, { query, reach }] of conditions) {
        const type = plan[index]?.resource.resourceType ?? '';
        const matches = await conditionMatches(call, type, query, reach, resolve);
        if (matches.length > 1) {
          throw fail(
            412,
            'multiple-matches',
            `ifNoneExist "${query}" matches more than one ${type}`,
            `Bundle.entry[${index}].request.ifNoneExist`,
          );
        }
        if (matches[0]) {
          existing.set(index, matches[0]);
        }
      }
      const identities = new Map<string, string>();
      const ids = new Map<number, string>();
      for (const planned of plan) {
        const id = existing.get(planned.index)?.id ?? store.repo.generateId();
        ids.set(planned.index, id);
        if (planned.fullUrl) {
          identities.set(planned.fullUrl, `${planned.resource.resourceType}/${id}`);
        }
      }
      const stored: { resource: Resource; created: boolean }[] = [];
      for (const planned of plan) {
        const found = existing.get(planned.index);
        if (found) {
          stored.push({ resource: found, created: false });
          continue;
        }
        const toStore = rewriteReferences(
          { ...planned.resource, id: ids.get(planned.index) },
          identities,
        );
        stored.push({ resource: await store.repo.createResource(toStore), created: true });
      }
      return stored;
    });
    if (outcome.some((r) => r.created)) {
      await store.save();
    }
    return outcome;
  });

  return {
    status: 200,
    headers: {},
    body: {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: results.map(({ resource, created }) =>
        entryResponse(call, created ? 201 : 200, resource),
      ),
    },
  };
}

function entryResponse(call: FhirCall, status: number, resource: Resource): BundleEntry {
  const headers = resourceHeaders(call.base, resource, true);
  return {
    fullUrl: `${call.base}/${resource.resourceType}/${resource.id ?? ''}`,
    ...(call.preferReturn === 'minimal' ? {} : { resource }),
    response: {
      status: STATUS_TEXT[status] ?? String(status),
      location: headers.Location?.slice(call.base.length + 1),
      etag: headers.ETag,
      lastModified: resource.meta?.lastUpdated,
    },
  };
}

/** One batch entry through the same checks as a direct request. */
async function batchEntry(call: FhirCall, entry: BundleEntry): Promise<BundleEntry> {
  try {
    const request = entry.request;
    if (!request?.method || !request.url) {
      throw fail(400, 'required', 'The entry needs request.method and request.url');
    }
    const [path = '', query = ''] = relativeUrl(call, request.url).split('?');
    const [type = '', id, ...rest] = path.split('/');
    if (!isReadableType(type) || rest.length) {
      throw fail(404, 'not-found', `Unsupported request URL "${request.url}"`);
    }
    let result: FhirResult;
    if (request.method === 'GET') {
      result = id
        ? await readInteraction(call, type, id)
        : await searchInteraction(call, type, new URLSearchParams(query));
    } else if (request.method === 'POST' && !id) {
      const resource = parseResourceBody(Buffer.from(JSON.stringify(entry.resource ?? null)), type);
      result = await createInteraction(call, stripServerFields(resource), request.ifNoneExist);
    } else {
      throw fail(405, 'not-supported', `${request.method} ${request.url} is not supported`);
    }
    return {
      ...(result.body ? { resource: result.body } : {}),
      response: {
        status: STATUS_TEXT[result.status] ?? String(result.status),
        location: result.headers.Location?.slice(call.base.length + 1),
        etag: result.headers.ETag,
      },
    };
  } catch (err) {
    if (!(err instanceof FhirHttpError)) {
      throw err;
    }
    return { response: { status: String(err.status), outcome: err.outcome } };
  }
}

/** POST of a Bundle to the base: transaction or batch, where the profile allows Bundles. */
export async function bundleInteraction(
  call: FhirCall,
  body: Buffer | undefined,
): Promise<FhirResult> {
  if (!PROFILE_RULES[call.profile].transactions) {
    throw notSupported(
      `This EHR (${call.profile} profile) does not accept transaction or batch Bundles: POST each resource to its own endpoint`,
      'GET',
    );
  }
  const bundle = parseResourceBody(body, 'Bundle') as Bundle;
  const entries = bundle.entry ?? [];
  if (!entries.length) {
    throw fail(400, 'required', 'The Bundle has no entries', 'Bundle.entry');
  }
  if (bundle.type === 'transaction') {
    return transaction(call, entries);
  }
  if (bundle.type === 'batch') {
    const responses: BundleEntry[] = [];
    for (const entry of entries) {
      responses.push(await batchEntry(call, entry));
      // A batch is many requests in one. Between its entries other requests are served, as on
      // a server with more than one worker, instead of all waiting for the whole batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      status: 200,
      headers: {},
      body: { resourceType: 'Bundle', type: 'batch-response', entry: responses },
    };
  }
  throw fail(
    400,
    'invalid',
    `Bundle.type must be transaction or batch, not "${bundle.type}"`,
    'Bundle.type',
  );
}
