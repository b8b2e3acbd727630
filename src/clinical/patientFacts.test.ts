import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { clinical } from './testing/module';

const INTERPRETER = 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired';

function speaks(code: string | undefined, extra: Partial<Patient> = {}, text?: string): Patient {
  return {
    resourceType: 'Patient',
    communication: [
      {
        language: {
          ...(code ? { coding: [{ system: 'urn:ietf:bcp:47', code }] } : {}),
          ...(text ? { text } : {}),
        },
      },
    ],
    ...extra,
  };
}

describe('preferredLanguage', () => {
  it.each([
    ['en', 'en', 'English'],
    ['eng (ISO 639-2)', 'eng', 'English'],
    ['en-US', 'en-US', 'American English'],
    ['en-ca (lower case region)', 'en-ca', 'Canadian English'],
  ])('%s is English', (_name, code, name) => {
    expect(clinical.preferredLanguage(speaks(code))).toMatchObject({ isEnglish: true, name });
  });

  it.each([
    ['fr', 'fr', 'French'],
    ['fra (ISO 639-2/T)', 'fra', 'French'],
    ['fre (ISO 639-2/B)', 'fre', 'French'],
    ['fr-CA', 'fr-CA', 'Canadian French'],
    ['pan (Punjabi, ISO 639-2)', 'pan', 'Punjabi'],
    ['yue (Cantonese, ISO 639-3 only)', 'yue', 'Cantonese'],
  ])('%s is not English and is named through Intl.DisplayNames', (_name, code, name) => {
    expect(clinical.preferredLanguage(speaks(code))).toMatchObject({ isEnglish: false, name });
  });

  it('returns the normalized BCP-47 tag', () => {
    expect(clinical.preferredLanguage(speaks('fre'))?.tag).toBe('fr');
    expect(clinical.preferredLanguage(speaks('en-ca'))?.tag).toBe('en-CA');
  });

  it('picks the preferred communication over the first one', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      communication: [
        { language: { coding: [{ code: 'en' }] } },
        { language: { coding: [{ code: 'fr' }] }, preferred: true },
      ],
    };
    expect(clinical.preferredLanguage(patient)?.tag).toBe('fr');
  });

  it('reports the interpreterRequired extension, and undefined when not recorded', () => {
    const withExt = speaks('fr', { extension: [{ url: INTERPRETER, valueBoolean: true }] });
    expect(clinical.preferredLanguage(withExt)?.interpreterRequired).toBe(true);
    expect(clinical.preferredLanguage(speaks('fr'))?.interpreterRequired).toBeUndefined();
  });

  it('reads a text-only language by its words', () => {
    expect(clinical.preferredLanguage(speaks(undefined, {}, 'English'))).toMatchObject({
      isEnglish: true,
    });
    expect(clinical.preferredLanguage(speaks(undefined, {}, 'Tagalog'))).toMatchObject({
      isEnglish: false,
      name: 'Tagalog',
    });
  });

  it('returns undefined with no communication, and for malformed communication without throwing', () => {
    expect(clinical.preferredLanguage({ resourceType: 'Patient' })).toBeUndefined();
    expect(
      clinical.preferredLanguage({
        resourceType: 'Patient',
        communication: { language: 'fr' },
      } as unknown as Patient),
    ).toBeUndefined();
  });
});

describe('deceased', () => {
  it('reads deceasedDateTime as deceased with its date', () => {
    expect(clinical.deceased({ resourceType: 'Patient', deceasedDateTime: '2026-01-02' })).toEqual({
      deceased: true,
      date: '2026-01-02',
    });
  });

  it('reads deceasedBoolean true as deceased without a date, false and absent as alive', () => {
    expect(clinical.deceased({ resourceType: 'Patient', deceasedBoolean: true })).toEqual({
      deceased: true,
      date: undefined,
    });
    expect(clinical.deceased({ resourceType: 'Patient', deceasedBoolean: false })).toEqual({
      deceased: false,
      date: undefined,
    });
    expect(clinical.deceased({ resourceType: 'Patient' })).toEqual({
      deceased: false,
      date: undefined,
    });
  });

  it('does not read a string "true" as deceased (malformed field treated as absent)', () => {
    expect(
      clinical.deceased({ resourceType: 'Patient', deceasedBoolean: 'true' } as unknown as Patient)
        .deceased,
    ).toBe(false);
  });
});
