import type { DocumentReference, Procedure } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { APP_TAG, recentEducation } from './index';
import { clinical } from './testing/module';

const tag = { meta: { tag: [{ system: APP_TAG.system, code: APP_TAG.code }] } };

function doc(id: string, date: string, extra: Partial<DocumentReference> = {}): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    content: [{ attachment: { contentType: 'application/pdf' } }],
    date,
    author: [{ display: 'Dr A' }],
    ...tag,
    ...extra,
  };
}

function procedure(id: string, date: string, extra: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    performedDateTime: date,
    performer: [{ actor: { display: 'Nurse B' } }],
    code: { text: 'Education: Learning About Heroin Use and Withdrawal (Healthwise P277)' },
    ...extra,
  };
}

describe('priorEducation', () => {
  it('counts two copies of one record (same attach key) once, keeps the earliest, names the later', () => {
    const key = {
      system: 'urn:ietf:rfc:3986',
      value: 'urn:uuid:6f1c1d9e-4c1b-4f3a-9d6e-1a2b3c4d5e6f',
    };
    const copy = (id: string, storedAt: string) =>
      doc(id, '2026-11-30T10:00:00Z', {
        identifier: [key],
        meta: { ...tag.meta, lastUpdated: storedAt },
      });
    const history = clinical.priorEducation(
      [copy('late', '2026-11-30T10:00:00.950Z'), copy('early', '2026-11-30T10:00:00.940Z')],
      [],
    );
    expect(history).toEqual([expect.objectContaining({ id: 'early', duplicates: ['late'] })]);
  });

  it('keeps records with different attach keys as separate events, with no duplicates named', () => {
    const keyed = (id: string, uuid: string) =>
      doc(id, '2026-11-30T10:00:00Z', {
        identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${uuid}` }],
      });
    const history = clinical.priorEducation(
      [
        keyed('a', '11111111-1111-4111-8111-111111111111'),
        keyed('b', '22222222-2222-4222-8222-222222222222'),
      ],
      [],
    );
    expect(history.map((h) => h.id).sort()).toEqual(['a', 'b']);
    expect(history.every((h) => h.duplicates === undefined)).toBe(true);
  });

  it('finds this app’s writes by tag or by "P277" in the text, newest first', () => {
    const history = clinical.priorEducation(
      [
        doc('d1', '2026-01-01T10:00:00Z'),
        doc('d2', '2026-03-01T10:00:00Z', { meta: {}, description: 'Handout P277 given' }),
      ],
      [procedure('p1', '2026-02-01T10:00:00Z')],
    );
    expect(history.map((h) => [h.resourceType, h.id, h.by])).toEqual([
      ['DocumentReference', 'd2', 'Dr A'],
      ['Procedure', 'p1', 'Nurse B'],
      ['DocumentReference', 'd1', 'Dr A'],
    ]);
  });

  it('ignores entered-in-error documents, unfinished procedures and other handouts', () => {
    const history = clinical.priorEducation(
      [
        doc('bad', '2026-01-01', { status: 'entered-in-error' }),
        doc('other', '2026-01-01', { meta: {}, description: 'Diabetes handout' }),
      ],
      [procedure('prep', '2026-01-01', { status: 'preparation' })],
    );
    expect(history).toEqual([]);
  });

  it('lists a Procedure written with a DocumentReference once, as the DocumentReference', () => {
    const history = clinical.priorEducation(
      [doc('d1', '2026-01-01T10:00:00Z')],
      [
        procedure('p1', '2026-01-01T10:00:00Z', {
          report: [{ reference: 'DocumentReference/d1' }],
        }),
      ],
    );
    expect(history.map((h) => h.id)).toEqual(['d1']);
  });
});

describe('recentEducation', () => {
  const history = clinical.priorEducation([doc('d1', '2026-01-01T10:00:00Z')], []);

  it('answers "documented within 12 months?" for the CDS service', () => {
    const twelveMonths = 365 * 24;
    expect(recentEducation(history, twelveMonths, new Date('2026-11-30T00:00:00Z'))?.id).toBe('d1');
    expect(
      recentEducation(history, twelveMonths, new Date('2027-01-02T00:00:00Z')),
    ).toBeUndefined();
  });

  it('accepts now as epoch milliseconds (today’s recentDuplicate signature)', () => {
    expect(recentEducation(history, 24, Date.parse('2026-01-01T20:00:00Z'))?.id).toBe('d1');
    expect(recentEducation(history, 24, Date.parse('2026-01-02T11:00:00Z'))).toBeUndefined();
  });

  it('counts a record up to a day ahead (clock skew) but not one dated further in the future', () => {
    expect(recentEducation(history, 24, Date.parse('2026-01-01T02:00:00Z'))?.id).toBe('d1');
    expect(recentEducation(history, 24 * 365, Date.parse('2025-12-01T00:00:00Z'))).toBeUndefined();
  });

  it('counts two copies of a note once when the EHR kept neither identifier nor tag, by the record line in the note text', () => {
    const key = 'urn:uuid:3f1c2a4e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';
    const note = (id: string, lastUpdated: string): DocumentReference => ({
      resourceType: 'DocumentReference',
      id,
      status: 'current',
      date: '2026-11-27T14:05:09Z',
      description: 'Handout "Learning About Heroin Use and Withdrawal" (Healthwise P277) given',
      meta: { lastUpdated },
      content: [
        {
          attachment: {
            contentType: 'text/plain',
            data: btoa(`Given to: patient\nDocumented with the app, record ${key}\n`),
          },
        },
      ],
    });
    const history = clinical.priorEducation(
      [note('late', '2026-11-27T14:05:11Z'), note('early', '2026-11-27T14:05:10Z')],
      [],
    );
    expect(history).toEqual([expect.objectContaining({ id: 'early', duplicates: ['late'] })]);
  });
});
