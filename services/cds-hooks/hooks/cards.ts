import { randomUUID } from 'node:crypto';
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { Card, HookName, Link } from '../types';
import type { AgonistFinding } from '../../../src/clinical/findings';
import type { Reason } from './decision';

/** The handout and its publisher, named on every card's source. */
export const HANDOUT = {
  title: 'Learning About Heroin Use and Withdrawal',
  publisher: 'Healthwise',
  code: 'P277',
} as const;

export const SOURCE = {
  label: `${HANDOUT.publisher}: ${HANDOUT.title} (${HANDOUT.code})`,
  topic: {
    system: 'https://github.com/heroin-education-smart-app/tags',
    code: 'education-handout-P277',
    display: 'Heroin use and withdrawal education (Healthwise P277)',
  },
};

export const LINK_LABEL = 'Open heroin use and withdrawal education';
export const SUMMARY_LIMIT = 140;

/** Why the app was opened, for the app to show: ids of the evidence, no names or notes. */
export interface AppContext {
  hook: HookName;
  reason: 'oud' | 'overdose' | 'agonist-order';
  evidence: string[];
}

export function smartLink(appLaunchUrl: string, context: AppContext): Link {
  return {
    label: LINK_LABEL,
    url: appLaunchUrl,
    type: 'smart',
    appContext: JSON.stringify(context),
  };
}

/** Card summaries are limited to 140 characters by the spec; long recorded labels are cut. */
export function fitSummary(text: string): string {
  return text.length <= SUMMARY_LIMIT ? text : `${text.slice(0, SUMMARY_LIMIT - 1).trimEnd()}…`;
}

/** Marked as the panel marks them; a problem list without verificationStatus is not. */
const TENTATIVE: ReadonlySet<string> = new Set(['provisional', 'differential', 'unconfirmed']);

function reasonText(reason: Reason): string {
  if (reason.kind === 'oud') {
    const { status: recorded, verification } = reason.finding;
    const words = [
      ...(recorded === 'active' ? [] : [recorded === 'remission' ? 'in remission' : recorded]),
      // A tentative diagnosis is never stated as a fact (the panel marks it the same way).
      ...(TENTATIVE.has(verification) ? [verification] : []),
    ];
    return `Opioid use disorder${words.length ? ` (${words.join(', ')})` : ''}`;
  }
  return 'Opioid overdose on record';
}

function evidenceRef(reason: Reason): string[] {
  const e = reason.finding.evidence;
  return e.id ? [`${e.resourceType}/${e.id}`] : [];
}

export function patientViewCard(
  reason: Reason,
  naloxoneOnRecord: boolean | undefined,
  appLaunchUrl: string,
  windowMonths: number,
): Card {
  return {
    uuid: randomUUID(),
    summary: fitSummary(
      `${reasonText(reason)}: no heroin use and withdrawal education in ${windowMonths} months`,
    ),
    detail:
      `Recorded as "${reason.finding.label}". ` +
      (naloxoneOnRecord === undefined
        ? 'The medication list could not be read: check for rescue naloxone.'
        : naloxoneOnRecord
          ? 'Rescue naloxone is on record.'
          : 'No rescue naloxone is on record: consider a take-home kit.'),
    // Unknown naloxone is not reassurance: warn as when it is missing.
    indicator: naloxoneOnRecord === true ? 'info' : 'warning',
    source: SOURCE,
    links: [
      smartLink(appLaunchUrl, {
        hook: 'patient-view',
        reason: reason.kind,
        evidence: evidenceRef(reason),
      }),
    ],
  };
}

const AGONIST_WORD: Record<AgonistFinding['kind'], string> = {
  buprenorphine: 'Buprenorphine',
  methadone: 'Methadone',
  morphine: 'Slow-release oral morphine',
};

export function orderSignCard(
  agonist: AgonistFinding['kind'],
  naloxoneOrder: MedicationRequest,
  appLaunchUrl: string,
): Card {
  return {
    uuid: randomUUID(),
    summary: fitSummary(
      `${AGONIST_WORD[agonist]} ordered with no rescue naloxone on record: add a naloxone nasal spray`,
    ),
    detail:
      'Patients on opioid agonist therapy should have a take-home naloxone kit. ' +
      'No rescue naloxone ordered or dispensed in the last 12 months was found.',
    indicator: 'warning',
    source: SOURCE,
    selectionBehavior: 'at-most-one',
    suggestions: [
      {
        label: 'Add naloxone nasal spray (take-home rescue kit)',
        uuid: randomUUID(),
        isRecommended: true,
        actions: [
          {
            type: 'create',
            description: 'Draft order: naloxone nasal spray for suspected opioid overdose',
            resource: naloxoneOrder,
          },
        ],
      },
    ],
    links: [smartLink(appLaunchUrl, { hook: 'order-sign', reason: 'agonist-order', evidence: [] })],
  };
}

export function dischargeCard(reason: Reason, appLaunchUrl: string): Card {
  return {
    uuid: randomUUID(),
    summary: fitSummary(
      'Opioid overdose this encounter: give heroin use and withdrawal education before discharge',
    ),
    detail: `Recorded as "${reason.finding.label}".`,
    indicator: 'warning',
    source: SOURCE,
    links: [
      smartLink(appLaunchUrl, {
        hook: 'encounter-discharge',
        reason: 'overdose',
        evidence: evidenceRef(reason),
      }),
    ],
  };
}
