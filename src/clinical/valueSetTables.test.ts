import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildValueSetTables } from './buildTables';
import { assertValueSetTables, loadValueSetTables } from './index';
import { SHIPPED_VALUE_SETS } from './valueSetIds';

const dir = join(import.meta.dirname, 'valuesets');

interface ValueSetFile {
  id: string;
  url: string;
  version: string;
  description?: string;
  copyright?: string;
  extension?: { url: string; valueCanonical?: string }[];
  expansion: { total: number; contains: { system: string; code: string; display?: string }[] };
}

function readValueSets(): ValueSetFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ValueSetFile);
}

describe('value set tables', () => {
  it('the committed generated/tables.json equals a rebuild from the ValueSet files (run npm run valuesets:build)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(import.meta.dirname, 'generated/tables.json'), 'utf8'),
    );
    expect(committed).toEqual(buildValueSetTables(readValueSets()));
  });

  it('loadValueSetTables returns tables holding every value set the rules read', async () => {
    const tables = await loadValueSetTables();
    expect(Object.keys(tables.valueSets).sort()).toEqual([...SHIPPED_VALUE_SETS].sort());
  });

  it('rejects tables missing a value set instead of silently matching nothing', () => {
    expect(() => assertValueSetTables({ format: 1, valueSets: {} })).toThrow(/missing/);
  });

  it('every ValueSet file has url, version, a licence note, a description and a matching expansion total', () => {
    for (const vs of readValueSets()) {
      expect(vs.url, vs.id).toMatch(/^https?:\/\//);
      expect(vs.version, vs.id).toBeTruthy();
      expect(vs.copyright, vs.id).toMatch(/licen[cs]e|public domain/i);
      expect(vs.description?.length ?? 0, vs.id).toBeGreaterThan(40);
      expect(vs.expansion.total, vs.id).toBe(vs.expansion.contains.length);
    }
  });

  it('every code of a curated set derived from a published set is in that published expansion', () => {
    const all = readValueSets();
    const byCanonical = new Map(all.map((vs) => [`${vs.url}|${vs.version}`, vs]));
    for (const vs of all) {
      const sources = (vs.extension ?? [])
        .filter((e) => e.url.endsWith('/derived-from'))
        .map((e) => byCanonical.get(e.valueCanonical ?? ''));
      if (sources.length === 0) continue;
      expect(sources.every(Boolean), `${vs.id} cites a source that is not stored`).toBe(true);
      const known = new Set(
        sources.flatMap((s) => s?.expansion.contains.map((c) => `${c.system}|${c.code}`) ?? []),
      );
      // ICD-10 and ICD-9-CM category codes are curated from the classifications, not from VSAC.
      const derived = vs.expansion.contains.filter(
        (c) => !c.system.includes('icd-10') && !c.system.includes('icd-9'),
      );
      const notInSource = derived.filter(
        (c) => !known.has(`${c.system}|${c.code}`) && c.code !== '6525002',
      );
      expect(notInSource, vs.id).toEqual([]);
    }
  });
});
