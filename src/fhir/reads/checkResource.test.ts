import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Patient } from '@medplum/fhirtypes';
import {
  MAX_CHART_ITEMS,
  MAX_CHART_STRING,
  checkResource,
  unreadableFields,
} from './checkResource';

const TYPES = [
  'Patient',
  'Practitioner',
  'Encounter',
  'Condition',
  'MedicationRequest',
  'Medication',
  'MedicationStatement',
  'MedicationDispense',
  'DocumentReference',
  'Procedure',
];

function* strings(value: unknown, key = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [key, value];
  else if (Array.isArray(value)) for (const item of value) yield* strings(item, key);
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) yield* strings(v, k);
}

describe('checkResource (chart data checked where it enters)', () => {
  it('removes a wrong-typed field, keeps the rest, and names the field', () => {
    const checked = checkResource<Patient>({
      resourceType: 'Patient',
      id: 'p1',
      birthDate: { year: 1988 },
      gender: 'female',
      name: [{ given: ['Ann', 42], family: 'Lee' }],
    });
    expect(checked).toEqual({
      resourceType: 'Patient',
      id: 'p1',
      gender: 'female',
      name: [{ given: ['Ann'], family: 'Lee' }],
    });
    expect(unreadableFields(checked)).toEqual(['Patient.birthDate', 'Patient.name[0].given[1]']);
  });

  it('cuts a long string visibly and caps lists, but never attachment data', () => {
    const data = 'QQ=='.repeat(1000);
    const checked = checkResource<Patient & { content?: unknown }>({
      resourceType: 'DocumentReference',
      id: 'd1',
      description: 'x'.repeat(5000),
      author: Array.from({ length: 500 }, (_, i) => ({ reference: `Practitioner/${i}` })),
      content: [{ attachment: { contentType: 'text/plain', data } }],
    });
    const doc = checked as unknown as {
      description: string;
      author: unknown[];
      content: { attachment: { data: string } }[];
    };
    expect(doc.description).toBe(`${'x'.repeat(MAX_CHART_STRING - 1)}…`);
    expect(doc.author).toHaveLength(MAX_CHART_ITEMS);
    expect(doc.content[0]?.attachment.data).toBe(data);
  });

  it('property: any JSON under any resource type never throws and leaves no long string', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TYPES),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })),
        fc.dictionary(
          fc.constantFrom('name', 'code', 'subject', 'content', 'birthDate', 'description', 'meta'),
          fc.jsonValue({ maxDepth: 4 }),
        ),
        (resourceType, extra, known) => {
          const checked = checkResource({ ...extra, ...known, resourceType, id: 'x1' });
          expect(checked.resourceType).toBe(resourceType);
          for (const [key, value] of strings(checked)) {
            if (key !== 'data' && key !== 'url')
              expect(Array.from(value).length).toBeLessThanOrEqual(MAX_CHART_STRING);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
