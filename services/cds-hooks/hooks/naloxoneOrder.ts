import type { Coding, MedicationRequest } from '@medplum/fhirtypes';

/** The suggested take-home rescue kit, as a draft the clinician can sign or discard. */
export function naloxoneSprayOrder(
  coding: Coding,
  patientId: string,
  encounterId: string | undefined,
  practitionerId: string | undefined,
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    ...(encounterId ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
    ...(practitionerId ? { requester: { reference: `Practitioner/${practitionerId}` } } : {}),
    medicationCodeableConcept: { coding: [coding], text: coding.display ?? 'naloxone nasal spray' },
    dosageInstruction: [
      {
        text:
          'For suspected opioid overdose: 1 spray in one nostril; call emergency services. ' +
          'If no response in 2 to 3 minutes, give a second spray in the other nostril.',
        asNeededBoolean: true,
      },
    ],
    dispenseRequest: { numberOfRepeatsAllowed: 1, quantity: { value: 2, unit: 'spray device' } },
  };
}
