import { describe, expect, it } from 'vitest';
import { attachEducation } from './attach';
import { PLANS, context, instantRetry, makeRecord, testTransport } from './testing/fixtures';
import type { FaultResponse } from '../../../tests/support/fhirTestServer';
import { useMswFhir } from '../../../tests/support/mswFhir';

/** Every way the first create can go wrong, on the no-transaction plan (separate creates). */
describe('attach: error statuses on a create', () => {
  const { serve } = useMswFhir();

  async function attachWith(fault: FaultResponse, times = 1, timeoutMs?: number) {
    const server = serve();
    server.fail('POST DocumentReference', fault, times);
    const waits: number[] = [];
    const outcome = await attachEducation({
      transport: testTransport(undefined, timeoutMs),
      context,
      plan: { ...PLANS.noTransaction, procedure: false, provenance: false },
      record: makeRecord(),
      progress: {},
      retry: instantRetry(waits),
    });
    return { outcome, server, waits, step: outcome.steps[0] };
  }

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [412, 'conflict'],
  ] as const)('%i -> %s, not retried, nothing written', async (status, kind) => {
    const { outcome, server, step } = await attachWith({ status });
    expect(step).toMatchObject({
      resource: 'DocumentReference',
      status: 'failed',
      error: { kind, status },
    });
    expect(outcome).toMatchObject({ complete: false, requests: 1, progress: { attempted: true } });
    expect(server.all('DocumentReference')).toHaveLength(0);
    expect(step?.error?.message).toBe(`FHIR ${kind} (HTTP ${status})`);
  });

  it('422: the OperationOutcome issues are surfaced for the details view', async () => {
    const { outcome, step } = await attachWith({
      status: 422,
      body: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'code-invalid',
            details: { text: 'Unknown LOINC code' },
            expression: ['DocumentReference.type'],
          },
          { severity: 'warning', code: 'business-rule', diagnostics: 'Author must be a provider' },
        ],
      },
    });
    expect(outcome.requests).toBe(1);
    expect(step?.error).toMatchObject({
      kind: 'unprocessable',
      status: 422,
      issues: [
        'error: Unknown LOINC code (DocumentReference.type)',
        'warning: Author must be a provider',
      ],
    });
  });

  it('429 with Retry-After: waits that long, then succeeds', async () => {
    const { outcome, waits } = await attachWith({ status: 429, headers: { 'Retry-After': '2' } });
    expect(waits).toEqual([2000]);
    // the create twice, then one look for a second copy
    expect(outcome).toMatchObject({ complete: true, requests: 3 });
  });

  it('429 every time: gives up after 3 attempts as rate-limited', async () => {
    const { outcome, step } = await attachWith({ status: 429, headers: { 'Retry-After': '1' } }, 5);
    expect(outcome.requests).toBe(3);
    expect(step?.error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 1000 });
  });

  it('500 three times: fails as server error after 3 attempts', async () => {
    const { outcome, step, waits } = await attachWith({ status: 500 }, 3);
    expect(outcome.requests).toBe(3);
    expect(waits).toHaveLength(2);
    expect(step?.error).toMatchObject({ kind: 'server', status: 500 });
  });

  it('503 once: retried, then created', async () => {
    const { outcome, step } = await attachWith({ status: 503 });
    expect(outcome).toMatchObject({ complete: true, requests: 3 });
    expect(step).toMatchObject({ status: 'created' });
  });

  it('no response (network) three times: network error', async () => {
    const { outcome, step } = await attachWith('network', 3);
    expect(outcome.requests).toBe(3);
    expect(step?.error).toMatchObject({ kind: 'network' });
  });

  it('a hung server: times out, retried, then timeout', async () => {
    const { outcome, step } = await attachWith({ hangMs: 300 }, 3, 30);
    expect(outcome.requests).toBe(3);
    expect(step?.error).toMatchObject({ kind: 'timeout' });
  });

  it('a body that is not JSON: malformed, not retried', async () => {
    const { outcome, step } = await attachWith({ status: 201, raw: '<html>oops</html>' });
    expect(outcome.requests).toBe(1);
    expect(step?.error).toMatchObject({ kind: 'malformed' });
  });

  it('201 with only a Location where nothing is stored: read back, 404, not confirmed', async () => {
    const { outcome, server, step } = await attachWith({
      status: 201,
      headers: { Location: 'http://ehr.test/fhir/DocumentReference/abc-123/_history/1' },
    });
    expect(server.lines()).toContain('GET DocumentReference/abc-123');
    expect(step?.error).toMatchObject({
      kind: 'unconfirmed',
      detail: 'the stored DocumentReference could not be read back',
    });
    expect(outcome).toMatchObject({ complete: false, progress: { attempted: true } });
    expect(outcome.progress.documentReference).toBeUndefined();
  });

  it('200 with only Content-Location naming a resource that is not there: not confirmed', async () => {
    const { step } = await attachWith({
      status: 200,
      headers: { 'Content-Location': 'DocumentReference/old-7' },
    });
    expect(step?.error).toMatchObject({ kind: 'unconfirmed' });
  });

  it('200 with an error OperationOutcome and a Location: not confirmed, issues kept', async () => {
    const { outcome, step } = await attachWith({
      status: 200,
      body: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'processing', diagnostics: 'not stored' }],
      },
      headers: { Location: 'DocumentReference/55' },
    });
    expect(step?.error).toMatchObject({
      kind: 'unconfirmed',
      detail: 'the EHR reported an error',
      issues: ['error: not stored'],
    });
    expect(outcome.complete).toBe(false);
  });

  it('201 with neither a body id nor a Location: not confirmed', async () => {
    const { step } = await attachWith({ status: 201 });
    expect(step?.error).toMatchObject({
      kind: 'unconfirmed',
      detail: 'the answer names no location',
    });
  });

  it('a Location on another server: not confirmed, and nothing is read from there', async () => {
    const { server, step } = await attachWith({
      status: 201,
      headers: { Location: 'http://evil.test/fhir/DocumentReference/1' },
    });
    expect(step?.error).toMatchObject({
      kind: 'unconfirmed',
      detail:
        'the answer names a location on another server, and the DocumentReference is not on this server',
    });
    // Read back by id on the launch base, then our own look-up (identifier, then recent notes).
    expect(server.lines()).toEqual([
      'POST DocumentReference',
      'GET DocumentReference/1',
      expect.stringMatching(/^GET DocumentReference\?patient=pat-1&identifier=/),
      expect.stringMatching(/^GET DocumentReference\?patient=pat-1&type=/),
    ]);
  });

  it('201 echoing what was sent with an id and no Location, nothing stored: not confirmed', async () => {
    const { outcome, server, step } = await attachWith({
      status: 201,
      body: { resourceType: 'DocumentReference', id: 'echo-1', status: 'current' },
    });
    expect(step?.error).toMatchObject({
      kind: 'unconfirmed',
      detail: 'the answer names no location, and the DocumentReference is not on this server',
    });
    expect(server.lines()).toContain('GET DocumentReference/echo-1');
    expect(outcome.progress.documentReference).toBeUndefined();
  });

  it('a Location naming another type is not taken for an id', async () => {
    const { step } = await attachWith({ status: 201, headers: { Location: 'Patient/pat-1' } });
    expect(step?.error).toMatchObject({
      kind: 'unconfirmed',
      detail: 'the answer names no DocumentReference id',
    });
  });

  it('202 Accepted is not a proof of storage', async () => {
    const { step } = await attachWith({
      status: 202,
      headers: { Location: 'DocumentReference/1' },
    });
    expect(step?.error).toMatchObject({ kind: 'unconfirmed', status: 202 });
  });

  it('error messages carry no patient data', async () => {
    const { step } = await attachWith({
      status: 422,
      body: { resourceType: 'OperationOutcome', issue: [] },
    });
    expect(step?.error?.message).not.toMatch(/pat-1|enc-1|pr-chen/);
  });
});
