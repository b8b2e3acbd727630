import type { ServerResponse } from 'node:http';
import type { Encounter, Patient, Practitioner } from '@medplum/fhirtypes';
import type { SandboxContext } from '../context';
import { fhirBase } from '../context';
import { PROFILES, PROFILE_RULES } from '../profiles';
import { listAll } from '../store/chartLookup';
import { encounterLabel, patientLabel, practitionerLabel } from './chartLabels';
import type { Html } from './html';
import { SEED_STORIES } from './seedStories';
import { html, sendPage } from './html';

/**
 * CDS Hooks demo: sign a buprenorphine/naloxone order for the chosen patient, which calls the
 * order-sign service (services/cds-hooks) and shows its card and suggestion.
 */
function orderSignDemo(patients: Patient[], practitioners: Practitioner[]): Html {
  return html`<form method="get" action="/cds/order-sign">
    <fieldset>
      <legend>Decision support demo</legend>
      <label for="order-patient">Patient</label>
      <select id="order-patient" name="patient" required>
        ${patients.map((p) => html`<option value="${p.id}">${patientLabel(p)}</option>`)}
      </select>
      <label for="order-practitioner">Ordering user</label>
      <select id="order-practitioner" name="practitioner" required>
        ${practitioners.map((p) => html`<option value="${p.id}">${practitionerLabel(p)}</option>`)}
      </select>
      <p class="hint">
        Drafts buprenorphine 8 mg / naloxone 2 mg sublingual film (order-sign hook).
      </p>
      <p><button type="submit">Sign an order</button></p>
    </fieldset>
  </form>`;
}

/** GET /: choose a patient, user, encounter and EHR profile, then launch the app. */
export async function sendLauncherPage(ctx: SandboxContext, res: ServerResponse): Promise<void> {
  const repo = ctx.store.repo;
  const patients = await listAll<Patient>(repo, 'Patient');
  const practitioners = await listAll<Practitioner>(repo, 'Practitioner');
  const encounters = await listAll<Encounter>(repo, 'Encounter');
  const option = (value: string | undefined, label: string): Html =>
    html`<option value="${value}">${label}</option>`;

  sendPage(res, 200, {
    title: 'Sandbox EHR launcher',
    body: html`<main>
      <h1>Sandbox EHR launcher</h1>
      <p class="lede">
        A local stand-in for an EHR: synthetic, fictional patients only. Launches the app at
        <code>${ctx.appOrigin}</code>.
      </p>
      <form method="get" action="/launch">
        <fieldset>
          <legend>Chart</legend>
          <label for="patient">Patient</label>
          <select id="patient" name="patient" required>
            ${patients.map((p) => option(p.id, patientLabel(p)))}
          </select>
          <label for="practitioner">Signed-in user</label>
          <select id="practitioner" name="practitioner" required>
            ${practitioners.map((p) => option(p.id, practitionerLabel(p)))}
          </select>
          <label for="encounter">Encounter (must belong to the patient)</label>
          <select id="encounter" name="encounter" aria-describedby="encounter-hint">
            <option value="">No encounter in context</option>
            ${encounters.map((e) => option(e.id, encounterLabel(e)))}
          </select>
          <p class="hint" id="encounter-hint">
            The notes-only profile needs an encounter to file a note.
          </p>
        </fieldset>
        <fieldset>
          <legend>EHR behaviour profile</legend>
          ${PROFILES.map(
            (p, i) =>
              html`<label class="inline"
                ><input type="radio" name="profile" value="${p}" ${i === 0 ? html`checked` : ''} />
                <span><strong>${p}</strong>: ${PROFILE_RULES[p].description}</span></label
              >`,
          )}
        </fieldset>
        <fieldset>
          <legend>Display</legend>
          <input type="hidden" name="need_patient_banner" value="false" />
          <label class="inline"
            ><input type="checkbox" name="need_patient_banner" value="true" checked /> App shows its
            own patient banner (need_patient_banner)</label
          >
          <label class="inline"
            ><input type="checkbox" name="frame" value="1" /> Open in EHR frame (iframe under an EHR
            chart banner)</label
          >
        </fieldset>
        <details>
          <summary>Test knobs (sandbox only)</summary>
          <fieldset>
            <legend>Test knobs</legend>
            <label for="token_lifetime">Access token lifetime, seconds</label>
            <input
              id="token_lifetime"
              name="token_lifetime"
              type="number"
              min="1"
              inputmode="numeric"
              placeholder="${String(ctx.tokenLifetimeSeconds)}"
            />
            <label for="refresh_lifetime">Refresh token lifetime, seconds</label>
            <input
              id="refresh_lifetime"
              name="refresh_lifetime"
              type="number"
              min="1"
              inputmode="numeric"
            />
            <label for="deny_scopes">Scopes to drop from the grant (comma-separated)</label>
            <input
              id="deny_scopes"
              name="deny_scopes"
              type="text"
              placeholder="patient/Procedure.c"
            />
            <label class="inline"
              ><input type="checkbox" name="no_refresh" value="1" /> Issue no refresh token</label
            >
          </fieldset>
        </details>
        <p><button type="submit">Launch</button></p>
      </form>
      <h2>Seed patients</h2>
      <ul class="seed-stories">
        ${patients.map(
          (p) =>
            html`<li>
              <code>${p.id}</code>: ${SEED_STORIES[p.id ?? ''] ?? 'Added after the seed.'}
            </li>`,
        )}
      </ul>
      ${orderSignDemo(patients, practitioners)}
      <h2>FHIR bases</h2>
      <ul>
        ${PROFILES.map((p) => html`<li><code>${fhirBase(ctx, p)}</code>: <a href="/${p}/fhir/metadata">metadata</a>, <a href="/${p}/fhir/.well-known/smart-configuration">smart-configuration</a></li>`)}
      </ul>
    </main>`,
  });
}
