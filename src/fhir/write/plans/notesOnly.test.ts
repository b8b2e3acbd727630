import type { DocumentReference } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { checkProfileWriteRules } from '../../../../services/sandbox-ehr/engine';
import { writeIssues } from '../../../../tests/support/usCore';
import { attachEducation } from '../attach';
import { base64ToBytes, bytesToBase64, utf8Bytes, utf8Text } from '../attachmentData';
import { PLANS, context, instantRetry, makeRecord, testTransport } from '../testing/fixtures';
import type { FhirTestServer } from '../../../../tests/support/fhirTestServer';
import { useMswFhir } from '../../../../tests/support/mswFhir';

const EPIC_LIKE = { conditionalCreate: false } as const;

function run(record = makeRecord()) {
  return attachEducation({
    transport: testTransport(),
    context,
    plan: PLANS.notesOnly,
    record,
    progress: {},
    retry: instantRetry(),
  });
}

const paths = (server: FhirTestServer) => server.lines().map((l) => l.split('?')[0]);

/** A note another system filed for the same patient today. */
function otherNote(server: FhirTestServer) {
  server.seed({
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: '34895-3' }] },
    subject: { reference: 'Patient/pat-1' },
    date: '2026-11-27T13:00:00-05:00',
    author: [{ reference: 'Practitioner/pr-chen' }],
    content: [
      { attachment: { contentType: 'text/plain', data: bytesToBase64(utf8Bytes('another note')) } },
    ],
  });
}

describe('notes-only plan (one text note, e.g. Epic)', () => {
  const { serve } = useMswFhir();

  it('looks twice, creates one text/plain note, looks once after; no Procedure, no Provenance', async () => {
    const server = serve(EPIC_LIKE);
    const outcome = await run();
    expect(outcome.complete).toBe(true);
    expect(outcome.requests).toBe(4);
    expect(paths(server)).toEqual([
      'GET DocumentReference',
      'GET DocumentReference',
      'POST DocumentReference',
      'GET DocumentReference',
    ]);
    expect(server.log[2]?.ifNoneExist).toBeNull();
    expect(decodeURIComponent(server.log[1]?.path ?? '')).toMatch(
      /patient=pat-1&type=http:\/\/loinc\.org\|34895-3&date=ge2026-11-26T19:05:09\.000Z/,
    );
    expect(outcome.steps.map((s) => [s.resource, s.status])).toEqual([
      ['DocumentReference', 'created'],
      ['Procedure', 'skipped'],
      ['Provenance', 'skipped'],
    ]);
    const [doc] = server.all('DocumentReference') as DocumentReference[];
    expect(doc?.content.map((c) => c.attachment.contentType)).toEqual([
      'text/plain; charset=utf-8',
    ]);
    expect(doc?.context?.encounter).toEqual([{ reference: 'Encounter/enc-1' }]);
    expect(writeIssues(doc!)).toEqual([]);
    expect(
      checkProfileWriteRules(doc!, { profile: 'notes-only', base: 'http://ehr.test/fhir' }),
    ).toEqual([]);
    const text = utf8Text(base64ToBytes(doc?.content[0]?.attachment.data ?? ''));
    expect(text).toMatch(/^Handout "Learning About Heroin Use and Withdrawal" \(Healthwise P277/);
    expect(text).toContain('Understanding checked by teach-back: understood');
  });

  it('double submit: finds its note by identifier in one request', async () => {
    const server = serve(EPIC_LIKE);
    await run();
    server.log.length = 0;
    const second = await run();
    expect(second.steps[0]).toMatchObject({ status: 'existing' });
    expect(paths(server)).toEqual(['GET DocumentReference']);
    expect(server.all('DocumentReference')).toHaveLength(1);
  });

  it('an EHR that drops identifiers and ignores the identifier search: found by the key in the text', async () => {
    const server = serve({
      ...EPIC_LIKE,
      dropIdentifiers: true,
      ignoredSearchParams: ['identifier'],
    });
    otherNote(server);
    await run();
    server.log.length = 0;
    const second = await run();
    expect(second.steps[0]).toMatchObject({ status: 'existing' });
    expect(second.progress.documentReference).toBe('2');
    // The ignored identifier search returns the patient's notes: ours is recognised in it.
    expect(paths(server)).toEqual(['GET DocumentReference']);
    expect(server.all('DocumentReference')).toHaveLength(2);
  });

  it('an EHR that serves note text as a Binary url: fetches and recognises it', async () => {
    const server = serve({ ...EPIC_LIKE, dropIdentifiers: true, attachmentsAsBinary: true });
    otherNote(server);
    await run();
    server.log.length = 0;
    const second = await run();
    expect(second.steps[0]).toMatchObject({ status: 'existing', id: '2' });
    expect(paths(server)).toEqual([
      'GET DocumentReference',
      'GET DocumentReference',
      'GET Binary/1-0',
      'GET Binary/2-0',
    ]);
    expect(server.all('DocumentReference')).toHaveLength(2);
  });

  it('a lost create response: the retry looks and finds it, no second note', async () => {
    const server = serve(EPIC_LIKE);
    server.fail('POST DocumentReference', 'store-then-network');
    const outcome = await run();
    expect(outcome.complete).toBe(true);
    expect(outcome.steps[0]).toMatchObject({ status: 'existing' });
    expect(server.all('DocumentReference')).toHaveLength(1);
  });

  it('a different attach action (new key) is a new note', async () => {
    const server = serve(EPIC_LIKE);
    await run();
    await run(makeRecord({ idempotencyKey: '0b5e3d1c-1111-4222-8333-444455556666' }));
    expect(server.all('DocumentReference')).toHaveLength(2);
  });
});
