import { describe, expect, it } from 'vitest';
import { batchingReads, type BatchMemory } from './batchReads';
import { FhirError } from './errors';
import type { FhirRequest, FhirResponse, FhirTransport } from './transport';

const BASE = 'http://ehr.test/fhir';

const asError = (thrown: unknown): Error =>
  thrown instanceof Error ? thrown : new Error(String(thrown));

type Answer = (req: FhirRequest) => unknown;

/** A transport that records what is sent and answers from `answer` (a thrown value rejects). */
function fakeTransport(answer: Answer) {
  const sent: FhirRequest[] = [];
  const transport: FhirTransport = {
    baseUrl: BASE,
    request<T>(req: FhirRequest): Promise<FhirResponse<T>> {
      sent.push(req);
      try {
        return Promise.resolve({ status: 200, headers: new Headers(), body: answer(req) as T });
      } catch (thrown) {
        return Promise.reject(asError(thrown));
      }
    },
  };
  return { transport, sent };
}

function memory(): BatchMemory & { remembered: string[] } {
  const remembered: string[] = [];
  return {
    remembered,
    refuses: (base) => remembered.includes(base),
    remember: (base) => void remembered.push(base),
  };
}

const patient = { resourceType: 'Patient', id: 'p1' };
const conditions = { resourceType: 'Bundle', type: 'searchset', entry: [] };

function batchResponse(...entries: unknown[]) {
  return { resourceType: 'Bundle', type: 'batch-response', entry: entries };
}

const honest: Answer = (req) =>
  req.method === 'POST'
    ? batchResponse(
        { resource: patient, response: { status: '200 OK' } },
        { resource: conditions, response: { status: '200' } },
      )
    : req.url.startsWith('Patient')
      ? patient
      : conditions;

describe('batchingReads', () => {
  it('sends reads started together as one batch Bundle, each answered from its own entry', async () => {
    const { transport, sent } = fakeTransport(honest);
    const t = batchingReads(transport, memory());
    const [a, b] = await Promise.all([
      t.request({ method: 'GET', url: 'Patient/p1' }),
      t.request({ method: 'GET', url: `${BASE}/Condition?patient=p1` }),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: BASE,
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: 'Patient/p1' } },
          { request: { method: 'GET', url: 'Condition?patient=p1' } },
        ],
      },
    });
    expect(a.body).toEqual(patient);
    expect(b.body).toEqual(conditions);
  });

  it('an entry refused with 403 fails only that read, as forbidden, with its issues', async () => {
    const { transport } = fakeTransport(() =>
      batchResponse(
        { resource: patient, response: { status: '200 OK' } },
        {
          response: {
            status: '403 Forbidden',
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'scope' }],
            },
          },
        },
      ),
    );
    const t = batchingReads(transport, memory());
    const [a, b] = await Promise.allSettled([
      t.request({ method: 'GET', url: 'Patient/p1' }),
      t.request({ method: 'GET', url: 'Condition?patient=p1' }),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({
      status: 'rejected',
      reason: { kind: 'forbidden', status: 403, issues: ['error: scope'] },
    });
  });

  it('an entry without a status is malformed, never a success', async () => {
    const { transport } = fakeTransport(() =>
      batchResponse({ resource: patient, response: { status: '200' } }, { resource: patient }),
    );
    const t = batchingReads(transport, memory());
    const results = await Promise.allSettled([
      t.request({ method: 'GET', url: 'Patient/p1' }),
      t.request({ method: 'GET', url: 'Condition?patient=p1' }),
    ]);
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { kind: 'malformed' } });
  });

  it.each([
    ['405 (no batch on this server)', new FhirError({ kind: 'unprocessable', status: 405 })],
    ['a Bundle that is not a batch-response', { resourceType: 'Bundle', type: 'searchset' }],
    ['the wrong number of entries', batchResponse({ response: { status: '200' } })],
  ])('refused by %s: the reads go one by one, and the server is remembered', async (_, answer) => {
    const { transport, sent } = fakeTransport((req) => {
      if (req.method !== 'POST') return honest(req);
      if (answer instanceof Error) throw answer;
      return answer;
    });
    const mem = memory();
    const t = batchingReads(transport, mem);
    const [a, b] = await Promise.all([
      t.request({ method: 'GET', url: 'Patient/p1' }),
      t.request({ method: 'GET', url: 'Condition?patient=p1' }),
    ]);
    expect(a.body).toEqual(patient);
    expect(b.body).toEqual(conditions);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${BASE}`,
      'GET Patient/p1',
      'GET Condition?patient=p1',
    ]);
    expect(mem.remembered).toEqual([BASE]);

    sent.length = 0;
    await Promise.all([
      t.request({ method: 'GET', url: 'Patient/p1' }),
      t.request({ method: 'GET', url: 'Condition?patient=p1' }),
    ]);
    expect(sent.map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('an outage (503) sends the reads one by one but does not mark the server as refusing', async () => {
    const { transport, sent } = fakeTransport((req) => {
      if (req.method === 'POST') throw new FhirError({ kind: 'server', status: 503 });
      return honest(req);
    });
    const mem = memory();
    const t = batchingReads(transport, mem);
    await Promise.all([
      t.request({ method: 'GET', url: 'Patient/p1' }),
      t.request({ method: 'GET', url: 'Condition?patient=p1' }),
    ]);
    expect(sent).toHaveLength(3);
    expect(mem.remembered).toEqual([]);
  });

  it('a 401 on the batch fails every read as unauthorized and sends nothing more', async () => {
    const { transport, sent } = fakeTransport(() => {
      throw new FhirError({ kind: 'unauthorized', status: 401 });
    });
    const t = batchingReads(transport, memory());
    const results = await Promise.allSettled([
      t.request({ method: 'GET', url: 'Patient/p1' }),
      t.request({ method: 'GET', url: 'Condition?patient=p1' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results[0]).toMatchObject({ reason: { kind: 'unauthorized' } });
    expect(sent).toHaveLength(1);
  });

  it('a read marked alone (the Patient the banner waits for) is sent beside the batch, not in it', async () => {
    const { transport, sent } = fakeTransport((req) =>
      req.method === 'POST'
        ? batchResponse(
            { resource: conditions, response: { status: '200' } },
            { resource: conditions, response: { status: '200' } },
          )
        : patient,
    );
    const t = batchingReads(transport, memory());
    await Promise.all([
      t.request({ method: 'GET', url: 'Patient/p1', alone: true }),
      t.request({ method: 'GET', url: 'Condition?patient=p1' }),
      t.request({ method: 'GET', url: 'Procedure?patient=p1' }),
    ]);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(['GET Patient/p1', `POST ${BASE}`]);
  });

  it('a read alone, a write, or a read with its own headers goes straight through', async () => {
    const { transport, sent } = fakeTransport(honest);
    const t = batchingReads(transport, memory());
    await t.request({ method: 'GET', url: 'Patient/p1' });
    await Promise.all([
      t.request({ method: 'POST', url: 'DocumentReference', body: {} }),
      t.request({ method: 'GET', url: 'Patient/p1', headers: { Accept: 'text/plain' } }),
    ]);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET Patient/p1',
      'POST DocumentReference',
      'GET Patient/p1',
    ]);
  });

  it('keeps the token hand-over for the share check of the transport it wraps', async () => {
    const { transport } = fakeTransport(honest);
    const t = batchingReads(
      { ...transport, tokenForShareCheck: () => Promise.resolve('tok') },
      memory(),
    );
    expect(await t.tokenForShareCheck?.()).toBe('tok');
  });

  it('a URL on another server is refused at once, before anything is queued or sent', async () => {
    const { transport, sent } = fakeTransport(honest);
    const t = batchingReads(transport, memory());
    await expect(
      t.request({ method: 'GET', url: 'http://evil.test/fhir/Patient/p1' }),
    ).rejects.toMatchObject({ kind: 'refused' });
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toEqual([]);
  });

  it('a read cancelled before the batch leaves is not sent', async () => {
    const { transport, sent } = fakeTransport(honest);
    const t = batchingReads(transport, memory());
    const cancel = new AbortController();
    const cancelled = t.request({
      method: 'GET',
      url: 'Condition?patient=p1',
      signal: cancel.signal,
    });
    const kept = t.request({ method: 'GET', url: 'Patient/p1' });
    cancel.abort();
    await expect(cancelled).rejects.toMatchObject({ kind: 'aborted' });
    expect((await kept).body).toEqual(patient);
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(['GET Patient/p1']);
  });
});
