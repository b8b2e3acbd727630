import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stdoutLogger } from '../log';
import { CHARTS, PATIENT } from './fixtureCharts';
import { startFakeFhir } from './fakeFhir';
import { startHarness } from './support';

const TOKEN = 'never-log-me-4f9c2a7d1e';

afterEach(() => vi.restoreAllMocks());

describe('fhirAuthorization.access_token', () => {
  it('appears in no stdout, stderr or console output, on success, on a refused server and on a timeout', async () => {
    const printed: string[] = [];
    const capture = (chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
    }
    const chart = CHARTS[0]!;
    const fhir = await startFakeFhir([...chart.conditions], { delayMs: 2000 });
    const h = await startHarness(
      { fhirServers: [fhir.base], fhirBudgetMs: 300 },
      { logger: stdoutLogger },
    );
    try {
      for (const fhirServer of [fhir.base, 'https://not-allowed.test/fhir']) {
        await h.call('heroin-education-patient-view', {
          hook: 'patient-view',
          hookInstance: randomUUID(),
          fhirServer,
          fhirAuthorization: {
            access_token: TOKEN,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'patient/*.read',
            subject: 'svc',
          },
          context: { patientId: PATIENT },
        });
      }
    } finally {
      await h.close();
      await fhir.close();
    }
    expect(printed.join('\n')).toContain('/cds-services/heroin-education-patient-view 200');
    expect(printed.join('\n')).not.toContain(TOKEN);
    expect(printed.join('\n')).not.toContain(PATIENT);
  });
});
