import type { Handout, HandoutLearnMore, HandoutPrintLabels, HandoutSection } from './types';

/**
 * Checks a handout file's shape at load time. The files are data (added without code changes),
 * so TypeScript cannot vouch for them: a malformed file must fail loudly here, not print a
 * half-empty handout for a patient.
 */
export function parseHandout(raw: unknown, source: string): Handout {
  const fail = (what: string): never => {
    throw new Error(`Handout file ${source}: ${what}`);
  };
  const obj = (value: unknown, what: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(`${what} must be an object`);
  const text = (value: unknown, what: string): string =>
    typeof value === 'string' && value.trim() !== '' ? value : fail(`${what} must be text`);
  const list = (value: unknown, what: string): unknown[] =>
    Array.isArray(value) && value.length > 0 ? value : fail(`${what} must be a non-empty list`);

  const root = obj(raw, 'the file');
  const sections = list(root.sections, 'sections').map((value, i): HandoutSection => {
    const s = obj(value, `sections[${i}]`);
    return {
      id: text(s.id, `sections[${i}].id`),
      heading: text(s.heading, `sections[${i}].heading`),
      paragraphs: list(s.paragraphs, `sections[${i}].paragraphs`).map((p, j) =>
        text(p, `sections[${i}].paragraphs[${j}]`),
      ),
    };
  });
  const lm = obj(root.learnMore, 'learnMore');
  const learnMore: HandoutLearnMore = {
    heading: text(lm.heading, 'learnMore.heading'),
    goTo: text(lm.goTo, 'learnMore.goTo'),
    enterCode: text(lm.enterCode, 'learnMore.enterCode'),
  };
  const pl = obj(root.printLabels, 'printLabels');
  const label = (key: keyof HandoutPrintLabels): string => text(pl[key], `printLabels.${key}`);
  const printLabels: HandoutPrintLabels = {
    patient: label('patient'),
    birthDate: label('birthDate'),
    date: label('date'),
    clinician: label('clinician'),
    noteHeading: label('noteHeading'),
    unencodableNotice: label('unencodableNotice'),
    pageOf: label('pageOf'),
  };

  const na = obj(root.naloxoneAdvice, 'naloxoneAdvice');
  const naloxoneAdvice = {
    sectionId: text(na.sectionId, 'naloxoneAdvice.sectionId'),
    paragraphIndex:
      typeof na.paragraphIndex === 'number' ? na.paragraphIndex : fail('naloxoneAdvice index'),
  };
  const target = sections.find((s) => s.id === naloxoneAdvice.sectionId);
  if (target?.paragraphs[naloxoneAdvice.paragraphIndex] === undefined) {
    fail('naloxoneAdvice does not point at a paragraph');
  }

  // The stem goes into download file names: keep it to characters every file system accepts.
  const fileStem = text(root.fileStem, 'fileStem');
  if (!/^[a-z0-9-]+$/.test(fileStem)) fail('fileStem must be lowercase letters, digits, hyphens');

  return {
    id: text(root.id, 'id'),
    code: text(root.code, 'code'),
    publisher: text(root.publisher, 'publisher'),
    title: text(root.title, 'title'),
    edition: text(root.edition, 'edition'),
    language: text(root.language, 'language'),
    currentAsOf: currentAsOf(root.currentAsOf, fail),
    revision: revision(root.revision, fail),
    fileStem,
    sections,
    learnMore,
    attribution: text(root.attribution, 'attribution'),
    disclaimer: text(root.disclaimer, 'disclaimer'),
    naloxoneAdvice,
    printLabels,
  };
}

/** The publisher's own "current as of" date, or null when the source gives none. */
function currentAsOf(value: unknown, fail: (what: string) => never): string | null {
  if (value === null) return null;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return fail('currentAsOf must be an ISO date (YYYY-MM-DD) or null');
}

function revision(value: unknown, fail: (what: string) => never): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  return fail('revision must be a whole number from 1');
}
