import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/appConfig';
import { planLaunch, standaloneScopes } from './launchPlan';

const config = validateConfig({
  clientId: 'heroin-education',
  scopes: 'launch openid fhirUser patient/Patient.rs',
  issuers: [{ url: 'https://ehr.example.org/fhir', label: 'EHR' }],
  learnMoreUrl: null,
});

const plan = (query: string) => planLaunch(config, new URLSearchParams(query));

describe('planLaunch', () => {
  it('accepts a configured iss with a launch', () => {
    expect(plan('iss=https%3A%2F%2Fehr.example.org%2Ffhir&launch=abc')).toMatchObject({
      kind: 'ehr',
      launch: 'abc',
    });
  });

  it('refuses a forged or look-alike iss without redirecting', () => {
    for (const iss of [
      'https://evil.example.com/fhir',
      'https://ehr.example.org/fhir.evil.com',
      'https://ehr.example.org',
    ]) {
      expect(plan(`iss=${encodeURIComponent(iss)}&launch=abc`).kind).toBe('refused');
    }
  });

  it('refuses a launch without iss, and an iss without launch', () => {
    expect(plan('launch=abc').kind).toBe('refused');
    expect(plan('iss=https%3A%2F%2Fehr.example.org%2Ffhir').kind).toBe('refused');
  });

  it('offers a standalone launch when opened without parameters', () => {
    expect(plan('')).toEqual({ kind: 'standalone' });
  });

  it('asks the server for a patient in a standalone launch', () => {
    expect(standaloneScopes('launch openid patient/Patient.rs')).toBe(
      'launch/patient openid patient/Patient.rs',
    );
  });
});
