import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// pdf-lib is ~176 KB gzip: it must load only when a PDF is made. Only these two modules may
// import it, and they may only be reached through `await import('./renderPdf')`.
const PDF_LIB_MODULES = ['renderPdf.ts', 'pdfPageWriter.ts'];
const SRC = resolve(process.cwd(), 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('pdf-lib stays out of the initial bundle', () => {
  const files = sourceFiles(SRC).map((path) => ({
    path: relative(SRC, path),
    text: readFileSync(path, 'utf8'),
  }));

  it('is imported statically only by the lazily loaded PDF modules', () => {
    const importers = files
      .filter((f) => /from\s+['"]pdf-lib['"]/.test(f.text))
      .map((f) => f.path.split('/').at(-1));
    expect(importers.sort()).toEqual([...PDF_LIB_MODULES].sort());
  });

  it('those modules are reached only through a dynamic import', () => {
    const staticImport = /(?:import|export)[^'"]*from\s+['"][^'"]*\/(renderPdf|pdfPageWriter)['"]/;
    const offenders = files.filter(
      (f) =>
        staticImport.test(f.text.replace(/import\s+type\s[^;]*;/g, '')) &&
        !f.path.endsWith('pdf/renderPdf.ts'),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
    const wrapper = files.find((f) => f.path.endsWith('pdf/buildHandoutPdf.ts'));
    expect(wrapper?.text).toMatch(/await import\('\.\/renderPdf'\)/);
  });
});
