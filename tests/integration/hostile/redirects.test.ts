import { afterEach, describe, expect, it } from 'vitest';
import { readCapabilityStatement } from '../../../src/fhir/capabilities';
import type { LaunchContext } from '../../../src/fhir/context';
import { FhirError } from '../../../src/fhir/errors';
import { readPatient, searchConditions } from '../../../src/fhir/reads/chartReads';
import { refuseRedirects } from '../../../src/fhir/refuseRedirects';
import { createTransport } from '../../../src/fhir/transport';
import { attachEducation } from '../../../src/fhir/write/attach';
import { PLANS, instantRetry, makeRecord } from '../../../src/fhir/write/testing/fixtures';
import { fakeAuth } from '../../support/fakeAuth';
import { startHostileEhr, type HostileEhr, type HostileOptions } from '../../hostile/hostileEhr';

/**
 * Issue 13, "no redirects": real HTTP, real fetch (Node's, which follows redirects by default
 * and has no CSP), so only the app's own refusal stands between a 3xx and the foreign server.
 */

let ehr: HostileEhr | undefined;
afterEach(async () => {
  await ehr?.close();
  ehr = undefined;
});

async function start(options: HostileOptions) {
  ehr = await startHostileEhr(options);
  const context: LaunchContext = {
    serverUrl: ehr.baseUrl,
    patientId: 'pat-1',
    encounterId: 'enc-1',
    fhirUser: 'Practitioner/pr-chen',
    grantedScopes: [],
    needPatientBanner: true,
  };
  ehr.seed({ resourceType: 'Patient', id: 'pat-1', name: [{ text: 'Pat One' }] });
  return { ehr, context, transport: createTransport(ehr.baseUrl, fakeAuth()) };
}

async function rejection(promise: Promise<unknown>): Promise<FhirError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FhirError);
  return error as FhirError;
}

describe('a 3xx from the EHR is refused, never followed (CSP off)', () => {
  it('read: a 302 on Patient/<id> is refused and the foreign patient is never fetched', async () => {
    const { ehr, context, transport } = await start({ redirect: ['read'] });
    const error = await rejection(readPatient(transport, context));
    expect(error).toMatchObject({ kind: 'redirected', status: 302 });
    expect(ehr.seen.map((r) => r.path)).toEqual(['Patient/pat-1']);
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('search: a 302 on a Condition search is refused; no foreign Condition is shown', async () => {
    const { ehr, context, transport } = await start({ redirect: ['search'] });
    const error = await rejection(searchConditions(transport, context));
    expect(error.kind).toBe('redirected');
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('paging: a 302 on the next page (on the base) is refused', async () => {
    const { ehr, context, transport } = await start({ redirect: ['paging'] });
    const error = await rejection(searchConditions(transport, context));
    expect(error.kind).toBe('redirected');
    expect(ehr.seen.map((r) => r.path.split('?')[0])).toEqual(['Condition', 'Condition']);
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('a next link to another server is refused before any request', async () => {
    const { ehr, context, transport } = await start({ nextLure: true });
    const error = await rejection(searchConditions(transport, context));
    expect(error.kind).toBe('refused');
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('Binary: a 302 on a Binary read is refused', async () => {
    const { ehr, transport } = await start({ redirect: ['binary'] });
    const error = await rejection(transport.request({ method: 'GET', url: 'Binary/1-0' }));
    expect(error.kind).toBe('redirected');
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('metadata: a 302 on the CapabilityStatement is refused (no statement: the cautious plan)', async () => {
    const { ehr, transport } = await start({ redirect: ['metadata'] });
    const error = await rejection(transport.request({ method: 'GET', url: 'metadata' }));
    expect(error.kind).toBe('redirected');
    await expect(readCapabilityStatement(transport)).resolves.toBeUndefined();
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('create: a 307 on the DocumentReference POST sends nothing on and claims nothing saved', async () => {
    const { ehr, context, transport } = await start({ redirect: ['create'] });
    const outcome = await attachEducation({
      transport,
      context,
      plan: PLANS.noTransaction,
      record: makeRecord(),
      progress: {},
      retry: instantRetry(),
    });
    expect(outcome.complete).toBe(false);
    expect(outcome.progress.documentReference).toBeUndefined();
    expect(outcome.steps[0]).toMatchObject({ status: 'failed', error: { kind: 'redirected' } });
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('transaction: a 307 on the transaction POST sends nothing on and claims nothing saved', async () => {
    const { ehr, context, transport } = await start({ redirect: ['transaction'] });
    const outcome = await attachEducation({
      transport,
      context,
      plan: PLANS.full,
      record: makeRecord(),
      progress: {},
      retry: instantRetry(),
    });
    expect(outcome.complete).toBe(false);
    expect(outcome.progress.documentReference).toBeUndefined();
    expect(outcome.steps.every((s) => s.status === 'failed')).toBe(true);
    expect(ehr.foreignSeen).toEqual([]);
  });
});

describe("fhirclient's own requests (discovery, token, refresh) refuse redirects", () => {
  it('a fetch without its own redirect mode rejects on a 3xx and never reaches the target', async () => {
    const { ehr } = await start({ redirect: ['metadata', 'create'] });
    const target = { fetch: globalThis.fetch };
    refuseRedirects(target);
    await expect(target.fetch(`${ehr.baseUrl}/metadata`)).rejects.toThrow(TypeError);
    await expect(
      target.fetch(`${ehr.baseUrl}/Token`, { method: 'POST', body: 'refresh_token=secret' }),
    ).rejects.toThrow(TypeError);
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('keeps a redirect mode the caller chose', async () => {
    const { ehr } = await start({ redirect: ['metadata'] });
    const target = { fetch: globalThis.fetch };
    refuseRedirects(target);
    const response = await target.fetch(`${ehr.baseUrl}/metadata`, { redirect: 'manual' });
    expect(response.status).toBe(302);
  });
});
