import type {
  CapabilityStatement,
  CapabilityStatementRest,
  CapabilityStatementRestResource,
} from '@medplum/fhirtypes';
import { hasScope } from '../scopes';
import { isEpic, planBehaviours } from './ehrQuirks';
import type { StepName, WritePlan, WritePlanName } from './types';

/** What the site's config says about this EHR (public/config.json). */
export interface SitePolicy {
  /** `issuers[].writePlan`: wins over the CapabilityStatement for the plan name. */
  override?: WritePlanName | undefined;
  /** `notesReleasedToPatient`: the EHR may release clinical notes to the patient (portal). */
  notesReleasedToPatient: boolean;
}

const WRITTEN_TYPES: StepName[] = ['DocumentReference', 'Procedure', 'Provenance'];

/**
 * Picks how to write from what the server declares:
 * - `full`: system `transaction` plus create for DocumentReference and Procedure;
 * - `no-transaction`: create for DocumentReference and Procedure, no transaction;
 * - `notes-only`: anything less (only DocumentReference create, or not even that: then the one
 *   text note is still the least we can try, and the server's refusal is shown).
 * Conditional create is taken per type from `conditionalCreate`; Provenance is written only where
 * its create is declared (an undeclared write would only fail and leave the run incomplete).
 *
 * No CapabilityStatement: `no-transaction` without conditional create and without Provenance.
 * Separate creates are what every R4 server accepts; without conditional-create facts the plan
 * looks for its own earlier write before each create, so nothing is duplicated; the PDF is still
 * stored. (A notes-only fallback would drop the PDF and the Procedure on servers that accept them.)
 *
 * `site.override` wins for the plan name; the conditional-create and Provenance facts still come
 * from the server. The plan's behaviours (encounter, content entries, internal note) follow from
 * its name and the site's notes policy (ehrQuirks.planBehaviours); planWithinScopes then only
 * narrows them to what the token allows (no Procedure: no internal note).
 */
export function choosePlan(cs: CapabilityStatement | undefined, site: SitePolicy): WritePlan {
  const rest = cs ? serverRest(cs) : undefined;
  const creatable = (type: StepName) => hasInteraction(resourceOf(rest, type), 'create');
  const conditionalCreate = Object.fromEntries(
    WRITTEN_TYPES.map((type) => [type, resourceOf(rest, type)?.conditionalCreate === true]),
  ) as WritePlan['conditionalCreate'];

  let name: WritePlanName;
  if (site.override) name = site.override;
  else if (!cs) name = 'no-transaction';
  else if (isEpic(cs)) name = 'notes-only';
  else if (
    creatable('DocumentReference') &&
    creatable('Procedure') &&
    (rest?.interaction ?? []).some((i) => i.code === 'transaction')
  )
    name = 'full';
  else if (creatable('DocumentReference') && creatable('Procedure')) name = 'no-transaction';
  else name = 'notes-only';

  return {
    name,
    conditionalCreate,
    procedure: name !== 'notes-only',
    provenance: name !== 'notes-only' && creatable('Provenance'),
    behaviours: planBehaviours(name, site.notesReleasedToPatient),
  };
}

/**
 * Drops the steps the token may not do (SMART scopes, v1 or v2 syntax): a missing
 * `patient/Procedure.c` makes the Procedure "skipped" instead of a certain 403. An empty grant
 * list means the server did not say, so nothing is dropped.
 */
export function planWithinScopes(plan: WritePlan, grantedScopes: readonly string[]): WritePlan {
  if (grantedScopes.length === 0) return plan;
  const procedure = plan.procedure && hasScope(grantedScopes, 'Procedure', 'c');
  // The internal note rides on the Procedure there: without it, the form must not say "saved".
  const loses = !procedure && plan.behaviours.internalNote === 'procedure-note';
  return {
    ...plan,
    procedure,
    provenance: plan.provenance && hasScope(grantedScopes, 'Provenance', 'c'),
    behaviours: loses ? { ...plan.behaviours, internalNote: 'no-procedure' } : plan.behaviours,
  };
}

function serverRest(cs: CapabilityStatement): CapabilityStatementRest | undefined {
  return cs.rest?.find((rest) => rest.mode === 'server') ?? cs.rest?.[0];
}

function resourceOf(
  rest: CapabilityStatementRest | undefined,
  type: StepName,
): CapabilityStatementRestResource | undefined {
  return rest?.resource?.find((resource) => resource.type === type);
}

function hasInteraction(
  resource: CapabilityStatementRestResource | undefined,
  code: string,
): boolean {
  return (resource?.interaction ?? []).some((interaction) => interaction.code === code);
}
