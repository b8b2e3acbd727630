import { normalizeCode, tableSystem } from './codeSystems';
import type { TableSystem, ValueSetTable, ValueSetTables } from './tables';
import { SHIPPED_VALUE_SETS } from './valueSetIds';

/**
 * Builds the shipped lookup tables from ValueSet resources (parsed JSON). Pure, so the build
 * script and the staleness test produce byte-identical output.
 */
export function buildValueSetTables(resources: readonly unknown[]): ValueSetTables {
  const byId = new Map<string, ValueSetTable>();
  for (const raw of resources) {
    const vs = raw as {
      resourceType?: unknown;
      id?: unknown;
      url?: unknown;
      version?: unknown;
      expansion?: { contains?: unknown };
    };
    if (vs.resourceType !== 'ValueSet' || typeof vs.id !== 'string') continue;
    if (!(SHIPPED_VALUE_SETS as readonly string[]).includes(vs.id)) continue;
    if (typeof vs.url !== 'string' || typeof vs.version !== 'string') {
      throw new Error(`ValueSet ${vs.id} needs a url and a version`);
    }
    const codes: Partial<Record<TableSystem, Set<string>>> = {};
    const contains = Array.isArray(vs.expansion?.contains) ? vs.expansion.contains : [];
    for (const entry of contains as { system?: unknown; code?: unknown }[]) {
      const system = tableSystem(typeof entry.system === 'string' ? entry.system : undefined);
      if (!system || typeof entry.code !== 'string') {
        throw new Error(`ValueSet ${vs.id} has a code the tables cannot hold`);
      }
      (codes[system] ??= new Set()).add(normalizeCode(system, entry.code));
    }
    const sorted: Partial<Record<TableSystem, string[]>> = {};
    for (const system of ['ccdd', 'din', 'icd10', 'icd9', 'rxnorm', 'snomed'] as const) {
      const set = codes[system];
      if (set) sorted[system] = [...set].sort();
    }
    byId.set(vs.id, { url: vs.url, version: vs.version, codes: sorted });
  }
  const missing = SHIPPED_VALUE_SETS.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new Error(`Missing value sets: ${missing.join(', ')}`);
  const valueSets: Record<string, ValueSetTable> = {};
  for (const id of [...SHIPPED_VALUE_SETS].sort()) {
    const table = byId.get(id);
    if (table) valueSets[id] = table;
  }
  return { format: 1, valueSets };
}

/** The committed file's exact text: stable key order, two-space indent, final newline. */
export function serializeTables(tables: ValueSetTables): string {
  return `${JSON.stringify(tables, null, 2)}\n`;
}
