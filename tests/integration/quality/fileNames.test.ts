import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CODE_FOLDERS = ['src', 'launch', 'tests', 'services', 'scripts'];
const SKIPPED = new Set(['node_modules', 'dist', 'coverage', 'reports', '.stryker-tmp']);
const CODE_FILE = /\.(ts|tsx|js|mjs)$/;
/** camelCase or PascalCase (components), then optional `.test`/`.d` parts: `chartReads.test.ts`. */
const CONVENTION = /^[A-Za-z][A-Za-z0-9]*(\.[a-z]+)*\.(ts|tsx|js|mjs)$/;

function codeFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return CODE_FILE.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

describe('one file-naming convention (README, "Architecture")', () => {
  const files = CODE_FOLDERS.flatMap((folder) => codeFiles(join(ROOT, folder)));

  it('finds the code files it checks', () => {
    expect(files).toContain('src/fhir/transport.ts');
    expect(files).toContain('services/sandbox-ehr/server.ts');
  });

  it('names every code file under src, launch, tests, services and scripts in camelCase or PascalCase', () => {
    const offenders = files.filter((file) => !CONVENTION.test(file.split('/').pop() ?? ''));
    expect(offenders).toEqual([]);
  });

  it('rejects a kebab-case or snake_case name', () => {
    expect(CONVENTION.test('launcher-page.ts')).toBe(false);
    expect(CONVENTION.test('launcher_page.ts')).toBe(false);
    expect(CONVENTION.test('launcherPage.ts')).toBe(true);
    expect(CONVENTION.test('PatientBanner.test.tsx')).toBe(true);
  });
});
