import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// jsdom does not lay out or print, so the print contract is pinned on the stylesheet text.
const css = (file: string) => readFileSync(resolve(import.meta.dirname, file), 'utf8');

describe('handout stylesheets', () => {
  const print = css('print.css');
  const screenCss = css('handout.css');

  it('print hides the app chrome and prints the handout on Letter or A4', () => {
    expect(print).toMatch(/\.app-chrome\s*{\s*display:\s*none\s*!important/);
    expect(print).toMatch(/@page\s*{\s*size:\s*auto;\s*margin:\s*15mm/);
    expect(print).not.toMatch(/width:\s*\d+(px|mm|cm|in)/);
  });

  it('every font-size in print.css is in pt and at least 12pt; black on white; the note box kept whole', () => {
    const declared = [...print.matchAll(/font-size:\s*([^;]+);/g)].map((m) => m[1]?.trim());
    expect(declared.length).toBeGreaterThan(0);
    for (const size of declared) expect(size).toMatch(/^\d+(\.\d+)?pt$/);
    const sizes = declared.map((size) => parseFloat(size ?? ''));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
    expect(sizes).toContain(12);
    expect(sizes).toContain(16);
    expect(print).toMatch(/\.handout-note\s*{[^}]*break-inside:\s*avoid/);
    expect(print).toMatch(/h2\s*{[^}]*break-after:\s*avoid/);
    expect(print).toMatch(/color:\s*#000/);
  });

  it('screen keeps long input inside the column and the note line breaks', () => {
    expect(screenCss).toMatch(/overflow-wrap:\s*anywhere/);
    expect(screenCss).toMatch(/white-space:\s*pre-wrap/);
    expect(screenCss).toMatch(/max-width:\s*70ch/);
    expect(screenCss).toMatch(/\.handout--large\s*{\s*font-size:\s*1\.35rem/);
    expect(screenCss + print).not.toMatch(/@import|@font-face|url\(/);
  });
});
