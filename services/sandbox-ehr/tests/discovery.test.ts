import type { CapabilityStatement } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSandbox } from './harness';
import { startTestSandbox } from './harness';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.dispose());

interface SmartConfiguration {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported: string[];
  response_types_supported: string[];
  grant_types_supported: string[];
  scopes_supported: string[];
  capabilities: string[];
}

const EXPECTED = {
  full: { transaction: true, conditional: true, procedureCreate: true },
  'no-transaction': { transaction: false, conditional: true, procedureCreate: true },
  'notes-only': { transaction: false, conditional: false, procedureCreate: false },
} as const;

describe.each(Object.entries(EXPECTED))('%s base', (profile, expected) => {
  it('serves a truthful CapabilityStatement at /metadata without a token', async () => {
    const response = await fetch(`${sandbox.base(profile as 'full')}/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const cs = (await response.json()) as CapabilityStatement;
    expect(cs.fhirVersion).toBe('4.0.1');
    const rest = cs.rest?.[0];
    const oauth = rest?.security?.extension?.[0];
    expect(oauth?.url).toBe(
      'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    );
    expect(oauth?.extension?.map((e) => e.valueUri)).toEqual([
      `${sandbox.origin}/auth/authorize`,
      `${sandbox.origin}/auth/token`,
    ]);
    expect((rest?.interaction ?? []).some((i) => i.code === 'transaction')).toBe(
      expected.transaction,
    );
    const doc = rest?.resource?.find((r) => r.type === 'DocumentReference');
    expect(doc?.conditionalCreate).toBe(expected.conditional);
    const procedure = rest?.resource?.find((r) => r.type === 'Procedure');
    expect((procedure?.interaction ?? []).some((i) => i.code === 'create')).toBe(
      expected.procedureCreate,
    );
    const patient = rest?.resource?.find((r) => r.type === 'Patient');
    expect(patient?.interaction?.map((i) => i.code)).toEqual(['read', 'search-type']);
  });

  it('serves the SMART configuration', async () => {
    const response = await fetch(
      `${sandbox.base(profile as 'full')}/.well-known/smart-configuration`,
    );
    const config = (await response.json()) as SmartConfiguration;
    expect(config.issuer).toBe(sandbox.base(profile as 'full'));
    expect(config.authorization_endpoint).toBe(`${sandbox.origin}/auth/authorize`);
    expect(config.token_endpoint).toBe(`${sandbox.origin}/auth/token`);
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.response_types_supported).toEqual(['code']);
    expect(config.capabilities).toEqual(
      expect.arrayContaining([
        'launch-ehr',
        'launch-standalone',
        'client-public',
        'permission-v2',
        'sso-openid-connect',
      ]),
    );
    const jwks = (await (await fetch(config.jwks_uri)).json()) as {
      keys: { kty: string; alg: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
  });
});

it('serves the SMART style with every standard key', async () => {
  const style = (await (await fetch(`${sandbox.origin}/smart-style.json`)).json()) as Record<
    string,
    string
  >;
  for (const key of [
    'color_background',
    'color_error',
    'color_highlight',
    'color_modal_backdrop',
    'color_success',
    'color_text',
    'dim_border_radius',
    'dim_font_size',
    'dim_spacing_size',
    'font_family_body',
    'font_family_heading',
  ]) {
    expect(style[key], key).toBeTruthy();
  }
});
