import { describe, expect, it } from 'vitest';
import { readCapabilityStatement } from './capabilities';
import { declaredCapabilities, instantRetry, testTransport } from './write/testing/fixtures';
import { useMswFhir } from '../../tests/support/mswFhir';

describe('readCapabilityStatement', () => {
  const { serve } = useMswFhir();

  it('GETs metadata', async () => {
    const statement = declaredCapabilities([{ type: 'DocumentReference' }]);
    const server = serve({ capabilityStatement: statement });
    await expect(readCapabilityStatement(testTransport())).resolves.toEqual(statement);
    expect(server.lines()).toEqual(['GET metadata']);
  });

  it('retries a transient failure', async () => {
    const server = serve({ capabilityStatement: declaredCapabilities([]) });
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
