/**
 * Licences of the production dependencies: every package-lock.json `packages` entry not marked
 * `dev: true`, its licence read from the installed package.json. Prints a Markdown table and
 * exits 1 when a licence is missing or not on the permissive allowlist.
 *   npx tsx scripts/licenses.ts                           print the table
 *   npx tsx scripts/licenses.ts --write docs/LICENSES.md  (re)write the committed list
 *   npx tsx scripts/licenses.ts --check docs/LICENSES.md  also fail when that file is stale
 *   npx tsx scripts/licenses.ts --root DIR                another project (tests)
 * Run it after `npm ci`: it reads node_modules, not the registry.
 */
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SPDX ids that let a hospital ship the app without copyleft obligations. */
export const PERMISSIVE: readonly string[] = [
  '0BSD',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'ISC',
  'MIT',
  'MIT-0',
  'Unlicense',
  'Zlib',
];

interface LockEntry {
  name?: string;
  version?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  link?: boolean;
  resolved?: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  license?: unknown;
  licenses?: unknown;
}

export interface LicenseRow {
  name: string;
  version: string;
  /** The SPDX expression as the package states it; undefined when it states none. */
  license: string | undefined;
  allowed: boolean;
  /** e.g. where a linked (local) package really lives. */
  note?: string;
}

export interface LicenseReport {
  rows: LicenseRow[];
  /** Optional packages the lockfile lists but npm did not install on this platform. */
  notInstalled: string[];
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// SPDX expressions: `MIT`, `(MIT OR Apache-2.0)`, `(MIT AND Zlib)`. `WITH` exceptions, `+` and
// `SEE LICENSE IN …` are not evaluated: they count as not allowed, for a person to review.

type Token = string;

function tokenize(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(\(|\)|[A-Za-z0-9.:-]+)\s*/y;
  let index = 0;
  while (index < expression.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match?.[1]) return undefined;
    tokens.push(match[1]);
    index = pattern.lastIndex;
  }
  return tokens;
}

/** True when the expression is satisfied by licences on the allowlist. */
export function isAllowed(expression: string, allowed: readonly string[] = PERMISSIVE): boolean {
  const tokens = tokenize(expression.trim());
  if (!tokens?.length) return false;
  const wanted = new Set(allowed.map((id) => id.toLowerCase()));
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const keyword = (word: string) => peek()?.toUpperCase() === word;

  function atom(): boolean {
    const token = tokens?.[position];
    if (token === undefined || token === ')') throw new Error('expected a licence');
    position += 1;
    if (token === '(') {
      const value = or();
      if (peek() !== ')') throw new Error('expected )');
      position += 1;
      return value;
    }
    if (['AND', 'OR', 'WITH'].includes(token.toUpperCase())) throw new Error('misplaced keyword');
    if (keyword('WITH')) {
      position += 2;
      return false;
    }
    return wanted.has(token.toLowerCase());
  }
  function and(): boolean {
    let value = atom();
    while (keyword('AND')) {
      position += 1;
      value = atom() && value;
    }
    return value;
  }
  function or(): boolean {
    let value = and();
    while (keyword('OR')) {
      position += 1;
      value = and() || value;
    }
    return value;
  }

  try {
    const value = or();
    return position === tokens.length && value;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------

function licenseOf(pkg: PackageJson): string | undefined {
  const typeOf = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value.trim() || undefined;
    if (typeof value === 'object' && value !== null && 'type' in value) {
      const type = value.type;
      return typeof type === 'string' ? type.trim() || undefined : undefined;
    }
    return undefined;
  };
  const single = typeOf(pkg.license);
  if (single) return single;
  // Old package.json style: `"licenses": [{ "type": "MIT" }]`, several meaning a choice.
  if (Array.isArray(pkg.licenses)) {
    const all = pkg.licenses.map(typeOf).filter((id): id is string => Boolean(id));
    if (all.length === 1) return all[0];
    if (all.length > 1) return `(${all.join(' OR ')})`;
  }
  return undefined;
}

function nameFromPath(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  return at >= 0 ? path.slice(at + marker.length) : path;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Collects the production packages of the project at `root` (package-lock.json v2/v3). */
export function collectLicenses(
  root: string,
  allowed: readonly string[] = PERMISSIVE,
): LicenseReport {
  const lock = readJson<{ lockfileVersion?: number; packages?: Record<string, LockEntry> }>(
    join(root, 'package-lock.json'),
  );
  if (!lock.packages || (lock.lockfileVersion ?? 1) < 2) {
    throw new Error('package-lock.json has no "packages" map (lockfileVersion 2 or later needed)');
  }

  const byId = new Map<string, LicenseRow>();
  const notInstalled: string[] = [];
  const problems: string[] = [];

  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true) continue;
    // Read what Node resolves: the folder (or the symlink npm made for a `link`) at that path.
    const dir = join(root, path);
    const manifest = join(dir, 'package.json');
    const lockName = entry.name ?? nameFromPath(path);
    if (!existsSync(manifest)) {
      if (entry.optional === true) notInstalled.push(path);
      else problems.push(`${lockName}: not installed at ${path} (run npm ci)`);
      continue;
    }
    const pkg = readJson<PackageJson>(manifest);
    const version = pkg.version ?? '0.0.0';
    if (!entry.link && entry.version && entry.version !== version) {
      problems.push(
        `${lockName}: installed ${version}, package-lock.json says ${entry.version} (run npm ci)`,
      );
    }
    const license = licenseOf(pkg);
    const ok = license !== undefined && isAllowed(license, allowed);
    const row: LicenseRow = { name: lockName, version, license, allowed: ok };
    if (entry.link) {
      const target = relative(root, realpathSync(dir)).split('\\').join('/');
      row.note = `link to ${target}${pkg.name && pkg.name !== lockName ? ` (${pkg.name})` : ''}`;
    }
    const id = `${lockName}@${version}`;
    if (byId.has(id)) continue;
    byId.set(id, row);
    if (license === undefined) problems.push(`${id}: no licence in its package.json`);
    else if (!ok) problems.push(`${id}: licence "${license}" is not on the allowlist`);
  }

  const rows = [...byId.values()].sort(
    (a, b) =>
      a.name.localeCompare(b.name, 'en') ||
      a.version.localeCompare(b.version, 'en', { numeric: true }),
  );
  return { rows, notInstalled: notInstalled.sort(), problems };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The committed docs/LICENSES.md: deterministic for one package-lock.json. */
export function renderMarkdown(
  report: LicenseReport,
  allowed: readonly string[] = PERMISSIVE,
): string {
  const counts = new Map<string, number>();
  for (const row of report.rows) {
    const key = row.license ?? '(none)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const summary = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lines = [
    '# Licences of production dependencies',
    '',
    'Generated by `npx tsx scripts/licenses.ts --write docs/LICENSES.md`; do not edit by hand.',
    'Source: every `package-lock.json` entry not marked `dev`, its licence read from the installed',
    '`package.json`. This is a superset of what the browser bundle holds: it includes the Node-only',
    'dependencies of fhirclient and type packages that npm counts as production.',
    '',
    `Allowed (permissive SPDX ids): ${allowed.join(', ')}.`,
    'The script exits 1 on a missing licence or any other licence;',
    '`tests/integration/security/licenses.test.ts` runs it in `npm test` and checks that this file',
    'is current.',
    '',
    `${report.rows.length} packages, ${report.problems.length === 0 ? 'all allowed' : `${report.problems.length} problem(s)`}.`,
    '',
    '| Licence | Packages |',
    '| --- | ---: |',
    ...summary.map(([license, count]) => `| ${cell(license)} | ${count} |`),
    '',
    '| Package | Version | Licence | Note |',
    '| --- | --- | --- | --- |',
    ...report.rows.map(
      (row) =>
        `| ${cell(row.name)} | ${row.version} | ${cell(row.license ?? '(none)')}${row.allowed ? '' : ' **not allowed**'} | ${cell(row.note ?? '')} |`,
    ),
  ];
  if (report.notInstalled.length) {
    lines.push(
      '',
      'Listed in the lockfile but not installed (optional): ' +
        report.notInstalled.map((p) => `\`${p}\``).join(', ') +
        '.',
    );
  }
  if (report.problems.length) {
    lines.push('', '## Problems', '', ...report.problems.map((p) => `- ${p}`));
  }
  return `${lines.join('\n')}\n`;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

export function main(args: string[]): number {
  const root = resolve(option(args, '--root') ?? join(import.meta.dirname, '..'));
  const report = collectLicenses(root);
  const markdown = renderMarkdown(report);
  const write = option(args, '--write');
  const check = option(args, '--check');
  let status = report.problems.length ? 1 : 0;
  if (write) writeFileSync(resolve(root, write), markdown);
  else process.stdout.write(markdown);
  if (check) {
    const file = resolve(root, check);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== markdown) {
      console.error(`${check} is out of date: run npx tsx scripts/licenses.ts --write ${check}`);
      status = 1;
    }
  }
  for (const problem of report.problems) console.error(`licence problem: ${problem}`);
  return status;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  }
}
