import { isHierarchical, normalizeCode, tableSystem } from './codeSystems';
import type { SafeCoding } from './safeRead';
import type { TableSystem, ValueSetTables } from './tables';
import type { ValueSetId } from './valueSetIds';

export interface CodeMatch {
  coding: SafeCoding;
  /** The recorded system, as the tables name it. */
  system: TableSystem;
  valueSet: ValueSetId;
  /** `url|version` as cited in Evidence. */
  canonical: string;
  /** The normalized code (ICD without dot), for rules that read its characters. */
  normalized: string;
}

export interface Terminology {
  /** The first coding (in recorded order) that is in the value set. */
  match(codingList: readonly SafeCoding[], valueSet: ValueSetId): CodeMatch | undefined;
  /** True when any coding is in any shipped value set: the concept is known, so no name fallback. */
  knows(codingList: readonly SafeCoding[], valueSets: readonly ValueSetId[]): boolean;
}

export function createTerminology(tables: ValueSetTables): Terminology {
  const sets = new Map<string, { canonical: string; codes: Map<TableSystem, Set<string>> }>();
  for (const [id, table] of Object.entries(tables.valueSets)) {
    const codes = new Map<TableSystem, Set<string>>();
    for (const [system, list] of Object.entries(table.codes) as [TableSystem, string[]][]) {
      codes.set(system, new Set(list));
    }
    sets.set(id, { canonical: `${table.url}|${table.version}`, codes });
  }

  function inSet(
    coding: SafeCoding,
    valueSet: ValueSetId,
  ): { system: TableSystem; code: string } | undefined {
    const system = tableSystem(coding.system);
    if (!system || !coding.code) return undefined;
    const codes = sets.get(valueSet)?.codes.get(system);
    if (!codes) return undefined;
    const code = normalizeCode(system, coding.code);
    if (!isHierarchical(system)) return codes.has(code) ? { system, code } : undefined;
    // ICD is hierarchical by prefix: F11.2 covers F11.20, F11.229 ...; 304.0 covers 304.00-304.03.
    for (let length = code.length; length >= 3; length -= 1) {
      if (codes.has(code.slice(0, length))) return { system, code };
    }
    return undefined;
  }

  return {
    match(codingList, valueSet) {
      for (const coding of codingList) {
        const hit = inSet(coding, valueSet);
        const canonical = sets.get(valueSet)?.canonical;
        if (hit && canonical) {
          return { coding, system: hit.system, valueSet, canonical, normalized: hit.code };
        }
      }
      return undefined;
    },
    knows(codingList, valueSets) {
      return codingList.some((c) => valueSets.some((vs) => inSet(c, vs) !== undefined));
    },
  };
}
