/**
 * Rebuilds src/clinical/generated/tables.json from the ValueSet files in
 * src/clinical/valuesets/ (see docs/VALUE-SETS.md). Run: npm run valuesets:build
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { buildValueSetTables, serializeTables } from '../src/clinical/buildTables';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'src/clinical/valuesets');
const valueSets: unknown[] = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown);
const out = join(root, 'src/clinical/generated/tables.json');
// Prettier-formatted so `format:check` stays green; the staleness test compares parsed JSON.
const text = await format(serializeTables(buildValueSetTables(valueSets)), {
  ...(await resolveConfig(out)),
  filepath: out,
});
writeFileSync(out, text);
console.log(`Wrote ${out} (${text.length} bytes)`);
