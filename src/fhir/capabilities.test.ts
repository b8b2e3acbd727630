import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  ResourceType,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { readCapabilityStatement } from './capabilities';
import { instantRetry, testTransport } from './write/testing/fixtures';
import { useMswFhir } from '../../tests/support/mswFhir';

type Declared = { type: ResourceType; create?: boolean; conditionalCreate?: boolean };

function cs(resources: Declared[], transaction = false): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        ...(transaction ? { interaction: [{ code: 'transaction' }] } : {}),
        resource: resources.map((r): CapabilityStatementRestResource => ({
          type: r.type,
          interaction: [
            { code: 'read' },
            ...(r.create === false ? [] : [{ code: 'create' as const }]),
          ],
          ...(r.conditionalCreate ? { conditionalCreate: true } : {}),
        })),
      },
    ],
  };
}

describe('readCapabilityStatement', () => {
  const { serve } = useMswFhir();

  it('GETs metadata', async () => {
    const statement = cs([{ type: 'DocumentReference' }]);
    const server = serve({ capabilityStatement: statement });
    await expect(readCapabilityStatement(testTransport())).resolves.toEqual(statement);
    expect(server.lines()).toEqual(['GET metadata']);
  });

  it('retries a transient failure', async () => {
    const server = serve({ capabilityStatement: cs([]) });
    server.fail('GET metadata', { status: 503 });
    await expect(
      readCapabilityStatement(testTransport(), undefined, instantRetry()),
    ).resolves.toMatchObject({
      resourceType: 'CapabilityStatement',
    });
    expect(server.lines()).toEqual(['GET metadata', 'GET metadata']);
  });

  it('yields undefined for a missing or foreign metadata document', async () => {
    const server = serve();
    await expect(readCapabilityStatement(testTransport())).resolves.toBeUndefined();
    server.fail('GET metadata', { status: 200, body: { resourceType: 'Patient' } });
    await expect(readCapabilityStatement(testTransport())).resolves.toBeUndefined();
  });

  it('rethrows an ended session (401 without the token, and again with it)', async () => {
    const server = serve();
    server.fail('GET metadata', { status: 401 }, 2);
    await expect(readCapabilityStatement(testTransport())).rejects.toMatchObject({
      kind: 'unauthorized',
    });
  });
});
