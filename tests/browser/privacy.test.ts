import { describe, expect, it } from 'vitest';
import { attachAndConfirm, fillForm, launchDirect, waitFactsLoaded } from './helpers/app';
import { documentedWithin24h } from './helpers/admin';
import { browserHarness, origins } from './helpers/harness';
import { leaks, monitorPage } from './helpers/monitor';
import { identifyingStrings, seedPatient } from './helpers/seed';

/**
 * No PHI where it does not belong (issue 7, item 3) and the production CSP holds (item 2):
 * a whole journey per seed patient (launch, attach, download), with every console message and
 * request URL checked for the patient's names and MRN. Run unframed, so it holds whatever the
 * EHR frame does; the framed journeys (journey.test.ts) repeat the checks inside the frame.
 */

const h = browserHarness();

const PATIENTS = [
  'pat-oud-bup',
  'pat-remission-methadone',
  'pat-french',
  'pat-no-oud',
  'pat-odd',
  'pat-long-name',
];

describe('privacy and CSP during a journey', () => {
  it.each(PATIENTS)(
    '%s: no name or MRN in URLs, console or file name; no CSP report',
    async (id) => {
      const { sandboxOrigin, appOrigin } = origins();
      const patient = seedPatient(id);
      const expectDuplicate = await documentedWithin24h(sandboxOrigin, id);
      const { context, page } = await h.newPage();
      const seen = await monitorPage(context, page);
      const documents: { url: string; csp: string | undefined }[] = [];
      page.on('response', (response) => {
        if (response.request().resourceType() === 'document') {
          documents.push({
            url: response.url(),
            csp: response.headers()['content-security-policy'],
          });
        }
      });

      await launchDirect(page, sandboxOrigin, {
        patient: id,
        encounter: patient.encounter,
        profile: 'full',
      });
      await waitFactsLoaded(page);
      expect(page.url()).toBe(`${appOrigin}/`);
      await fillForm(page, {
        recipient: 'Patient',
        understanding: 'understood',
        naloxoneDiscussed: true,
        patientNote: 'See you next week.',
        internalNote: 'Privacy test.',
      });
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.getByRole('button', { name: 'Download PDF' }).click(),
      ]);
      await attachAndConfirm(page, { expectDuplicate });
      await page.waitForLoadState('networkidle');

      // After the launch the address bar holds neither the code nor the state.
      expect(page.url()).not.toMatch(/[?&#](code|state)=/);
      const identifying = identifyingStrings(patient);
      expect(leaks(seen.requests, identifying), 'request URLs').toEqual([]);
      expect(leaks(seen.console, identifying), 'console').toEqual([]);
      expect(leaks([download.suggestedFilename()], [...identifying, id]), 'file name').toEqual([]);
      expect(seen.pageErrors).toEqual([]);

      // Every app document came with the production CSP, and nothing violated it.
      const appDocuments = documents.filter((d) => d.url.startsWith(appOrigin));
      expect(appDocuments.length).toBeGreaterThanOrEqual(2); // /launch/ and /
      for (const doc of appDocuments) {
        expect(doc.csp, doc.url).toMatch(/script-src 'self'(;|$)/);
        expect(doc.csp, doc.url).toMatch(/frame-ancestors /);
      }
      expect(seen.cspViolations).toEqual([]);
    },
  );
});
