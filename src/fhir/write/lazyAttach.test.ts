import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The write path loads on demand (lazyAttach.ts): no product file outside src/fhir/write may
// import attach.ts statically, or Vite folds the whole write path back into the first load.
const SRC = resolve(import.meta.dirname, '../..');

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : productFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the write path stays out of the first load', () => {
  const files = productFiles(SRC).map((path) => ({
    path: relative(SRC, path),
    text: readFileSync(path, 'utf8').replace(/import\s+type\s[^;]*;/g, ''),
  }));

  it('attach.ts is imported statically by no file outside src/fhir/write', () => {
    const offenders = files.filter(
      (f) =>
        !f.path.startsWith('fhir/write/') &&
        /(?:import|export)[^'"]*from\s+['"][^'"]*\/write\/attach['"]/.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('lazyAttach.ts reaches it only through a dynamic import, and the app uses lazyAttach', () => {
    const lazy = files.find((f) => f.path === 'fhir/write/lazyAttach.ts');
    expect(lazy?.text).toMatch(/import\('\.\/attach'\)/);
    expect(lazy?.text).not.toMatch(/from\s+'\.\/attach'/);
    const useAttach = files.find((f) => f.path === 'features/documentation/useAttach.ts');
    expect(useAttach?.text).toMatch(/from '\.\.\/\.\.\/fhir\/write\/lazyAttach'/);
  });
});
