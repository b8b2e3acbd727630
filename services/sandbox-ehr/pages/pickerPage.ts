import type { ServerResponse } from 'node:http';
import type { Patient, Practitioner } from '@medplum/fhirtypes';
import type { SandboxContext } from '../context';
import type { Profile } from '../profiles';
import { listAll } from '../store/chartLookup';
import { patientLabel, practitionerLabel } from './chartLabels';
import { html, sendPage } from './html';

/**
 * The standalone launch "login": pick who is signed in and, when the app asked for
 * `launch/patient`, which patient. Posts back to /auth/authorize/pick.
 */
export async function sendPatientPicker(
  ctx: SandboxContext,
  res: ServerResponse,
  pendingId: string,
  profile: Profile,
  wantsPatient: boolean,
): Promise<void> {
  const patients = await listAll<Patient>(ctx.store.repo, 'Patient');
  const practitioners = await listAll<Practitioner>(ctx.store.repo, 'Practitioner');
  const patientChoices = patients.map(
    (p, i) =>
      html`<label class="inline"
        ><input type="radio" name="patient" value="${p.id}" ${i === 0 ? html`checked` : ''} />
        ${patientLabel(p)}</label
      >`,
  );
  const practitionerChoices = practitioners.map(
    (p, i) =>
      html`<label class="inline"
        ><input type="radio" name="practitioner" value="${p.id}" ${i === 0 ? html`checked` : ''} />
        ${practitionerLabel(p)}</label
      >`,
  );
  sendPage(res, 200, {
    title: 'Sandbox EHR sign-in',
    // Chrome applies form-action to the redirect that follows the POST.
    csp: [`form-action 'self' ${ctx.appOrigin}`],
    body: html`<main>
      <h1>Sandbox EHR: standalone launch</h1>
      <p class="lede">
        Profile <code>${profile}</code>. Synthetic data only. There is no password: choose who you
        are${wantsPatient ? ' and the patient' : ''}.
      </p>
      <form method="post" action="/auth/authorize/pick">
        <input type="hidden" name="pending" value="${pendingId}" />
        <fieldset>
          <legend>Signed-in practitioner</legend>
          ${practitionerChoices}
        </fieldset>
        ${
          wantsPatient
            ? html`<fieldset>
                <legend>Patient</legend>
                ${patientChoices}
              </fieldset>`
            : ''
        }
        <p>
          <button type="submit" name="action" value="approve">Continue to the app</button>
          <button type="submit" name="action" value="deny" style="background:#5b6673">
            Cancel
          </button>
        </p>
      </form>
    </main>`,
  });
}
