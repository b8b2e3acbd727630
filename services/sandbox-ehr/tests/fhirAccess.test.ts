import type { Bundle, Condition, OperationOutcome, Practitioner } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirResponse, TestSandbox } from './harness';
import { APP_ORIGIN, adminToken, diagnostics, fhir, getTokens, startTestSandbox } from './harness';

let sandbox: TestSandbox;
let token: string;
let base: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  base = sandbox.base('full');
  token = (await getTokens(sandbox, { patient: 'pat-oud-bup' })).access_token;
});
afterAll(() => sandbox.dispose());

describe('authentication', () => {
  it('answers 401 with an OperationOutcome and WWW-Authenticate without a token', async () => {
    const { status, headers, body } = await fhir<OperationOutcome>(
      base,
      'Patient/pat-oud-bup',
      undefined,
    );
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(headers.get('content-type')).toContain('application/fhir+json');
    expect(body?.resourceType).toBe('OperationOutcome');
  });

  it('answers 401 for an unknown token', async () => {
    expect((await fhir(base, 'Patient/pat-oud-bup', 'not-a-token')).status).toBe(401);
  });

  it('refuses a token on a base other than its aud', async () => {
    expect((await fhir(sandbox.base('notes-only'), 'Patient/pat-oud-bup', token)).status).toBe(401);
  });
});

describe('patient compartment', () => {
  it("refuses to read another patient's Condition", async () => {
    const { status, body } = await fhir(base, 'Condition/cond-oud-remission', token);
    expect(status).toBe(403);
    expect(diagnostics(body)).toContain('outside');
  });

  it('refuses to read another Patient', async () => {
    expect((await fhir(base, 'Patient/pat-french', token)).status).toBe(403);
  });

  it('refuses a search naming another patient', async () => {
    for (const query of [
      'Condition?patient=pat-french',
      'Condition?subject=Patient/pat-french',
      'Patient?_id=pat-french',
    ]) {
      expect((await fhir(base, query, token)).status, query).toBe(403);
    }
  });

  it('confines a search without a patient to the launch patient', async () => {
    const { status, body } = await fhir<Bundle<Condition>>(base, 'Condition', token);
    expect(status).toBe(200);
    const subjects = (body?.entry ?? []).map((e) => e.resource?.subject?.reference);
    expect(subjects.length).toBeGreaterThan(0);
    expect(new Set(subjects)).toEqual(new Set(['Patient/pat-oud-bup']));
  });

  it('normalises a bare patient id in reference search parameters', async () => {
    const bare = await fhir<Bundle<Condition>>(base, 'Condition?patient=pat-oud-bup', token);
    const typed = await fhir<Bundle<Condition>>(
      base,
      'Condition?patient=Patient/pat-oud-bup',
      token,
    );
    expect(bare.body?.total).toBeGreaterThan(0);
    expect(bare.body?.total).toBe(typed.body?.total);
    const encounter = await fhir<Bundle>(base, 'Encounter?subject=pat-oud-bup', token);
    expect(encounter.body?.total).toBe(1);
    const byEncounter = await fhir<Bundle>(
      base,
      'Condition?encounter=enc-none&patient=pat-oud-bup',
      token,
    );
    expect(byEncounter.status).toBe(200);
  });
});

describe('scopes', () => {
  it('answers 403 naming the missing scope', async () => {
    const denied = await getTokens(sandbox, { knobs: { deny_scopes: 'patient/Condition.rs' } });
    const { status, body } = await fhir(base, 'Condition?patient=pat-oud-bup', denied.access_token);
    expect(status).toBe(403);
    expect(diagnostics(body)).toContain('patient/Condition.rs');
  });

  it('needs .c to create', async () => {
    const readOnly = await getTokens(sandbox, { scope: 'launch patient/DocumentReference.rs' });
    const { status, body } = await fhir(base, 'DocumentReference', readOnly.access_token, {
      body: {
        resourceType: 'DocumentReference',
        status: 'current',
        subject: { reference: 'Patient/pat-oud-bup' },
        content: [],
      },
    });
    expect(status).toBe(403);
    expect(diagnostics(body)).toContain('patient/DocumentReference.c');
  });

  it('lets the signed-in user read their own Practitioner with openid fhirUser only', async () => {
    const own = await fhir<Practitioner>(base, 'Practitioner/pr-chen', token);
    expect(own.status).toBe(200);
    expect(own.body?.name?.[0]?.text).toBe('Dr. Alice Chen, MD');
    const other = await fhir(base, 'Practitioner/pr-okafor', token);
    expect(other.status).toBe(403);
    const user = await getTokens(sandbox, { scope: 'launch user/Practitioner.rs' });
    expect((await fhir(base, 'Practitioner/pr-okafor', user.access_token)).status).toBe(200);
  });

  it('reads Encounter only with an Encounter scope', async () => {
    expect((await fhir(base, 'Encounter/enc-oud-bup', token)).status).toBe(200);
    const noEncounter = await getTokens(sandbox, { scope: 'launch patient/Patient.rs' });
    expect((await fhir(base, 'Encounter/enc-oud-bup', noEncounter.access_token)).status).toBe(403);
  });
});

describe('search results', () => {
  it('pages with absolute next links on the same base', async () => {
    const admin = await adminToken(sandbox);
    const first = await fhir<Bundle>(base, 'Condition?_count=2', admin);
    expect(first.body?.type).toBe('searchset');
    expect(first.body?.entry).toHaveLength(2);
    const next = first.body?.link?.find((l) => l.relation === 'next')?.url ?? '';
    expect(next.startsWith(`${base}/Condition?`)).toBe(true);
    const seen = new Set(first.body?.entry?.map((e) => e.fullUrl));
    let url: string | undefined = next;
    while (url) {
      const page: FhirResponse<Bundle> = await fhir<Bundle>(
        base,
        url.slice(base.length + 1),
        admin,
      );
      page.body?.entry?.forEach((e) => seen.add(e.fullUrl));
      url = page.body?.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(seen.size).toBe(first.body?.total);
    expect([...seen].every((u) => u?.startsWith(`${base}/Condition/`))).toBe(true);
  });

  it('refuses an unknown search parameter rather than answering "nothing found"', async () => {
    const { status, body } = await fhir(
      base,
      'Condition?patient=pat-oud-bup&clinicalstatus=active',
      token,
    );
    expect(status).toBe(400);
    expect(diagnostics(body)).toContain('clinicalstatus');
    expect(
      (await fhir(base, 'Condition?patient=pat-oud-bup&clinical-status=active', token)).status,
    ).toBe(200);
  });

  it('serves _include=MedicationRequest:medication (US Core) and refuses other includes', async () => {
    const ok = await fhir<Bundle>(
      base,
      'MedicationRequest?patient=pat-oud-bup&_include=MedicationRequest:medication',
      token,
    );
    expect(ok.status).toBe(200);
    expect(ok.body?.entry?.some((e) => e.resource?.resourceType === 'MedicationRequest')).toBe(
      true,
    );
    const bad = await fhir(base, 'MedicationRequest?patient=pat-oud-bup&_include=*', token);
    expect(bad.status).toBe(400);
  });

  it('serves ETag on read', async () => {
    const { headers } = await fhir(base, 'Patient/pat-oud-bup', token);
    expect(headers.get('etag')).toMatch(/^W\/"/);
  });
});

describe('CORS', () => {
  it('answers a preflight from the app origin', async () => {
    const response = await fetch(`${base}/DocumentReference`, {
      method: 'OPTIONS',
      headers: {
        Origin: APP_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, if-none-exist',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/If-None-Exist/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('exposes Location and ETag to the app origin only', async () => {
    const ok = await fetch(`${base}/metadata`, { headers: { Origin: APP_ORIGIN } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/Location/);
    const other = await fetch(`${base}/metadata`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
