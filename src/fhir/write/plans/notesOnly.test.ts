import { describe, expect, it } from 'vitest';
import { attachEducation } from '../attach';
import { bytesToBase64, utf8Bytes } from '../attachmentData';
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

  // The first attach as a whole (two looks, one text note, one look after, valid) runs against
  // the sandbox's notes-only profile: tests/integration/write/profileScenarios.test.ts.
  it("looks back a day of the patient's education notes before creating, without If-None-Exist", async () => {
    const server = serve(EPIC_LIKE);
    await run();
    expect(server.log[2]).toMatchObject({ method: 'POST', ifNoneExist: null });
    // a day before performedAt (2026-11-27T14:05:09-05:00): the EHR may stamp its own clock
    expect(decodeURIComponent(server.log[1]?.path ?? '')).toMatch(
      /patient=pat-1&type=http:\/\/loinc\.org\|34895-3&date=ge2026-11-26T19:05:09\.000Z/,
    );
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
});
