import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/appConfig';
import { authorizeOptions, newStateKey, planLaunch, standaloneScopes } from './launchPlan';

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

describe('authorizeOptions', () => {
  const issuer = config.issuers[0]!;
  const key = newStateKey();

  it('requires PKCE, passes the state it is given and the configured client id', () => {
    const options = authorizeOptions(config, issuer, config.scopes, key, 'https://app/', false);
    expect(options).toMatchObject({
      clientId: 'heroin-education',
      pkceMode: 'required',
      stateKey: key,
      redirectUri: 'https://app/',
      completeInTarget: true,
    });
  });

  it('binds an EHR launch to exactly the configured issuer', () => {
    const { issMatch, iss } = authorizeOptions(config, issuer, '', key, 'https://app/', false);
    expect(iss).toBeUndefined();
    expect(issMatch?.('https://ehr.example.org/fhir')).toBe(true);
    expect(issMatch?.('https://evil.example.com/fhir')).toBe(false);
  });

  it('names the server itself in a standalone launch', () => {
    expect(authorizeOptions(config, issuer, '', key, 'https://app/', true).iss).toBe(
      'https://ehr.example.org/fhir',
    );
  });
});

describe('parameters that would override the app settings', () => {
  it.each(['clientId=evil', 'fhirServiceUrl=https%3A%2F%2Fevil', 'patientId=p2', 'client_id=x'])(
    'refuses %s',
    (extra) => {
      expect(plan(`iss=https%3A%2F%2Fehr.example.org%2Ffhir&launch=abc&${extra}`).kind).toBe(
        'refused',
      );
      expect(plan(extra).kind).toBe('refused');
    },
  );
});

describe('newStateKey', () => {
  it('is a v4 UUID (122 random bits), different on every launch', () => {
    const keys = Array.from({ length: 50 }, () => newStateKey());
    for (const key of keys) {
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });
});
