import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { LaunchContext } from '../auth/authState';
import type { SandboxContext } from '../context';
import { fhirBase } from '../context';
import { isReadableType } from '../profiles';

/** What the sandbox reads from a CDS service's answer; the service is trusted no further. */
export interface CdsCard {
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string };
  links: { label: string; url: string; type: 'smart' | 'absolute'; appContext?: string }[];
  suggestions: {
    label: string;
    actions: { type: string; description: string; resource?: unknown }[];
  }[];
}

export type CdsAnswer = { ok: true; cards: CdsCard[] } | { ok: false; message: string };

/** The EHR waits this long for cards before drawing the chart without them. */
const WAIT_MS = 2500;
const SERVICE_TOKEN_SECONDS = 300;
/** What the service may read about the chart's patient: its prefetch types, no more. */
const SERVICE_READS = [
  'Patient',
  'Encounter',
  'Condition',
  'MedicationRequest',
  'MedicationDispense',
  'MedicationStatement',
  'DocumentReference',
  'Procedure',
  'Medication',
].filter(isReadableType);

function isCard(value: unknown): value is CdsCard {
  const c = value as Partial<CdsCard> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.summary === 'string' &&
    ['info', 'warning', 'critical'].includes(String(c.indicator)) &&
    typeof c.source?.label === 'string'
  );
}

function normalise(card: CdsCard): CdsCard {
  return {
    ...card,
    links: (Array.isArray(card.links) ? card.links : []).filter(
      (l) => typeof l.label === 'string' && typeof l.url === 'string',
    ),
    suggestions: (Array.isArray(card.suggestions) ? card.suggestions : []).filter(
      (s) => typeof s.label === 'string' && Array.isArray(s.actions),
    ),
  };
}

/**
 * A patient-scoped, read-only token for the CDS service, as an EHR hands one over in
 * `fhirAuthorization`; bound to this launch's patient and FHIR base, five minutes long.
 */
function serviceAuthorization(ctx: SandboxContext, launch: LaunchContext) {
  const scopes = SERVICE_READS.map((t) => `patient/${t}.rs`);
  const token = ctx.auth.mintAccessToken({
    grant: { id: randomUUID(), clientId: 'cds-hooks-service', launch, scopes },
    scopes,
    profile: launch.profile,
    expiresAt: Date.now() + SERVICE_TOKEN_SECONDS * 1000,
  });
  return {
    access_token: token,
    token_type: 'Bearer',
    expires_in: SERVICE_TOKEN_SECONDS,
    scope: scopes.join(' '),
    subject: 'cds-hooks-service',
    patient: launch.patient,
  };
}

/**
 * Calls one CDS service from the sandbox server (not the browser: the signing key stays on
 * the server and the EHR pages keep their no-script CSP). No prefetch is sent, so the
 * service reads what it needs through `fhirAuthorization`, as with an EHR that prefetches nothing.
 */
export async function callCdsService(
  ctx: SandboxContext,
  serviceId: string,
  hook: string,
  launch: LaunchContext,
  extraContext: Record<string, unknown> = {},
): Promise<CdsAnswer | undefined> {
  if (!ctx.cds.url || !launch.patient) return undefined;
  const url = `${ctx.cds.url}/cds-services/${serviceId}`;
  const body = {
    hook,
    hookInstance: randomUUID(),
    fhirServer: fhirBase(ctx, launch.profile),
    fhirAuthorization: serviceAuthorization(ctx, launch),
    context: {
      userId: `Practitioner/${launch.practitioner}`,
      patientId: launch.patient,
      ...(launch.encounter ? { encounterId: launch.encounter } : {}),
      ...extraContext,
    },
  };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await ctx.cds.key.sign(url)}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WAIT_MS),
    });
    if (!response.ok) {
      return { ok: false, message: `The CDS service answered ${response.status}` };
    }
    const answer = (await response.json()) as { cards?: unknown };
    const cards = Array.isArray(answer.cards) ? answer.cards.filter(isCard).map(normalise) : [];
    return { ok: true, cards };
  } catch {
    return { ok: false, message: 'The CDS service did not answer in time' };
  }
}

export function draftOrdersBundle(resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource })),
  };
}
