import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * npm 11 skips a dependency's install script unless package.json "allowScripts" allows it, and
 * `npm ci` warns for each one neither allowed nor denied. Every install script in the lockfile
 * is therefore declared, and nothing is declared for a package that no longer has one.
 */

const root = resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

/** "node_modules/a/node_modules/@s/b" -> "@s/b" */
const nameOf = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 13);

const withScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
      .map(([path]) => nameOf(path)),
  ),
].sort();

/** "esbuild@0.28.2" or "esbuild" -> "esbuild" (a scoped name keeps its leading @) */
const declaredName = (key: string): string => key.replace(/(?<=.)@[^@]*$/, '');

describe('install scripts of dependencies', () => {
  it('the lockfile has some (so the check below is not vacuous)', () => {
    expect(withScripts.length).toBeGreaterThan(0);
  });

  it('each one is allowed or denied in package.json "allowScripts", so npm ci prints no warning', () => {
    const declared = new Set(Object.keys(manifest.allowScripts ?? {}).map(declaredName));
    expect(withScripts.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('"allowScripts" names no package that has no install script', () => {
    const stale = Object.keys(manifest.allowScripts ?? {}).filter(
      (key) => !withScripts.includes(declaredName(key)),
    );
    expect(stale).toEqual([]);
  });
});
