import type { DocumentReference, Procedure } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  byIdentifier,
  documentedWithin24h,
  provenanceFor,
  readResource,
  recordIdentifier,
} from './helpers/admin';
import { PROFILES, attachAndConfirm, fillForm, launchDirect, waitFactsLoaded } from './helpers/app';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/**
 * A proxy in front of the EHR as the SMART App Launcher is: its answers carry no
 * `Access-Control-Expose-Headers`, so real Chromium hides `Location` from the app, and the
 * `Location` it sends names the upstream server's address. Attach must still complete, once.
 */

const h = browserHarness();
const UPSTREAM = 'http://127.0.0.1:9/upstream/fhir';

describe.each(PROFILES)('attach behind a proxy that hides Location, profile %s', (profile) => {
  it('completes with one DocumentReference (and Procedure where written)', async () => {
    const { sandboxOrigin } = origins();
    const patient = seedPatient('pat-odd');
    const { context, page } = await h.newPage();
    await context.route(
      (url) => url.origin === sandboxOrigin && url.pathname.includes('/fhir'),
      async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['access-control-expose-headers'];
        if (headers.location) {
          headers.location = `${UPSTREAM}/${headers.location.replace(/^.*\/fhir\//, '')}`;
        }
        await route.fulfill({ response, headers });
      },
    );
    await launchDirect(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile,
    });
    await waitFactsLoaded(page);
    await fillForm(page, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: true,
      patientNote: `Behind a proxy (${profile}, ${Date.now()}).`,
      internalNote: '',
    });
    const attached = await attachAndConfirm(page, {
      expectDuplicate: await documentedWithin24h(sandboxOrigin, patient.id),
    });
    expect(attached.statusText).toContain('Attached to the chart.');

    const doc = await readResource<DocumentReference>(
      sandboxOrigin,
      'DocumentReference',
      attached.documentReference,
    );
    const identifier = recordIdentifier(doc);
    expect(identifier).toBeDefined();
    if (!identifier) return;
    const docs = await byIdentifier<DocumentReference>(
      sandboxOrigin,
      'DocumentReference',
      identifier,
    );
    expect(docs.map((d) => d.id)).toEqual([doc.id]);
    const procedures = await byIdentifier<Procedure>(sandboxOrigin, 'Procedure', identifier);
    expect(procedures).toHaveLength(profile === 'notes-only' ? 0 : 1);
    const provenances = await provenanceFor(sandboxOrigin, `DocumentReference/${doc.id ?? ''}`);
    expect(provenances).toHaveLength(profile === 'notes-only' ? 0 : 1);
  }, 60_000);
});
