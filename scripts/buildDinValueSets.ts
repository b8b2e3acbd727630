/**
 * Derives the Canadian DIN value sets (src/clinical/valuesets/ca-din-*.json) and the per-DIN
 * classification table (docs/DIN-CLASSIFICATION.md) from Health Canada's Drug Product Database
 * (DPD) data extract. Run after unzipping allfiles.zip, allfiles_ap.zip and allfiles_dr.zip
 * into one folder each (allfiles/, allfiles_ap/, allfiles_dr/) under <dpd-dir>:
 *
 *   npx tsx scripts/buildDinValueSets.ts <dpd-dir> <extract-date> <source-note>
 *
 * The rules below are the classification: each product is read from its ingredients,
 * dosage form, route and brand as the DPD records them. Data: Open Government Licence - Canada.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [dpdDir, extractDate, sourceNote] = process.argv.slice(2);
if (!dpdDir || !extractDate || !sourceNote) {
  throw new Error('usage: buildDinValueSets.ts <dpd-dir> <extract-date> <source-note>');
}

/** Minimal CSV reader for the DPD extract: every field quoted, comma-separated, latin-1. */
function rows(path: string): string[][] {
  const text = readFileSync(path, 'latin1');
  const out: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields: string[] = [];
    const re = /"((?:[^"]|"")*)"(?:,|$)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) fields.push((m[1] ?? '').replace(/""/g, '"'));
    out.push(fields);
  }
  return out;
}

interface Product {
  din: string;
  brand: string;
  status: string;
  ingredients: { name: string; strength: string; unit: string; per: string; perUnit: string }[];
  forms: string[];
  routes: string[];
}

const FILES = [
  ['allfiles', '', 'marketed'],
  ['allfiles_ap', '_ap', 'approved, not marketed'],
  ['allfiles_dr', '_dr', 'dormant'],
] as const;

const products = new Map<string, Product>();
for (const [folder, suffix, status] of FILES) {
  const file = (name: string) => join(dpdDir, folder, `${name}${suffix}.txt`);
  const byCode = <T>(list: string[][], pick: (r: string[]) => T) => {
    const map = new Map<string, T[]>();
    for (const r of list) map.set(r[0] ?? '', [...(map.get(r[0] ?? '') ?? []), pick(r)]);
    return map;
  };
  const ingredients = byCode(rows(file('ingred')), (r) => ({
    name: r[2] ?? '',
    strength: r[4] ?? '',
    unit: r[5] ?? '',
    per: r[7] ?? '',
    perUnit: r[9] ?? '',
  }));
  const forms = byCode(rows(file('form')), (r) => r[2] ?? '');
  const routes = byCode(rows(file('route')), (r) => r[2] ?? '');
  for (const r of rows(file('drug'))) {
    const [code = '', , klass, din = '', brand = ''] = r;
    if (klass !== 'Human' || !/^\d{8}$/.test(din) || products.has(din)) continue;
    products.set(din, {
      din,
      brand: brand.trim(),
      status,
      ingredients: ingredients.get(code) ?? [],
      forms: forms.get(code) ?? [],
      routes: routes.get(code) ?? [],
    });
  }
}

type SetId =
  | 'ca-din-naloxone-rescue'
  | 'ca-din-naloxone-combinations'
  | 'ca-din-buprenorphine-naloxone'
  | 'ca-din-buprenorphine-oud'
  | 'ca-din-buprenorphine-monthly-injection'
  | 'ca-din-buprenorphine-pain'
  | 'ca-din-methadone-oud'
  | 'ca-din-methadone-other'
  | 'ca-din-morphine-srom'
  | 'ca-din-morphine-pain';

const has = (p: Product, word: string) => p.ingredients.some((i) => i.name.includes(word));
const only = (p: Product, word: string) =>
  p.ingredients.length > 0 && p.ingredients.every((i) => i.name.includes(word));
const route = (p: Product, word: string) => p.routes.some((r) => r.includes(word));
const form = (p: Product, word: string) => p.forms.some((f) => f.includes(word));

/** Every classification, first match wins; the reason is written into the docs table. */
function classify(p: Product): { sets: SetId[]; reason: string } | undefined {
  const opioidWithNaloxone = ['OXYCODONE', 'PENTAZOCINE'].some((w) => has(p, w));
  if (has(p, 'NALOXONE') && has(p, 'BUPRENORPHINE')) {
    return {
      sets: ['ca-din-buprenorphine-naloxone'],
      reason: 'buprenorphine + naloxone (sublingual): indicated for OUD only',
    };
  }
  if (has(p, 'NALOXONE') && opioidWithNaloxone) {
    return {
      sets: ['ca-din-naloxone-combinations'],
      reason: 'opioid + naloxone (abuse deterrent, no rescue effect): never rescue naloxone',
    };
  }
  if (only(p, 'NALOXONE')) {
    const strength = p.ingredients[0];
    if (route(p, 'NASAL')) {
      return { sets: ['ca-din-naloxone-rescue'], reason: 'naloxone nasal spray' };
    }
    if (strength?.per === '10') {
      return {
        sets: [],
        reason: '4 mg/10 mL multi-dose vial: hospital stock, not a take-home kit',
      };
    }
    if (route(p, 'INTRAMUSCULAR')) {
      return {
        sets: ['ca-din-naloxone-rescue'],
        reason: 'naloxone single-ingredient injection usable IM (take-home injectable kits)',
      };
    }
    return undefined;
  }
  if (only(p, 'BUPRENORPHINE')) {
    if (route(p, 'TRANSDERMAL')) {
      return { sets: ['ca-din-buprenorphine-pain'], reason: 'transdermal patch: analgesic' };
    }
    if (route(p, 'SUBCUTANEOUS') && form(p, 'EXTENDED RELEASE')) {
      return {
        sets: ['ca-din-buprenorphine-oud', 'ca-din-buprenorphine-monthly-injection'],
        reason: 'extended-release subcutaneous injection (monthly): OUD only',
      };
    }
    if (route(p, 'SUBLINGUAL')) {
      return { sets: ['ca-din-buprenorphine-oud'], reason: 'sublingual buprenorphine: OUD' };
    }
    if (route(p, 'INTRAMUSCULAR') || route(p, 'INTRAVENOUS')) {
      return { sets: ['ca-din-buprenorphine-pain'], reason: 'buprenorphine injection: analgesic' };
    }
    return undefined;
  }
  if (only(p, 'METHADONE')) {
    if (/-D\b/.test(p.brand) || /METHADOSE|CONCENTRATE|ODAN-METHADONE/.test(p.brand)) {
      return {
        sets: ['ca-din-methadone-oud'],
        reason: 'oral concentrate / "-D" product marketed for opioid dependence',
      };
    }
    return {
      sets: ['ca-din-methadone-other'],
      reason: 'tablet or oral solution also used for pain: needs an OUD indication',
    };
  }
  if (only(p, 'MORPHINE') && !has(p, 'HYDROMORPHONE') && route(p, 'ORAL')) {
    if (/KADIAN/.test(p.brand)) {
      return {
        sets: ['ca-din-morphine-srom'],
        reason: '24-hour extended-release oral morphine (Kadian): SROM for OUD when indicated',
      };
    }
    return {
      sets: ['ca-din-morphine-pain'],
      reason: 'oral morphine other than the 24-hour formulation (immediate or 12-hour release)',
    };
  }
  return undefined;
}

const TITLES: Record<SetId, [string, string]> = {
  'ca-din-naloxone-rescue': [
    'Rescue naloxone (Canadian DINs)',
    'Single-ingredient naloxone for take-home overdose reversal: nasal sprays (route NASAL) and injections that can be given intramuscularly (0.4 mg/mL and 1 mg/mL ampoules, vials and syringes, as in provincial Take Home Naloxone injectable kits). Exclusion: 4 mg/10 mL multi-dose vials (hospital stock); every combination product.',
  ],
  'ca-din-naloxone-combinations': [
    'Opioid/naloxone combinations (Canadian DINs)',
    'Oxycodone or pentazocine with naloxone (e.g. Targin): the naloxone is an abuse deterrent with no rescue effect. Exclusion list: never counted as naloxone, never agonist therapy.',
  ],
  'ca-din-buprenorphine-naloxone': [
    'Buprenorphine/naloxone (Canadian DINs)',
    'Every buprenorphine + naloxone product (Suboxone tablets and films, generics): indicated for opioid use disorder only.',
  ],
  'ca-din-buprenorphine-oud': [
    'Buprenorphine for opioid use disorder (Canadian DINs)',
    'Single-ingredient buprenorphine by sublingual route, or extended-release subcutaneous injection (Sublocade). Known gap: the Probuphine implant is cancelled in Canada and absent from this extract; it is matched by name.',
  ],
  'ca-din-buprenorphine-monthly-injection': [
    'Extended-release buprenorphine, monthly injection (Canadian DINs)',
    'Single-ingredient buprenorphine, SOLUTION (EXTENDED RELEASE), route SUBCUTANEOUS (Sublocade 100 mg and 300 mg): its last dose covers at least 6 weeks.',
  ],
  'ca-din-buprenorphine-pain': [
    'Analgesic buprenorphine (Canadian DINs)',
    'Transdermal patches (Butrans) and buprenorphine injections for pain. Exclusion list: never agonist therapy.',
  ],
  'ca-din-methadone-oud': [
    'Methadone for opioid use disorder (Canadian DINs)',
    'Methadone oral concentrates and solutions marketed for opioid dependence: brand ending "-D" (Metadol-D), Methadose, and products named "oral concentrate" (JAMP, Odan, PMS). No dispersible methadone tablet is in the extract.',
  ],
  'ca-din-methadone-other': [
    'Methadone also used for pain (Canadian DINs)',
    'Methadone tablets and oral solutions not marketed for opioid dependence alone (Metadol, Apo-Methadone): listed as "indication not recorded" unless an OUD reason is given.',
  ],
  'ca-din-morphine-srom': [
    'Slow-release oral morphine, 24-hour (Canadian DINs)',
    'Oral morphine sulfate in the 24-hour extended-release capsule (Kadian), the formulation BCCSU (2023) and CPS guidance name for opioid agonist treatment. Counted as OAT only with an OUD indication.',
  ],
  'ca-din-morphine-pain': [
    'Oral morphine for pain (Canadian DINs)',
    'Oral morphine other than the 24-hour capsule: immediate-release tablets, capsules and syrups and 12-hour extended-release products (MS Contin, M-Eslon, Teva/Sandoz Morphine SR, Zomorph). Exclusion list: never listed as agonist therapy.',
  ],
};

const root = resolve(import.meta.dirname, '..');
const VERSION = '2026.12.03';
const DIN_SYSTEM = 'http://hl7.org/fhir/NamingSystem/ca-hc-din';
const members = new Map<SetId, Product[]>();
const table: string[] = [];
for (const p of [...products.values()].sort((a, b) => a.din.localeCompare(b.din))) {
  const result = classify(p);
  const strengths = p.ingredients
    .map((i) => `${i.name} ${i.strength} ${i.unit}${i.per ? `/${i.per} ${i.perUnit}` : ''}`)
    .join(' + ');
  const interesting =
    ['NALOXONE', 'BUPRENORPHINE', 'METHADONE'].some((w) => has(p, w)) ||
    (only(p, 'MORPHINE') && route(p, 'ORAL'));
  if (!interesting) continue;
  for (const set of result?.sets ?? []) members.set(set, [...(members.get(set) ?? []), p]);
  table.push(
    `| ${p.din} | ${p.brand} | ${strengths} | ${p.forms.join(', ')} | ${p.routes.join(', ')} | ${p.status} | ${result?.sets.length ? result.sets.map((s) => `\`${s}\``).join(', ') : 'not in any set'} | ${result?.reason ?? 'not naloxone, buprenorphine, methadone or oral morphine alone'} |`,
  );
}

const display = (p: Product) =>
  `${p.brand} (${p.ingredients.map((i) => `${i.name.toLowerCase()} ${i.strength} ${i.unit.toLowerCase()}${i.per ? `/${i.per} ${i.perUnit.toLowerCase()}` : ''}`).join(' + ')}; ${p.forms.join(', ').toLowerCase()})`;

for (const [id, [title, criteria]] of Object.entries(TITLES) as [SetId, [string, string]][]) {
  const list = members.get(id) ?? [];
  const vs = {
    resourceType: 'ValueSet',
    id,
    url: `https://github.com/heroin-education-smart-app/fhir/ValueSet/${id}`,
    version: VERSION,
    name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    title,
    status: 'active',
    experimental: false,
    date: '2026-12-03',
    publisher: 'Heroin Education SMART app (curated from Health Canada DPD)',
    description: `Curated from Health Canada's Drug Product Database data extract of ${extractDate} (marketed, approved and dormant human products; ${sourceNote}). Each DIN was classified by rule from its DPD ingredients, dosage form, route and brand (scripts/buildDinValueSets.ts; per-DIN table in docs/DIN-CLASSIFICATION.md). Inclusion: ${criteria}`,
    copyright:
      'Contains information licensed under the Open Government Licence - Canada (Health Canada, Drug Product Database). DINs and brand names are copied as data; classification by the Heroin Education SMART app team (Apache-2.0).',
    expansion: {
      identifier: `https://github.com/heroin-education-smart-app/fhir/ValueSet/${id}|${VERSION}`,
      timestamp: '2026-12-03T00:00:00Z',
      total: list.length,
      contains: list.map((p) => ({ system: DIN_SYSTEM, code: p.din, display: display(p) })),
    },
  };
  writeFileSync(
    join(root, 'src/clinical/valuesets', `${id}.json`),
    `${JSON.stringify(vs, null, 2)}\n`,
  );
  console.log(`${id}: ${list.length} DINs`);
}

writeFileSync(
  join(root, 'docs/DIN-CLASSIFICATION.md'),
  `# How each DIN was classified

Generated by \`scripts/buildDinValueSets.ts\` from Health Canada's Drug Product Database data
extract of ${extractDate} (${sourceNote}). Contains information licensed under the Open
Government Licence - Canada. Every human product whose active ingredients include naloxone,
buprenorphine or methadone, and every single-ingredient oral morphine product, is listed with
the set it went into and the rule that put it there.

| DIN | Brand (DPD) | Ingredients | Form | Route | DPD status | Set | Rule |
| --- | --- | --- | --- | --- | --- | --- | --- |
${table.join('\n')}
`,
);
