import { entryResponse } from './bundleEntry';
import { refusesBatch } from './reads/readQuirks';
import { FhirError, asFhirError, isObject, kindForStatus, outcomeIssues } from './errors';
import {
  resolveOnBase,
  type FhirRequest,
  type FhirResponse,
  type FhirTransport,
} from './transport';

/**
 * Reads that start together travel together: GETs issued in the same turn of the event loop are
 * sent as one FHIR `batch` Bundle (FHIR R4 http.html#transaction), one request and one CORS
 * preflight instead of one of each per read. Each entry keeps its own status, so one refused read
 * still degrades on its own, and each answer goes through the same checks as a direct GET (the
 * callers cannot tell the difference).
 *
 * Not every EHR takes a batch of reads (readQuirks.refusesBatch). Any answer that is not a
 * well-formed batch-response, other than a 401 or a cancel, sends the same reads one by one; a
 * refusal also has this server remembered (for this tab and, by its URL only, in localStorage)
 * so the next launch does not try again. Writes are never batched, nor anonymous reads
 * (`metadata`: a CORS simple request already, see FhirRequest.anonymous).
 */

interface Pending {
  req: FhirRequest;
  resolve: (response: FhirResponse) => void;
  reject: (error: unknown) => void;
}

export interface BatchMemory {
  refuses(baseUrl: string): boolean;
  remember(baseUrl: string): void;
}

const STORAGE_PREFIX = 'heroin-education:no-batch:';

/** Remembers servers that refused a batch: no PHI, only the FHIR base URL. */
export function browserBatchMemory(): BatchMemory {
  const inTab = new Set<string>();
  const storage = (): Storage | undefined => {
    try {
      return globalThis.localStorage;
    } catch {
      return undefined; // storage disabled (privacy mode, sandboxed frame)
    }
  };
  return {
    refuses: (baseUrl) =>
      inTab.has(baseUrl) || storage()?.getItem(STORAGE_PREFIX + baseUrl) === '1',
    remember: (baseUrl) => {
      inTab.add(baseUrl);
      try {
        storage()?.setItem(STORAGE_PREFIX + baseUrl, '1');
      } catch {
        // quota or disabled storage: the tab still remembers
      }
    },
  };
}

export function batchingReads(
  transport: FhirTransport,
  memory: BatchMemory = browserBatchMemory(),
): FhirTransport {
  let queue: Pending[] = [];

  const direct = (item: Pending) => {
    transport.request(item.req).then(item.resolve, item.reject);
  };

  async function sendBatch(items: Pending[]): Promise<void> {
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: items.map(({ req }) => ({ request: { method: 'GET', url: relativeTo(req.url) } })),
    };
    let entries: unknown[];
    try {
      const response = await transport.request<unknown>({
        method: 'POST',
        url: transport.baseUrl,
        body: bundle,
      });
      entries = batchEntries(response.body, items.length);
    } catch (thrown) {
      if (thrown instanceof FhirError && thrown.kind === 'unauthorized') {
        for (const item of items) item.reject(thrown);
        return;
      }
      // The reads go one by one now; a refusal, not an outage, is remembered for the next launch.
      if (refusesBatch(thrown)) memory.remember(transport.baseUrl);
      for (const item of items) direct(item);
      return;
    }
    items.forEach((item, i) => settle(item, entries[i]));
  }

  function relativeTo(url: string): string {
    const base = transport.baseUrl.endsWith('/') ? transport.baseUrl : `${transport.baseUrl}/`;
    return resolveOnBase(transport.baseUrl, url).slice(base.length);
  }

  function flush() {
    const items = queue.filter(({ req, reject }) => {
      if (!req.signal?.aborted) return true;
      reject(new FhirError({ kind: 'aborted' }));
      return false;
    });
    queue = [];
    if (items.length === 1 && items[0]) direct(items[0]);
    else if (items.length > 1) void sendBatch(items);
  }

  const tokenForShareCheck = transport.tokenForShareCheck?.bind(transport);
  return {
    baseUrl: transport.baseUrl,
    ...(tokenForShareCheck ? { tokenForShareCheck } : {}),
    request<T>(req: FhirRequest): Promise<FhirResponse<T>> {
      if (
        req.method !== 'GET' ||
        req.headers ||
        req.anonymous ||
        req.alone ||
        memory.refuses(transport.baseUrl)
      ) {
        return transport.request<T>(req);
      }
      // Refuses a URL off the base before anything is queued, as a direct request would.
      try {
        relativeTo(req.url);
      } catch (refused) {
        return Promise.reject(asFhirError(refused));
      }
      return new Promise<FhirResponse<T>>((resolve, reject) => {
        if (!queue.length) setTimeout(flush, 0);
        queue.push({ req, resolve: resolve as Pending['resolve'], reject });
      });
    },
  };
}

function batchEntries(body: unknown, expected: number): unknown[] {
  if (!isObject(body) || body.resourceType !== 'Bundle' || body.type !== 'batch-response') {
    throw new FhirError({ kind: 'malformed', detail: 'expected a batch-response Bundle' });
  }
  const entries = Array.isArray(body.entry) ? (body.entry as unknown[]) : [];
  if (entries.length !== expected) {
    throw new FhirError({ kind: 'malformed', detail: 'batch-response has the wrong entry count' });
  }
  return entries;
}

/** Entry i answers request i (FHIR R4 Bundle rules): a 2xx resolves, anything else rejects. */
function settle(item: Pending, entry: unknown): void {
  const { status, response } = entryResponse(entry);
  if (status >= 200 && status < 300) {
    item.resolve({
      status,
      headers: new Headers(),
      body: isObject(entry) ? entry.resource : undefined,
    });
    return;
  }
  if (!status) {
    item.reject(new FhirError({ kind: 'malformed', detail: 'a batch entry without a status' }));
    return;
  }
  item.reject(
    new FhirError({
      kind: kindForStatus(status),
      status,
      issues: outcomeIssues(isObject(entry) ? (entry.resource ?? response.outcome) : undefined),
    }),
  );
}
