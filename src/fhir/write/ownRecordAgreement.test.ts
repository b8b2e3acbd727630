import type { DocumentReference, Procedure } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  isAppRecord,
  keyUrn,
  noteMarkerKey,
  noteMarkerLine,
  recordKeyOf,
} from '../../clinical/ownRecordMarks';
import { priorEducation } from '../../clinical/priorEducation';
import { buildDocumentReference } from './buildDocumentReference';
import { buildProcedure } from './buildProcedure';
import { notesOnlyDocumentText } from './noteText';
import { APP_NAME } from '../codes';
import { PLANS, PLAN_BY_NAME, makeRecord } from './testing/fixtures';
import type { WritePlanName } from './types';

/**
 * The writer (builders, noteText) and the readers (priorEducation, recordKeyOf) share one
 * definition of our marks (src/clinical/ownRecordMarks.ts): what one writes the other finds,
 * including after an EHR dropped what it does not keep.
 */
const record = makeRecord();
const KEY = keyUrn(record.idempotencyKey);

/** As an EHR would store it: an id and a date, and what it dropped removed. */
function stored<T extends DocumentReference | Procedure>(
  resource: T,
  id: string,
  drop: { identifier?: boolean; meta?: boolean } = {},
): T {
  const copy: T = { ...resource, id };
  if (drop.identifier) delete copy.identifier;
  if (drop.meta) delete copy.meta;
  return copy;
}

describe('writer and reader agree on our own record', () => {
  it.each<WritePlanName>(['full', 'no-transaction', 'notes-only'])(
    'a %s DocumentReference as written is prior education, with its attach key',
    async (plan) => {
      const doc = stored(await buildDocumentReference(record, PLAN_BY_NAME[plan]), 'd1');
      expect(isAppRecord(doc)).toBe(true);
      expect(recordKeyOf(doc)).toBe(KEY);
      expect(priorEducation([doc], []).map((e) => e.id)).toEqual(['d1']);
    },
  );

  it.each<WritePlanName>(['full', 'no-transaction', 'notes-only'])(
    'a %s DocumentReference whose meta.tag the EHR dropped is still prior education (the handout code in its description)',
    async (plan) => {
      const doc = stored(await buildDocumentReference(record, PLAN_BY_NAME[plan]), 'd1', {
        meta: true,
      });
      expect(priorEducation([doc], []).map((e) => e.id)).toEqual(['d1']);
    },
  );

  it('a Procedure as written, and one whose meta.tag was dropped, is prior education', () => {
    const procedure = buildProcedure(record, PLANS.full, 'DocumentReference/elsewhere');
    expect(recordKeyOf(procedure)).toBe(KEY);
    const history = priorEducation(
      [],
      [stored(procedure, 'p1'), stored(procedure, 'p2', { meta: true })],
    );
    expect(history.map((e) => e.id).sort()).toEqual(['p1', 'p2']);
  });

  it('two copies of a notes-only note that kept neither identifier nor tags count once, by the note marker', async () => {
    const doc = await buildDocumentReference(record, PLANS.notesOnly);
    const copies = [
      {
        ...stored(doc, 'late', { identifier: true, meta: true }),
        meta: { lastUpdated: '2026-11-27T19:05:10Z' },
      },
      {
        ...stored(doc, 'early', { identifier: true, meta: true }),
        meta: { lastUpdated: '2026-11-27T19:05:09Z' },
      },
    ];
    expect(copies.map(recordKeyOf)).toEqual([KEY, KEY]);
    expect(priorEducation(copies, [])).toEqual([
      expect.objectContaining({ id: 'early', duplicates: ['late'] }),
    ]);
  });

  it("a note whose internal note quotes another record's marker line is its own record, not a copy", async () => {
    const earlier = makeRecord({ idempotencyKey: '11111111-1111-4111-8111-111111111111' });
    const later = makeRecord({
      idempotencyKey: '22222222-2222-4222-8222-222222222222',
      internalNote: `Follow-up to ${noteMarkerLine(APP_NAME, earlier.idempotencyKey)}`,
    });
    const kept = PLANS.notesOnlyNotesKept;
    const docs = [
      stored(await buildDocumentReference(earlier, kept), 'a', { identifier: true, meta: true }),
      stored(await buildDocumentReference(later, kept), 'b', { identifier: true, meta: true }),
    ];
    expect(notesOnlyDocumentText(later, kept)).toContain(
      noteMarkerLine(APP_NAME, earlier.idempotencyKey),
    );
    expect(docs.map(recordKeyOf)).toEqual([
      keyUrn(earlier.idempotencyKey),
      keyUrn(later.idempotencyKey),
    ]);
    expect(priorEducation(docs, []).flatMap((e) => e.duplicates ?? [])).toEqual([]);
    expect(priorEducation(docs, [])).toHaveLength(2);
  });

  it('the note marker noteText writes is the one the reader parses', () => {
    expect(noteMarkerKey(notesOnlyDocumentText(record, PLANS.notesOnly))).toBe(KEY);
  });
});
