import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { FhirRequest, FhirTransport } from '../../fhir/transport';
import type { Session } from '../../session/session';
import { prefetchChart } from './chartQueries';

function recordingSession(): { session: Session; sent: FhirRequest[] } {
  const sent: FhirRequest[] = [];
  const transport: FhirTransport = {
    baseUrl: 'https://ehr.example/fhir',
    request: (req) => {
      sent.push(req);
      return new Promise(() => undefined); // never answers: only the order of sending matters
    },
  };
  const session = {
    transport,
    context: {
      serverUrl: 'https://ehr.example/fhir',
      patientId: 'p1',
      encounterId: 'e1',
      fhirUser: 'Practitioner/pr1',
      grantedScopes: ['patient/*.rs', 'user/Practitioner.rs'],
      needPatientBanner: true,
    },
  } as unknown as Session;
  return { session, sent };
}

describe('prefetchChart', () => {
  it('sends the Patient read (the banner waits for it) before every other chart request', async () => {
    const { session, sent } = recordingSession();
    prefetchChart(new QueryClient(), session);
    await new Promise((done) => setTimeout(done, 0));
    expect(sent.length).toBeGreaterThan(3);
    expect(sent[0]).toMatchObject({ method: 'GET', url: 'Patient/p1' });
    expect(sent.slice(1).some((r) => r.url.startsWith('Patient/'))).toBe(false);
  });
});
