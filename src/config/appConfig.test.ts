import { describe, expect, it } from 'vitest';
import { ConfigError, findIssuer, validateConfig } from './appConfig';
import shipped from '../../public/config.json';

const valid = {
  clientId: 'heroin-education',
  scopes: 'launch openid  fhirUser',
  issuers: [{ url: 'https://ehr.example.org/fhir/', label: 'EHR', writePlan: 'notes-only' }],
  learnMoreUrl: 'https://www.healthwise.net/cdnpatiented',
  securityLabel: true,
  duplicateWindowHours: 12,
};

function fieldOf(raw: unknown): string {
  try {
    validateConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.field;
    throw error;
  }
  return 'no error';
}

describe('validateConfig', () => {
  it('accepts the shipped config', () => {
    const config = validateConfig(shipped);
    expect(config.clientId).toBe('heroin-education');
    expect(config.issuers.map((i) => i.url)).toEqual([
      'http://127.0.0.1:4010/full/fhir',
      'http://127.0.0.1:4010/no-transaction/fhir',
      'http://127.0.0.1:4010/notes-only/fhir',
    ]);
    expect(config.learnMoreUrl).toBeNull();
    expect(config.securityLabel).toBe(false);
    expect(config.duplicateWindowHours).toBe(24);
    // notes may be released to the patient unless the site says otherwise
    expect(config.notesReleasedToPatient).toBe(true);
  });

  it('reads "notesReleasedToPatient": false', () => {
    expect(validateConfig({ ...valid, notesReleasedToPatient: false }).notesReleasedToPatient).toBe(
      false,
    );
  });

  it('normalises scopes and trailing slashes', () => {
    const config = validateConfig(valid);
    expect(config.scopes).toBe('launch openid fhirUser');
    expect(config.issuers[0]).toEqual({
      url: 'https://ehr.example.org/fhir',
      label: 'EHR',
      writePlan: 'notes-only',
    });
  });

  it.each([
    [null, '(root)'],
    [{ ...valid, clientId: '' }, 'clientId'],
    [{ ...valid, scopes: 3 }, 'scopes'],
    [{ ...valid, issuers: [] }, 'issuers'],
    [{ ...valid, issuers: [{ url: 'http://ehr.example.org/fhir', label: 'x' }] }, 'issuers[0].url'],
    [{ ...valid, issuers: [{ url: 'not a url', label: 'x' }] }, 'issuers[0].url'],
    [
      { ...valid, issuers: [{ url: 'https://u:p@ehr.example.org/fhir', label: 'x' }] },
      'issuers[0].url',
    ],
    [
      { ...valid, issuers: [{ url: 'https://ehr.example.org/fhir', label: ' ' }] },
      'issuers[0].label',
    ],
    [
      {
        ...valid,
        issuers: [{ url: 'https://ehr.example.org/fhir', label: 'x', writePlan: 'fast' }],
      },
      'issuers[0].writePlan',
    ],
    [{ ...valid, learnMoreUrl: 'javascript:alert(1)' }, 'learnMoreUrl'],
    [{ ...valid, securityLabel: 'yes' }, 'securityLabel'],
    [{ ...valid, duplicateWindowHours: -1 }, 'duplicateWindowHours'],
    [{ ...valid, notesReleasedToPatient: 'no' }, 'notesReleasedToPatient'],
  ])('names the bad field (%#)', (raw, field) => {
    expect(fieldOf(raw)).toBe(field);
  });

  it('matches issuers exactly, ignoring only a trailing slash', () => {
    const config = validateConfig(valid);
    expect(findIssuer(config, 'https://ehr.example.org/fhir')).toBeDefined();
    expect(findIssuer(config, 'https://ehr.example.org/fhir/')).toBeDefined();
    expect(findIssuer(config, 'https://ehr.example.org/fhir2')).toBeUndefined();
    expect(findIssuer(config, 'https://ehr.example.org.evil.com/fhir')).toBeUndefined();
    expect(findIssuer(config, 'HTTPS://EHR.EXAMPLE.ORG/fhir')).toBeUndefined();
  });
});
