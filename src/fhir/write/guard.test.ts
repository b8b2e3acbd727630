import { describe, expect, it } from 'vitest';
import type { LaunchContext } from '../context';
import { FhirError } from '../errors';
import { attachEducation } from './attach';
import { buildProcedure } from './buildProcedure';
import { assertResourceMatchesLaunch, guardWrites } from './guard';
import { PLANS, context, makeRecord, testTransport } from './testing/fixtures';
import { useMswFhir } from '../../../tests/support/mswFhir';
import type { EducationRecord, WritePlan } from './types';

/** The promise must reject with a 'refused' FhirError; returns it. */
async function refusal(promise: Promise<unknown>): Promise<FhirError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FhirError);
  expect((error as FhirError).kind).toBe('refused');
  return error as FhirError;
}

describe('write-to-the-right-patient guard', () => {
  const { serve } = useMswFhir();

  const cases: [string, Partial<EducationRecord>, Partial<LaunchContext>, RegExp][] = [
    ['another patient', { patientId: 'pat-2' }, {}, /patient/],
    ['another encounter', { encounterId: 'enc-2' }, {}, /encounter/],
    ['no encounter while the launch has one', { encounterId: undefined }, {}, /encounter/],
    ['an encounter the launch did not give', {}, { encounterId: undefined }, /encounter/],
    [
      'another author',
      { author: { reference: 'Practitioner/pr-okafor', display: 'Dr Okafor' } },
      {},
      /author/,
    ],
    ['no signed-in user', {}, { fhirUser: undefined }, /fhirUser/],
    ['another server', {}, { serverUrl: 'http://other.test/fhir' }, /server/],
    ['a key that is not a UUID', { idempotencyKey: 'abc' }, {}, /UUID/],
    ['a date without time', { performedAt: '2026-11-27' }, {}, /performedAt/],
    [
      "a Procedure reason that is another patient's Condition",
      { oudConditionId: 'cond-other', oudConditionSubject: 'Patient/pat-2' },
      {},
      /reason Condition/,
    ],
    [
      'a Procedure reason Condition whose patient is unknown',
      { oudConditionId: 'cond-oud', oudConditionSubject: undefined },
      {},
      /reason Condition/,
    ],
  ];

  it.each(cases)(
    'refuses %s before any request',
    async (_name, recordChange, contextChange, detail) => {
      for (const plan of Object.values(PLANS) as WritePlan[]) {
        const server = serve({ transactions: true });
        const attempt = attachEducation({
          transport: testTransport(),
          context: { ...context, ...contextChange },
          plan,
          record: makeRecord(recordChange),
          progress: {},
        });
        const error = await refusal(attempt);
        expect(error.detail).toMatch(detail);
        expect(server.log).toHaveLength(0);
      }
    },
  );

  it('keeps ids out of the refusal (no PHI in errors)', async () => {
    serve();
    const error: unknown = await attachEducation({
      transport: testTransport(),
      context,
      plan: PLANS.full,
      record: makeRecord({ patientId: 'pat-secret-123' }),
      progress: {},
    }).catch((e: unknown) => e);
    expect(String((error as Error).message)).not.toContain('pat-secret-123');
    expect(JSON.stringify(error)).not.toContain('pat-secret-123');
  });

  it('refuses notes-only without an encounter, before any request (Epic)', async () => {
    const server = serve();
    const error = await refusal(
      attachEducation({
        transport: testTransport(),
        context: { ...context, encounterId: undefined },
        plan: PLANS.notesOnly,
        record: makeRecord({ encounterId: undefined }),
        progress: {},
      }),
    );
    expect(error.detail).toMatch(/encounter/);
    expect(server.log).toHaveLength(0);
  });

  it('checks every resource at the moment it is sent', () => {
    const procedure = buildProcedure(makeRecord(), PLANS.full, 'DocumentReference/1');
    expect(() => assertResourceMatchesLaunch(procedure, context)).not.toThrow();
    const variants = [
      { ...procedure, subject: { reference: 'Patient/pat-2' } },
      { ...procedure, encounter: { reference: 'Encounter/enc-2' } },
      { ...procedure, recorder: { reference: 'Practitioner/pr-okafor' } },
      {
        ...procedure,
        performer: [
          { actor: { reference: 'Practitioner/pr-chen' } },
          { actor: { reference: 'Practitioner/pr-okafor' } },
        ],
      },
      // a Condition on another server, whose patient the record check never saw
      { ...procedure, reasonReference: [{ reference: 'http://other.test/fhir/Condition/c9' }] },
    ];
    for (const variant of variants) {
      expect(() => assertResourceMatchesLaunch(variant, context)).toThrow(
        expect.objectContaining({ kind: 'refused' }),
      );
    }
  });

  describe('the write transport (guardWrites) every write of a plan goes through', () => {
    function recording() {
      const sent: string[] = [];
      const transport = guardWrites(
        {
          baseUrl: 'http://ehr.test/fhir',
          request: (req) => {
            sent.push(`${req.method} ${req.url}`);
            return Promise.resolve({ status: 201, headers: new Headers(), body: undefined });
          },
        },
        context,
      );
      return { sent, transport };
    }
    const procedure = buildProcedure(makeRecord(), PLANS.full, 'DocumentReference/1');
    const stray = { ...procedure, subject: { reference: 'Patient/pat-2' } };

    it('refuses a POST about another patient, sending nothing', async () => {
      const { sent, transport } = recording();
      await refusal(transport.request({ method: 'POST', url: 'Procedure', body: stray }));
      expect(sent).toEqual([]);
    });

    it('refuses a PUT about another patient, sending nothing', async () => {
      const { sent, transport } = recording();
      await refusal(transport.request({ method: 'PUT', url: 'Procedure/1', body: stray }));
      expect(sent).toEqual([]);
    });

    it('checks every entry of a Bundle, and refuses types the app never writes', async () => {
      const { sent, transport } = recording();
      const bundle = (resource: unknown) => ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: procedure }, { resource }],
      });
      await refusal(transport.request({ method: 'POST', url: '', body: bundle(stray) }));
      await refusal(
        transport.request({
          method: 'POST',
          url: 'Patient',
          body: { resourceType: 'Patient', id: 'pat-1' },
        }),
      );
      await refusal(
        transport.request({ method: 'POST', url: '', body: bundle({ resourceType: 'Patient' }) }),
      );
      expect(sent).toEqual([]);
    });

    it('lets a matching write and every read through', async () => {
      const { sent, transport } = recording();
      await transport.request({ method: 'POST', url: 'Procedure', body: procedure });
      await transport.request({ method: 'GET', url: 'Patient/pat-2' });
      expect(sent).toEqual(['POST Procedure', 'GET Patient/pat-2']);
    });
  });
});
