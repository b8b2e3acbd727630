import { describe, expect, it } from 'vitest';
import { fakeAuth } from '../../tests/support/fakeAuth';
import { readCapabilityStatement } from './capabilities';
import { createTransport } from './transport';

const BASE = 'http://ehr.test/fhir';

/** A fetch that records each request's headers and answers `statuses` in turn. */
function recordingFetch(statuses: number[]) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    seen.push({
      url: input instanceof Request ? input.url : input.toString(),
      headers: { ...(init?.headers as Record<string, string>) },
    });
    const status = statuses.shift() ?? 200;
    const body = status === 200 ? JSON.stringify({ resourceType: 'CapabilityStatement' }) : '';
    return Promise.resolve(new Response(body, { status }));
  };
  return { seen, fetchImpl };
}

describe('transport: the CapabilityStatement is read without the token', () => {
  it('metadata goes without Authorization, so the browser needs no CORS preflight for it', async () => {
    const { seen, fetchImpl } = recordingFetch([200]);
    const statement = await readCapabilityStatement(
      createTransport(BASE, fakeAuth(), { fetchImpl }),
    );
    expect(statement?.resourceType).toBe('CapabilityStatement');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${BASE}/metadata`);
    expect(Object.keys(seen[0]?.headers ?? {})).toEqual(['Accept']);
  });

  it('an EHR that guards metadata (401): sent again once with the token', async () => {
    const { seen, fetchImpl } = recordingFetch([401, 200]);
    const statement = await readCapabilityStatement(
      createTransport(BASE, fakeAuth(), { fetchImpl }),
    );
    expect(statement?.resourceType).toBe('CapabilityStatement');
    expect(seen.map((r) => r.headers.Authorization)).toEqual([undefined, 'Bearer test-token']);
  });

  it('every other read carries the token', async () => {
    const { seen, fetchImpl } = recordingFetch([200]);
    await createTransport(BASE, fakeAuth(), { fetchImpl }).request({
      method: 'GET',
      url: 'Patient/1',
    });
    expect(seen[0]?.headers.Authorization).toBe('Bearer test-token');
  });
});
