import { parseHandout } from './parseHandout';
import type { Handout } from './types';

export type { Handout, HandoutLearnMore, HandoutPrintLabels, HandoutSection } from './types';

/*
 * Registry of handout editions: every `<code>.<edition>.json` file in this folder, loaded at
 * build time (small text, needed for the first render anyway). Adding a handout or an edition
 * means adding a file; no code changes.
 *
 * Source fidelity: each file keeps every sentence of the publisher's text word for word. Two
 * lines of the saved web page are deliberately NOT kept: the breadcrumb ("Health Information
 * and Tools > Patient Care Handouts > …") and "Main Content" (a skip-link label). They are the
 * publisher's website navigation, not handout content: they would mean nothing on paper and
 * the breadcrumb only repeats the title, which we keep. The bare "Go to" line is kept as
 * `learnMore.goTo` and completed with the site from config (or left out with its block).
 */
const files = import.meta.glob<unknown>('./*.json', { eager: true, import: 'default' });

const handouts: readonly Handout[] = Object.entries(files).map(([path, raw]) =>
  parseHandout(raw, path),
);

export function getHandout(code: string, edition: string): Handout | undefined {
  return handouts.find((h) => h.code === code && h.edition === edition);
}

export function listHandouts(): readonly Handout[] {
  return handouts;
}

function requireHandout(code: string, edition: string): Handout {
  const handout = getHandout(code, edition);
  if (!handout) throw new Error(`Handout ${code} (${edition}) is missing from content/`);
  return handout;
}

/** The handout this app is built around: Healthwise P277, Canadian English edition. */
export const DEFAULT_HANDOUT: Handout = requireHandout('P277', 'en-CA');
