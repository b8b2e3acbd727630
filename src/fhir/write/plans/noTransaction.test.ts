import type { Procedure } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { attachEducation } from '../attach';
import { PLANS, context, instantRetry, makeRecord, testTransport } from '../testing/fixtures';
import type { FhirTestServer } from '../../../../tests/support/fhirTestServer';
import { useMswFhir } from '../../../../tests/support/mswFhir';
import type { WritePlan, WriteProgress } from '../types';

function run(
  plan: WritePlan,
  progress: WriteProgress = {},
  onProgress?: (p: WriteProgress) => void,
) {
  return attachEducation({
    transport: testTransport(),
    context,
    plan,
    record: makeRecord(),
    progress,
    onProgress,
    retry: instantRetry(),
  });
}

const counts = (server: FhirTestServer) => [
  server.all('DocumentReference').length,
  server.all('Procedure').length,
  server.all('Provenance').length,
];
const paths = (server: FhirTestServer) => server.lines().map((l) => l.split('?')[0]);

// The shared scenarios (first attach, the same key twice, a lost answer) run against the
// sandbox's no-transaction profile: tests/integration/write/profileScenarios.test.ts. Here: what
// needs a server the sandbox is not (no conditional create, Prefer ignored, faults).
describe('no-transaction plan (separate creates, e.g. Oracle Health)', () => {
  const { serve } = useMswFhir();

  it('without Provenance in the plan: 2 creates and 2 looks after', async () => {
    const server = serve();
    const outcome = await run({ ...PLANS.noTransaction, provenance: false });
    expect(outcome.requests).toBe(4);
    expect(outcome.complete).toBe(true);
    expect(outcome.steps.at(-1)).toEqual({ resource: 'Provenance', status: 'skipped' });
    expect(counts(server)).toEqual([1, 1, 0]);
  });

  describe('without conditional create (look before writing)', () => {
    it('looks before and after each create: 10 requests on a fresh record', async () => {
      const server = serve({ conditionalCreate: false });
      const outcome = await run(PLANS.noTransactionLookFirst);
      expect(outcome.complete).toBe(true);
      expect(outcome.duplicates).toEqual([]);
      expect(paths(server)).toEqual([
        'GET DocumentReference',
        'GET DocumentReference',
        'POST DocumentReference',
        'GET DocumentReference',
        'GET Procedure',
        'GET Procedure',
        'POST Procedure',
        'GET Procedure',
        'GET Provenance',
        'POST Provenance',
      ]);
      expect(server.log.every((r) => r.ifNoneExist === null)).toBe(true);
    });

    it('double submit: finds all three, creates nothing', async () => {
      const server = serve({ conditionalCreate: false });
      await run(PLANS.noTransactionLookFirst);
      server.log.length = 0;
      const second = await run(PLANS.noTransactionLookFirst);
      expect(second.steps.map((s) => s.status)).toEqual(['existing', 'existing', 'existing']);
      expect(paths(server)).toEqual(['GET DocumentReference', 'GET Procedure', 'GET Provenance']);
      expect(counts(server)).toEqual([1, 1, 1]);
    });

    it('a lost response: the retry looks and finds it', async () => {
      const server = serve({ conditionalCreate: false });
      server.fail('POST DocumentReference', 'store-then-network');
      const outcome = await run(PLANS.noTransactionLookFirst);
      expect(outcome.complete).toBe(true);
      expect(outcome.steps[0]).toMatchObject({ status: 'existing' });
      expect(counts(server)).toEqual([1, 1, 1]);
    });

    it('finds its Procedure by the report link when the server dropped the identifier (Oracle)', async () => {
      const server = serve({ conditionalCreate: false, dropIdentifiers: true });
      const doc = server.seed({
        resourceType: 'DocumentReference',
        status: 'current',
        content: [],
      });
      server.fail('POST Procedure', 'store-then-network');
      const outcome = await run(PLANS.noTransactionLookFirst, { documentReference: doc.id });
      expect(outcome.complete).toBe(true);
      expect(outcome.steps[1]).toMatchObject({ resource: 'Procedure', status: 'existing' });
      expect(counts(server)).toEqual([1, 1, 1]);
    });
  });

  it('partial failure, then resume: the retry completes only what is missing', async () => {
    const server = serve();
    server.fail('POST Procedure', { status: 500 }, 3);
    const saved: WriteProgress[] = [];
    const first = await run(PLANS.noTransaction, {}, (p) => saved.push(p));
    expect(first.complete).toBe(false);
    expect(first.steps.map((s) => [s.resource, s.status, s.error?.kind, s.error?.status])).toEqual([
      ['DocumentReference', 'created', undefined, undefined],
      ['Procedure', 'failed', 'server', 500],
    ]);
    expect(first.progress).toEqual({
      attempted: true,
      documentReference: server.all('DocumentReference')[0]?.id,
    });
    expect(saved.at(-1)).toEqual(first.progress);
    expect(paths(server)).toEqual([
      'POST DocumentReference',
      'GET DocumentReference',
      'POST Procedure',
      'POST Procedure',
      'POST Procedure',
    ]);

    server.log.length = 0;
    const second = await run(PLANS.noTransaction, first.progress);
    expect(second.complete).toBe(true);
    expect(paths(server)).toEqual(['POST Procedure', 'GET Procedure', 'POST Provenance']);
    expect(second.steps.map((s) => s.status)).toEqual(['existing', 'created', 'created']);
    expect(counts(server)).toEqual([1, 1, 1]);
  });

  it('a server that ignores Prefer (201, empty body, Location only): ids from Location, each read back', async () => {
    const server = serve({ ignorePrefer: true });
    const outcome = await run(PLANS.noTransaction);
    expect(outcome.complete).toBe(true);
    expect(outcome.progress).toEqual({
      attempted: true,
      documentReference: '1',
      procedure: '2',
      provenance: '3',
    });
    // The Provenance is not read back: the app may create it but not read it.
    expect(paths(server)).toEqual([
      'POST DocumentReference',
      'GET DocumentReference/1',
      'GET DocumentReference',
      'POST Procedure',
      'GET Procedure/2',
      'GET Procedure',
      'POST Provenance',
    ]);
    expect(outcome.requests).toBe(7);
    expect((server.all('Procedure')[0] as Procedure).report).toEqual([
      { reference: 'DocumentReference/1' },
    ]);
  });

  it('an abort stops the run with the step marked aborted', async () => {
    serve();
    const controller = new AbortController();
    controller.abort();
    const outcome = await attachEducation({
      transport: testTransport(),
      context,
      plan: PLANS.noTransaction,
      record: makeRecord(),
      progress: {},
      signal: controller.signal,
    });
    expect(outcome.complete).toBe(false);
    expect(outcome.steps[0]).toMatchObject({ status: 'failed', error: { kind: 'aborted' } });
  });
});
