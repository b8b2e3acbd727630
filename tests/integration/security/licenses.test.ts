import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectLicenses, isAllowed, PERMISSIVE, renderMarkdown } from '../../../scripts/licenses';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = join(ROOT, 'scripts/licenses.ts');

function run(...args: string[]) {
  return spawnSync(TSX, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
}

describe('SPDX allowlist', () => {
  it.each([
    ['MIT', true],
    ['Apache-2.0', true],
    ['(MIT AND Zlib)', true],
    ['(MIT OR GPL-3.0-only)', true],
    ['(GPL-3.0-only OR MIT)', true],
    ['mit', true],
    ['(MIT AND GPL-3.0-only)', false],
    ['GPL-3.0-or-later', false],
    ['AGPL-3.0-only', false],
    ['LGPL-2.1-only', false],
    ['MPL-2.0', false],
    ['UNLICENSED', false],
    ['SEE LICENSE IN LICENSE.txt', false],
    ['Apache-2.0 WITH LLVM-exception', false],
    ['(MIT', false],
    ['MIT AND', false],
    ['', false],
  ])('%s -> %s', (expression, expected) => {
    expect(isAllowed(expression, PERMISSIVE)).toBe(expected);
  });
});

describe('production dependency licences of this project', () => {
  const report = collectLicenses(ROOT);
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };

  it('are all present and permissive', () => {
    expect(report.problems).toEqual([]);
    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.filter((row) => !row.allowed)).toEqual([]);
  });

  it('cover the direct dependencies and leave out dev-only packages', () => {
    const names = new Set(report.rows.map((row) => row.name));
    for (const name of ['fhirclient', 'react', 'react-dom', '@tanstack/react-query', 'pdf-lib']) {
      expect(names).toContain(name);
    }
    const devOnly = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(devOnly).toContain('vite');
    for (const name of devOnly) {
      const prod = Object.entries(lock.packages).some(
        ([path, entry]) => !entry.dev && path.endsWith(`node_modules/${name}`),
      );
      if (!prod) expect(names).not.toContain(name);
    }
  });

  it('the script exits 0 and docs/LICENSES.md is its current output', () => {
    const result = run('--check', 'docs/LICENSES.md');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(renderMarkdown(report));
  });
});

describe('a project with a problem licence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'licenses-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function installed(path: string, manifest: Record<string, unknown>) {
    const file = join(dir, path, 'package.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(manifest));
  }

  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'fixture' },
        'node_modules/fine': { version: '1.0.0' },
        'node_modules/old-style': { version: '0.1.0' },
        'node_modules/copyleft': { version: '2.0.0' },
        'node_modules/silent': { version: '3.0.0' },
        'node_modules/dev-copyleft': { version: '1.0.0', dev: true },
        'node_modules/absent-optional': { version: '1.0.0', optional: true },
        'node_modules/absent': { version: '1.0.0' },
      },
    }),
  );
  installed('node_modules/fine', { name: 'fine', version: '1.0.0', license: 'ISC' });
  installed('node_modules/old-style', {
    name: 'old-style',
    version: '0.1.0',
    licenses: [{ type: 'MIT', url: 'http://example.org/mit' }],
  });
  installed('node_modules/copyleft', {
    name: 'copyleft',
    version: '2.0.0',
    license: 'GPL-3.0-only',
  });
  installed('node_modules/silent', { name: 'silent', version: '3.0.0' });
  installed('node_modules/dev-copyleft', {
    name: 'dev-copyleft',
    version: '1.0.0',
    license: 'AGPL-3.0-only',
  });

  it('names each problem and skips dev and uninstalled optional packages', () => {
    const report = collectLicenses(dir);
    expect(report.rows.map((row) => [row.name, row.license, row.allowed])).toEqual([
      ['copyleft', 'GPL-3.0-only', false],
      ['fine', 'ISC', true],
      ['old-style', 'MIT', true],
      ['silent', undefined, false],
    ]);
    expect(report.problems).toEqual([
      'copyleft@2.0.0: licence "GPL-3.0-only" is not on the allowlist',
      'silent@3.0.0: no licence in its package.json',
      'absent: not installed at node_modules/absent (run npm ci)',
    ]);
    expect(report.notInstalled).toEqual(['node_modules/absent-optional']);
  });

  it('the script exits non-zero and says why', () => {
    const result = run('--root', dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('| copyleft | 2.0.0 | GPL-3.0-only **not allowed** |');
    expect(result.stderr).toContain('copyleft@2.0.0');
    expect(result.stderr).toContain('silent@3.0.0');
  });
});
