import type { ServerResponse } from 'node:http';
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { LaunchContext } from '../auth/authState';
import { CARDS_STYLE, cardsSection } from '../cds/cardsView';
import type { CdsCard } from '../cds/cdsClient';
import { callCdsService, draftOrdersBundle } from '../cds/cdsClient';
import type { SandboxContext } from '../context';
import { isProfile } from '../profiles';
import { findPatient, findPractitioner } from '../store/chartLookup';
import { nameOf } from './chartLabels';
import { html, sendErrorPage, sendPage } from './html';

const CDS_ORDER_SIGN = 'heroin-education-order-sign';

/** The demo order: buprenorphine/naloxone 8 mg/2 mg film, RxNorm SCD 1010604 (value set buprenorphine-oud). */
export function demoBuprenorphineOrder(
  patientId: string,
  practitionerId: string,
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: 'demo-draft-bup',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    requester: { reference: `Practitioner/${practitionerId}` },
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '1010604',
          display: 'buprenorphine 8 MG / naloxone 2 MG Sublingual Film',
        },
      ],
      text: 'buprenorphine 8 MG / naloxone 2 MG Sublingual Film',
    },
    dosageInstruction: [{ text: '1 film under the tongue once daily' }],
  };
}

function suggestionsView(card: CdsCard) {
  return html`${card.suggestions.map(
    (s) =>
      html`<div class="suggestion">
        <p><strong>Suggestion:</strong> ${s.label}</p>
        <ul>
          ${s.actions.map((a) => {
            const order = a.resource as MedicationRequest | undefined;
            return html`<li>
              ${a.type}: ${a.description}
              ${
                order?.medicationCodeableConcept
                  ? html`(<code>${order.medicationCodeableConcept.coding?.[0]?.code}</code>
                      ${order.medicationCodeableConcept.text})`
                  : ''
              }
            </li>`;
          })}
        </ul>
      </div>`,
  )}`;
}

/**
 * GET /cds/order-sign?patient=&practitioner=: the launcher's "Sign an order" demo. Drafts a
 * buprenorphine/naloxone order for the patient and calls the order-sign service with it.
 */
export async function handleOrderSignDemo(
  ctx: SandboxContext,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const patientId = url.searchParams.get('patient') ?? '';
  const practitionerId = url.searchParams.get('practitioner') ?? '';
  const profile = url.searchParams.get('profile') || 'full';
  const patient = patientId ? await findPatient(ctx.store.repo, patientId) : undefined;
  if (
    !patient ||
    !(await findPractitioner(ctx.store.repo, practitionerId)) ||
    !isProfile(profile)
  ) {
    sendErrorPage(
      res,
      400,
      'Cannot sign the order',
      'Choose a known patient and user on the launcher.',
    );
    return;
  }
  const launch: LaunchContext = {
    profile,
    patient: patientId,
    practitioner: practitionerId,
    needPatientBanner: true,
    denyScopes: [],
    noRefresh: false,
  };
  const order = demoBuprenorphineOrder(patientId, practitionerId);
  const answer = await callCdsService(ctx, CDS_ORDER_SIGN, 'order-sign', launch, {
    draftOrders: draftOrdersBundle([order]),
  });
  sendPage(res, 200, {
    title: `Sign an order: ${nameOf(patient.name)}`,
    style: CARDS_STYLE,
    body: html`<main>
      <h1>Sign an order</h1>
      <p class="lede">
        Draft for <strong dir="auto">${nameOf(patient.name)}</strong>:
        ${order.medicationCodeableConcept?.text}, ${order.dosageInstruction?.[0]?.text}.
      </p>
      ${
        answer
          ? cardsSection(answer, launch, suggestionsView)
          : html`<p>No CDS service is configured (SANDBOX_CDS_URL).</p>`
      }
      ${
        answer?.ok && answer.cards.length === 0
          ? html`<p role="status">No decision support cards for this order.</p>`
          : ''
      }
      <p><a href="/">Back to the sandbox launcher</a></p>
    </main>`,
  });
}
