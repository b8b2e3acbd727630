import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import type { Bundle, Condition } from '@medplum/fhirtypes';
import { createTransport } from '../transport';
import { FhirError } from '../errors';
import type { LaunchContext } from '../context';
import {
  readPatient,
  searchConditions,
  searchMedicationDispenses,
  searchMedicationRequests,
  searchMedicationStatements,
} from './chartReads';
import { fakeAuth } from '../../../tests/support/fakeAuth';

const BASE = 'https://ehr.example.org/fhir';
const ctx: LaunchContext = {
  serverUrl: BASE,
  patientId: 'p1',
  grantedScopes: [],
  needPatientBanner: true,
};
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const transport = (timeoutMs = 2_000) => createTransport(BASE, fakeAuth(), { timeoutMs });

async function failure(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FhirError) return error;
    throw error;
  }
  throw new Error('expected a FhirError');
}

const outcome = (text: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'forbidden', diagnostics: text }],
});

describe('every read survives every fault with a typed error', () => {
  const cases: [string, () => Response | Promise<Response>, string, number | undefined][] = [
    ['401', () => HttpResponse.json(outcome('expired'), { status: 401 }), 'unauthorized', 401],
    ['403', () => HttpResponse.json(outcome('no scope'), { status: 403 }), 'forbidden', 403],
    ['404', () => new HttpResponse(null, { status: 404 }), 'not-found', 404],
    [
      '429',
      () => new HttpResponse('slow down', { status: 429, headers: { 'Retry-After': '7' } }),
      'rate-limited',
      429,
    ],
    ['500', () => HttpResponse.text('boom', { status: 500 }), 'server', 500],
    [
      '503 with an OperationOutcome',
      () => HttpResponse.json(outcome('maintenance'), { status: 503 }),
      'server',
      503,
    ],
    [
      'malformed JSON',
      () => new HttpResponse('{"resourceType": "Pat', { status: 200 }),
      'malformed',
      undefined,
    ],
    [
      'an OperationOutcome instead of the resource',
      () => HttpResponse.json(outcome('odd')),
      'malformed',
      undefined,
    ],
    ['network failure', () => HttpResponse.error(), 'network', undefined],
  ];

  for (const [name, respond, kind, status] of cases) {
    it(`Patient read: ${name}`, async () => {
      server.use(http.get(`${BASE}/Patient/p1`, respond));
      const error = await failure(readPatient(transport(), ctx));
      expect(error.kind).toBe(kind);
      if (status !== undefined) expect(error.status).toBe(status);
    });
    it(`Condition search: ${name}`, async () => {
      server.use(http.get(`${BASE}/Condition`, respond));
      const error = await failure(searchConditions(transport(), ctx));
      expect(error.kind).toBe(kind);
    });
  }

  it('surfaces OperationOutcome issues and Retry-After', async () => {
    server.use(
      http.get(`${BASE}/Patient/p1`, () =>
        HttpResponse.json(outcome('scope patient/Patient.rs missing'), { status: 403 }),
      ),
      http.get(
        `${BASE}/Condition`,
        () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }),
      ),
    );
    expect((await failure(readPatient(transport(), ctx))).issues).toEqual([
      'error: scope patient/Patient.rs missing',
    ]);
    expect((await failure(searchConditions(transport(), ctx))).retryAfterMs).toBe(7000);
  });

  it('times out a server that does not answer', async () => {
    server.use(
      http.get(`${BASE}/Patient/p1`, async () => {
        await delay(5_000);
        return HttpResponse.json({ resourceType: 'Patient', id: 'p1' });
      }),
    );
    const error = await failure(readPatient(transport(200), ctx));
    expect(error.kind).toBe('timeout');
  });

  it('reports a refused refresh as the end of the session, not an unknown error', async () => {
    server.use(
      http.get(`${BASE}/Patient/p1`, () =>
        HttpResponse.json({ resourceType: 'Patient', id: 'p1' }),
      ),
    );
    const expired = {
      ...fakeAuth(),
      refreshIfNeeded: () => Promise.reject(new Error('400 Bad Request: invalid_grant')),
    };
    const error = await failure(readPatient(createTransport(BASE, expired), ctx));
    expect(error.kind).toBe('unauthorized');
    const offline = {
      ...fakeAuth(),
      refreshIfNeeded: () => Promise.reject(new TypeError('Failed to fetch')),
    };
    expect((await failure(readPatient(createTransport(BASE, offline), ctx))).kind).toBe('network');
  });

  it('refreshes once on 401 when a refresh token exists', async () => {
    server.use(
      http.get(`${BASE}/Patient/p1`, ({ request }) =>
        request.headers.get('Authorization') === 'Bearer fresh'
          ? HttpResponse.json({ resourceType: 'Patient', id: 'p1' })
          : new HttpResponse(null, { status: 401 }),
      ),
    );
    const auth = fakeAuth('stale', 'fresh');
    const patient = await readPatient(createTransport(BASE, auth), ctx);
    expect(patient.id).toBe('p1');
    expect(auth.refreshes).toBe(1);
  });
});

function page(count: number, offset: number, next?: string): Bundle<Condition> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: Array.from({ length: count }, (_, i) => ({
      resource: {
        resourceType: 'Condition',
        id: `c${offset + i}`,
        subject: { reference: 'Patient/p1' },
        code: { text: 'x' },
      },
    })),
    link: next ? [{ relation: 'next', url: next }] : [],
  };
}

describe('searches', () => {
  it('handles an empty Bundle', async () => {
    server.use(
      http.get(`${BASE}/Condition`, () =>
        HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' }),
      ),
    );
    const result = await searchConditions(transport(), ctx);
    expect(result).toEqual({ matches: [], included: [], truncated: false });
  });

  it('follows next links: 300 entries across 3 pages', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/Condition`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.search);
        const pageNo = Number(url.searchParams.get('page') ?? '0');
        const next = pageNo < 2 ? `${BASE}/Condition?patient=p1&page=${pageNo + 1}` : undefined;
        return HttpResponse.json(page(100, pageNo * 100, next));
      }),
    );
    const result = await searchConditions(transport(), ctx);
    expect(result.matches).toHaveLength(300);
    expect(new Set(result.matches.map((c) => c.id)).size).toBe(300);
    expect(result.truncated).toBe(false);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toContain('patient=p1');
  });

  it('stops at the page bound and says so', async () => {
    server.use(
      http.get(`${BASE}/Condition`, ({ request }) => {
        const pageNo = Number(new URL(request.url).searchParams.get('page') ?? '0');
        return HttpResponse.json(page(10, pageNo * 10, `${BASE}/Condition?page=${pageNo + 1}`));
      }),
    );
    const result = await searchConditions(transport(), ctx);
    expect(result.matches).toHaveLength(50);
    expect(result.truncated).toBe(true);
  });

  it('never follows a next link to another server with the token', async () => {
    let leaked = false;
    server.use(
      http.get(`${BASE}/Condition`, () =>
        HttpResponse.json(page(1, 0, 'https://evil.example.com/fhir/Condition?page=1')),
      ),
      http.get('https://evil.example.com/*', () => {
        leaked = true;
        return HttpResponse.json(page(1, 1));
      }),
    );
    const error = await failure(searchConditions(transport(), ctx));
    expect(error.kind).toBe('refused');
    expect(leaked).toBe(false);
  });

  it('skips hostile entries: wrong types, missing ids, non-objects', async () => {
    server.use(
      http.get(`${BASE}/Condition`, () =>
        HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            {
              resource: {
                resourceType: 'Condition',
                id: 'ok',
                subject: { reference: 'Patient/p1' },
              },
            },
            { resource: { resourceType: 'Condition' } },
            { resource: 'not a resource' },
            null,
            { resource: { resourceType: 'Patient', id: 'p2' } },
          ],
        }),
      ),
    );
    const result = await searchConditions(transport(), ctx);
    expect(result.matches.map((c) => c.id)).toEqual(['ok']);
    expect(result.included.map((r) => r.resourceType)).toEqual(['Patient']);
  });

  it('keeps _include-d Medications beside the MedicationRequests', async () => {
    server.use(
      http.get(`${BASE}/MedicationRequest`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('_include')).toBe(
          'MedicationRequest:medication',
        );
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            {
              resource: {
                resourceType: 'MedicationRequest',
                id: 'mr',
                status: 'active',
                intent: 'order',
                subject: { reference: 'Patient/p1' },
                medicationReference: { reference: 'Medication/m' },
              },
              search: { mode: 'match' },
            },
            {
              resource: { resourceType: 'Medication', id: 'm', code: { text: 'Methadone' } },
              search: { mode: 'include' },
            },
          ],
        });
      }),
    );
    const result = await searchMedicationRequests(transport(), ctx);
    expect(result.matches).toHaveLength(1);
    expect(result.medications.map((m) => m.id)).toEqual(['m']);
  });
});

describe.each([
  ['MedicationStatement', searchMedicationStatements],
  ['MedicationDispense', searchMedicationDispenses],
] as const)('%s search', (type, search) => {
  it(`asks for ${type}:medication by patient and keeps only the launch patient's ${type}s`, async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${BASE}/${type}`, ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            {
              resource: {
                resourceType: type,
                id: 'mine',
                status: 'completed',
                subject: { reference: `${BASE}/Patient/p1` },
                medicationReference: { reference: 'Medication/m' },
              },
              search: { mode: 'match' },
            },
            {
              resource: {
                resourceType: type,
                id: 'theirs',
                status: 'completed',
                subject: { reference: 'Patient/p2' },
              },
              search: { mode: 'match' },
            },
            {
              resource: { resourceType: 'Medication', id: 'm', code: { text: 'Methadose' } },
              search: { mode: 'include' },
            },
          ],
        });
      }),
    );
    const result = await search(transport(), ctx);
    expect(asked[0]?.get('patient')).toBe('p1');
    expect(asked[0]?.get('_include')).toBe(`${type}:medication`);
    expect(result.matches.map((r) => r.id)).toEqual(['mine']);
    expect(result.medications.map((m) => m.id)).toEqual(['m']);
  });
});

it('refuses an id that is not a FHIR id before sending anything', async () => {
  const error = await failure(readPatient(transport(), { ...ctx, patientId: '../Patient?name=x' }));
  expect(error.kind).toBe('refused');
});

it('keeps only resources about the launch patient, and refuses a read answered with another', async () => {
  server.use(
    http.get(`${BASE}/Condition`, () =>
      HttpResponse.json({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'Condition',
              id: 'mine',
              subject: { reference: 'Patient/p1' },
            },
          },
          {
            resource: {
              resourceType: 'Condition',
              id: 'theirs',
              subject: { reference: 'Patient/p2' },
            },
          },
        ],
      }),
    ),
    http.get(`${BASE}/Patient/p1`, () => HttpResponse.json({ resourceType: 'Patient', id: 'p2' })),
  );
  expect((await searchConditions(transport(), ctx)).matches.map((c) => c.id)).toEqual(['mine']);
  expect((await failure(readPatient(transport(), ctx))).kind).toBe('malformed');
});
