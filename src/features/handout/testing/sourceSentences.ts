// Test support only (node:fs): the publisher's source text, split into sentences.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A copy inside the repository (see tests/fixtures/handouts/SOURCE.md for its origin). */
export const SOURCE_PATH = resolve(
  import.meta.dirname,
  '../../../../tests/fixtures/handouts/heroin-use-and-withdrawal.en-CA.txt',
);

/**
 * Lines of the saved web page that are not handout content (see content/index.ts): the
 * breadcrumb, the "Main Content" skip link, and the bare "Go to" whose site the page lost —
 * "Go to <site>" is checked separately, with a configured site.
 */
export const SKIPPED_SOURCE_LINES: readonly RegExp[] = [
  /^Health Information and Tools\s*>/,
  /^Main Content$/,
  /^Go to$/,
];

export function readSourceLines(): string[] {
  return readFileSync(SOURCE_PATH, 'utf8')
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Every sentence of the handout proper, in source order. */
export function sourceSentences(): string[] {
  return readSourceLines()
    .filter((line) => !SKIPPED_SOURCE_LINES.some((skip) => skip.test(line)))
    .flatMap((line) => line.split(/(?<=[.?!]"?)\s+(?=[A-Z"(])/));
}

/** Collapses all whitespace so text wrapped differently by each output compares equal. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
