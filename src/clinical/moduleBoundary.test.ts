import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // testing/ holds test helpers (they read files with node:fs); never shipped.
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return specifiers.map((m) => m[1] ?? '');
}

describe('src/clinical stays pure (it runs in Node for the CDS Hooks service)', () => {
  const files = sourceFiles(root);

  it('finds the module source files to scan', () => {
    expect(files.map((f) => relative(root, f))).toContain('index.ts');
  });

  it('imports only files inside src/clinical and @medplum/fhirtypes: no react, fhirclient, src/features or src/app', () => {
    const offending = files.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((spec) =>
          spec.startsWith('.')
            ? relative(root, resolve(file, '..', spec)).startsWith('..')
            : spec !== '@medplum/fhirtypes',
        )
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('uses no browser API (window, document, storage, navigator, fetch)', () => {
    const offending = files.filter((file) =>
      /\b(window|document|localStorage|sessionStorage|navigator)\.|\bfetch\(/.test(
        readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''),
      ),
    );
    expect(offending).toEqual([]);
  });
});
