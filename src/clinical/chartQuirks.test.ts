import { describe, expect, it } from 'vitest';
import { namesHandoutInText, refersToOnServer } from './chartQuirks';

describe('chart quirks', () => {
  it('accepts an absolute reference on the chart’s own server, with or without a trailing slash', () => {
    expect(refersToOnServer('Medication/1', 'Medication/1', undefined)).toBe(true);
    expect(
      refersToOnServer(
        'https://ehr.example/r4/t1/Medication/1',
        'Medication/1',
        'https://ehr.example/r4/t1/',
      ),
    ).toBe(true);
  });

  it('refuses the same Type/id on another server, and an absolute one when the base is unknown', () => {
    expect(
      refersToOnServer(
        'https://other.example/fhir/Medication/1',
        'Medication/1',
        'https://ehr.example/fhir',
      ),
    ).toBe(false);
    expect(
      refersToOnServer('https://ehr.example/fhir/Medication/1', 'Medication/1', undefined),
    ).toBe(false);
    expect(refersToOnServer(undefined, 'Medication/1', 'https://ehr.example/fhir')).toBe(false);
  });

  it('recognises the handout code in the text our records carry, not another handout', () => {
    expect(namesHandoutInText('Handout "Learning About Heroin Use" (Healthwise P277) given')).toBe(
      true,
    );
    expect(namesHandoutInText('Diabetes handout')).toBe(false);
    expect(namesHandoutInText(undefined)).toBe(false);
  });
});
