import type { Bundle, Procedure, Provenance } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { attachEducation } from '../attach';
import { buildProvenance } from '../buildProvenance';
import { PLANS, context, instantRetry, makeRecord, testTransport } from '../testing/fixtures';
import type { FhirTestServer } from '../../../../tests/support/fhirTestServer';
import { useMswFhir } from '../../../../tests/support/mswFhir';
import type { WritePlan, WriteProgress } from '../types';

const IDENTIFIER = 'identifier=urn:ietf:rfc:3986|urn:uuid:3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';

function run(
  plan: WritePlan = PLANS.full,
  progress: WriteProgress = {},
  onProgress?: (p: WriteProgress) => void,
  grantedScopes: string[] = [],
) {
  return attachEducation({
    transport: testTransport(),
    context: { ...context, grantedScopes },
    plan,
    record: makeRecord(),
    progress,
    onProgress,
    retry: instantRetry(),
  });
}

function counts(server: FhirTestServer) {
  return {
    DocumentReference: server.all('DocumentReference').length,
    Procedure: server.all('Procedure').length,
    Provenance: server.all('Provenance').length,
  };
}

const ONE_EACH = { DocumentReference: 1, Procedure: 1, Provenance: 1 };

describe('full plan (one transaction)', () => {
  const { serve } = useMswFhir();

  // The first attach as a whole (one transaction, one look after, linked, valid) runs against
  // the sandbox's full profile: tests/integration/write/profileScenarios.test.ts.
  it("links the transaction's entries by urn:uuid fullUrls, each with its own ifNoneExist", async () => {
    const server = serve({ transactions: true });
    await run();
    const bundle = server.log[0]?.body as Bundle;
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => e.fullUrl)).toEqual([
      expect.stringMatching(/^urn:uuid:/),
      expect.stringMatching(/^urn:uuid:/),
      expect.stringMatching(/^urn:uuid:/),
    ]);
    expect(bundle.entry?.map((e) => decodeURIComponent(e.request?.ifNoneExist ?? ''))).toEqual([
      IDENTIFIER,
      IDENTIFIER,
      '_tag=https://github.com/heroin-education-smart-app/record-key|urn:uuid:3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b',
    ]);
    expect((bundle.entry?.[1]?.resource as Procedure).report?.[0]?.reference).toBe(
      bundle.entry?.[0]?.fullUrl,
    );
    expect((bundle.entry?.[2]?.resource as Provenance).target?.map((t) => t.reference)).toEqual([
      bundle.entry?.[0]?.fullUrl,
      bundle.entry?.[1]?.fullUrl,
    ]);
  });

  it('a 503 then success: looks once, then sends the transaction again', async () => {
    const server = serve({ transactions: true });
    server.fail('POST ', { status: 503 });
    const outcome = await run();
    expect(outcome.complete).toBe(true);
    expect(counts(server)).toEqual(ONE_EACH);
    expect(server.lines().filter((l) => l.startsWith('POST'))).toHaveLength(2);
    expect(outcome.requests).toBe(server.log.length);
  });

  it('without declared conditional create: looks first, sends no ifNoneExist', async () => {
    const server = serve({ transactions: true, conditionalCreate: false });
    const plan: WritePlan = {
      ...PLANS.full,
      conditionalCreate: { DocumentReference: false, Procedure: false, Provenance: false },
    };
    const first = await run(plan);
    expect(first.complete).toBe(true);
    const bundle = server.log.findLast((r) => r.method === 'POST')?.body as Bundle;
    expect(bundle.entry?.every((e) => e.request?.ifNoneExist === undefined)).toBe(true);
    server.log.length = 0;
    const second = await run(plan);
    expect(second.steps.map((s) => s.status)).toEqual(['existing', 'existing', 'existing']);
    // looks only; the Provenance too, as the server did not say what it granted
    expect(server.lines().map((l) => l.split('?')[0])).toEqual([
      'GET DocumentReference',
      'GET Procedure',
      'GET Provenance',
    ]);
    expect(counts(server)).toEqual(ONE_EACH);
  });

  it('entries without resources: each is read back from its location and proven ours', async () => {
    const server = serve({ transactions: true });
    const key = makeRecord().idempotencyKey;
    const identifier = [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${key}` }];
    const doc = server.seed({
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: 'Patient/pat-1' },
      identifier,
      content: [],
    });
    const procedure = server.seed({
      resourceType: 'Procedure',
      status: 'completed',
      subject: { reference: 'Patient/pat-1' },
      identifier,
    });
    server.fail('POST ', {
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: [
          {
            response: { status: '201 Created', location: `DocumentReference/${doc.id}/_history/1` },
          },
          {
            response: {
              status: '201 Created',
              location: `http://ehr.test/fhir/Procedure/${procedure.id}/_history/1`,
            },
          },
          { response: { status: '201', location: 'Provenance/v9' } },
        ],
      },
    });
    const outcome = await run();
    expect(server.lines().slice(1, 3)).toEqual([
      `GET DocumentReference/${doc.id}`,
      `GET Procedure/${procedure.id}`,
    ]);
    expect(outcome.progress).toEqual({
      attempted: true,
      documentReference: doc.id,
      procedure: procedure.id,
      provenance: 'v9',
    });
  });

  it('entry locations where nothing of ours is stored: not confirmed, nothing claimed', async () => {
    const server = serve({ transactions: true });
    server.fail('POST ', {
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: [
          { response: { status: '201 Created', location: 'DocumentReference/d9/_history/1' } },
          { response: { status: '201 Created', location: 'Procedure/p9/_history/1' } },
          { response: { status: '201', location: 'Provenance/v9' } },
        ],
      },
    });
    const outcome = await run();
    expect(outcome.complete).toBe(false);
    expect(outcome.progress).toEqual({ attempted: true });
    expect(outcome.steps[0]?.error).toMatchObject({ kind: 'unconfirmed' });
  });

  it('a transaction-response of 200 whose entries say 422: not confirmed, nothing claimed', async () => {
    const server = serve({ transactions: true });
    server.fail('POST ', {
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: [
          { response: { status: '422 Unprocessable Entity', location: 'DocumentReference/1' } },
          { response: { status: '422 Unprocessable Entity', location: 'Procedure/2' } },
          { response: { status: '422 Unprocessable Entity', location: 'Provenance/3' } },
        ],
      },
    });
    const outcome = await run();
    expect(outcome.complete).toBe(false);
    expect(outcome.progress).toEqual({ attempted: true });
    expect(outcome.steps.map((s) => [s.status, s.error?.kind, s.error?.status])).toEqual([
      ['failed', 'unconfirmed', 422],
      ['failed', 'unconfirmed', 422],
      ['failed', 'unconfirmed', 422],
    ]);
  });

  it('a transaction-response it cannot read is malformed, and nothing is claimed written', async () => {
    const server = serve({ transactions: true });
    server.fail('POST ', {
      status: 200,
      body: { resourceType: 'Bundle', type: 'transaction-response', entry: [] },
    });
    const outcome = await run();
    expect(outcome.complete).toBe(false);
    expect(outcome.steps.map((s) => [s.status, s.error?.kind])).toEqual([
      ['failed', 'malformed'],
      ['failed', 'malformed'],
      ['failed', 'malformed'],
    ]);
    // no ids, only the note that something was sent (the next run looks first)
    expect(outcome.progress).toEqual({ attempted: true });
  });

  it('a refused transaction fails every step with the OperationOutcome, nothing stored', async () => {
    const server = serve({
      transactions: true,
      validate: (r) => (r.resourceType === 'Procedure' ? ['Procedure.code: unknown concept'] : []),
    });
    const outcome = await run();
    expect(outcome.complete).toBe(false);
    expect(outcome.steps[0]?.error).toMatchObject({
      kind: 'unprocessable',
      status: 422,
      issues: ['error: Procedure.code: unknown concept'],
    });
    expect(counts(server)).toEqual({ DocumentReference: 0, Procedure: 0, Provenance: 0 });
    expect(server.log).toHaveLength(1);
  });

  it('resume: looks first, then sends only what is missing, pointing at the stored DocumentReference', async () => {
    const server = serve({ transactions: true });
    const doc = server.seed({ resourceType: 'DocumentReference', status: 'current', content: [] });
    const outcome = await run(PLANS.full, { attempted: true, documentReference: doc.id });
    expect(outcome.steps.map((s) => [s.resource, s.status])).toEqual([
      ['DocumentReference', 'existing'],
      ['Procedure', 'created'],
      ['Provenance', 'created'],
    ]);
    // no Procedure of ours: that DocumentReference was not from a whole transaction
    expect(server.lines().map((l) => l.split('?')[0])).toEqual([
      'GET Procedure',
      'GET Procedure',
      'POST ',
    ]);
    const bundle = server.log.at(-1)?.body as Bundle;
    expect(bundle.entry?.map((e) => e.request?.url)).toEqual(['Procedure', 'Provenance']);
    expect((bundle.entry?.[0]?.resource as Procedure).report).toEqual([
      { reference: `DocumentReference/${doc.id}` },
    ]);
    expect(decodeURIComponent(bundle.entry?.[1]?.request?.ifNoneExist ?? '')).toBe(
      `_tag=https://github.com/heroin-education-smart-app/record-key|urn:uuid:${makeRecord().idempotencyKey}`,
    );
    expect(server.all('DocumentReference')).toHaveLength(1);
  });

  it('a rerun after a lost answer (progress says attempted): looks, finds all, sends nothing', async () => {
    const server = serve({ transactions: true });
    // stored, answer lost; then the network stays down for the looks of both retries
    server.fail('POST ', 'store-then-network');
    server.fail('GET ', 'network', 2);
    const first = await run();
    expect(first.complete).toBe(false);
    expect(first.steps.map((s) => s.error?.kind)).toEqual(['network', 'network', 'network']);
    expect(first.progress).toEqual({ attempted: true });
    expect(counts(server)).toEqual(ONE_EACH);
    server.log.length = 0;
    const second = await run(PLANS.full, first.progress, undefined, [
      'patient/DocumentReference.c',
      'patient/Procedure.c',
      'patient/Provenance.c',
    ]);
    expect(second.complete).toBe(true);
    expect(second.steps.map((s) => [s.resource, s.status, s.id !== undefined])).toEqual([
      ['DocumentReference', 'existing', true],
      ['Procedure', 'existing', true],
      // the app may not search Provenance (no Provenance.rs): known to exist, id unknown
      ['Provenance', 'existing', false],
    ]);
    expect(server.lines().every((l) => l.startsWith('GET'))).toBe(true);
    expect(counts(server)).toEqual(ONE_EACH);
  });

  it('an earlier Provenance by the same clinician in the same second (another record) is not taken for ours', async () => {
    const server = serve({ transactions: true });
    const other = buildProvenance(
      makeRecord({ idempotencyKey: '99999999-8b7d-4c6e-9a1b-2c3d4e5f6a7b' }),
      ['DocumentReference/elsewhere'],
    );
    const seeded = server.seed(other);
    const outcome = await run();
    expect(outcome.complete).toBe(true);
    expect(outcome.progress.provenance).not.toBe(seeded.id);
    // the record-key tag tells them apart inside the transaction: one write, one look after
    expect(server.lines().map((l) => l.split('?')[0])).toEqual(['POST ', 'GET DocumentReference']);
    const ours = server
      .all('Provenance')
      .find((p) => p.id === outcome.progress.provenance) as Provenance;
    expect(ours.target?.[0]?.reference).toBe(
      `DocumentReference/${outcome.progress.documentReference}`,
    );
  });

  it('without the Procedure scope: DocumentReference and Provenance only', async () => {
    const server = serve({ transactions: true });
    const outcome = await attachEducation({
      transport: testTransport(),
      context: {
        ...context,
        grantedScopes: ['patient/DocumentReference.c', 'patient/Provenance.c'],
      },
      plan: PLANS.full,
      record: makeRecord(),
      progress: {},
    });
    expect(outcome.complete).toBe(true);
    expect(outcome.steps.map((s) => [s.resource, s.status])).toEqual([
      ['DocumentReference', 'created'],
      ['Provenance', 'created'],
      ['Procedure', 'skipped'],
    ]);
    expect(counts(server)).toEqual({ DocumentReference: 1, Procedure: 0, Provenance: 1 });
  });
});
