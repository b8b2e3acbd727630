import { describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { useMswFhir as installMswFhir } from '../../support/mswFhir';

/** The unit tests' FHIR server answers as the sandbox EHR does: same engine, same profiles. */
const BASE = 'http://ehr.test/fhir';
const { serve } = installMswFhir();

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${BASE}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', ...headers },
    body: JSON.stringify(body),
  });

describe('the unit tests FHIR server (sandbox engine behind MSW)', () => {
  it('refuses an unknown search parameter with 400, as the sandbox does', async () => {
    serve();
    const response = await fetch(`${BASE}/Condition?patient=1&not-a-param=x`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('not-a-param');
  });

  it('finds by patient id, reference and identifier token with FHIR search semantics', async () => {
    const server = serve();
    const patient = server.seed({ resourceType: 'Patient' });
    server.seed({
      resourceType: 'Condition',
      subject: { reference: `Patient/${patient.id}` },
      identifier: [{ system: 'urn:x', value: 'a' }],
    });
    server.seed({ resourceType: 'Condition', subject: { reference: 'Patient/other' } });
    for (const query of [
      `patient=${patient.id}`,
      `subject=Patient/${patient.id}`,
      'identifier=urn:x|a',
    ]) {
      const bundle = (await (await fetch(`${BASE}/Condition?${query}`)).json()) as Bundle;
      expect(bundle.entry?.length, query).toBe(1);
    }
  });

  it('takes transactions and conditional create from the sandbox profile rules', async () => {
    serve({ profile: 'no-transaction' });
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [] };
    expect((await post('', bundle)).status).toBe(405);
  });

  it('stores nothing from a transaction whose second entry fails', async () => {
    const server = serve({
      profile: 'full',
      validate: (r) => (r.resourceType === 'Procedure' ? ['no Procedures today'] : []),
    });
    const response = await post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Basic', code: { text: 'x' } },
          request: { method: 'POST', url: 'Basic' },
        },
        {
          resource: {
            resourceType: 'Procedure',
            status: 'completed',
            subject: { reference: 'Patient/1' },
          },
          request: { method: 'POST', url: 'Procedure' },
        },
      ],
    });
    expect(response.status).toBe(422);
    expect(server.all('Basic')).toHaveLength(0);
    expect((await (await fetch(`${BASE}/Basic`)).json()) as Bundle).toMatchObject({ total: 0 });
  });
});
