import type { Handout } from './content';
import type { HandoutRenderInput, VisitHeader } from './renderInput';

/*
 * The handout as a flat list of text blocks, in print order. The plain-text and PDF renderers
 * both walk this list so they cannot drift apart in what they include; HandoutView renders the
 * same order with semantic HTML and uses the helpers below for the parts that vary per visit.
 */
export type HandoutBlock =
  | { kind: 'header'; fields: LabelledValue[] }
  | { kind: 'title'; text: string }
  | { kind: 'note'; heading: string; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'smallPrint'; text: string };

/**
 * The note as it prints, or null when there is none. Line breaks are kept (normalised to \n);
 * only blank lines around the note and trailing spaces are dropped, so a whitespace-only note
 * counts as no note in every output.
 */
export function normaliseNote(note: string): string | null {
  const unified = note.replace(/\r\n?/g, '\n');
  if (unified.trim() === '') return null;
  return unified.replace(/^(?:[^\S\n]*\n)+/, '').trimEnd();
}

/** The configured learn-more site, or null when none is configured (block left out). */
export function normaliseLearnMoreUrl(url: string | undefined): string | null {
  const trimmed = url?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

export interface LabelledValue {
  label: string;
  value: string;
}

export function visitHeaderFields(visit: VisitHeader, handout: Handout): LabelledValue[] {
  const labels = handout.printLabels;
  const fields: LabelledValue[] = [{ label: labels.patient, value: visit.patientName }];
  if (visit.birthDate !== undefined && visit.birthDate.trim() !== '') {
    fields.push({ label: labels.birthDate, value: visit.birthDate });
  }
  fields.push({ label: labels.date, value: visit.date });
  fields.push({ label: labels.clinician, value: visit.clinicianName });
  return fields;
}

export function buildHandoutBlocks(input: HandoutRenderInput): HandoutBlock[] {
  const { handout } = input;
  const blocks: HandoutBlock[] = [
    { kind: 'header', fields: visitHeaderFields(input.visit, handout) },
    { kind: 'title', text: handout.title },
  ];
  const note = normaliseNote(input.patientNote);
  if (note !== null) {
    blocks.push({ kind: 'note', heading: handout.printLabels.noteHeading, text: note });
  }
  for (const section of handout.sections) {
    blocks.push({ kind: 'heading', text: section.heading });
    for (const text of section.paragraphs) blocks.push({ kind: 'paragraph', text });
  }
  const site = normaliseLearnMoreUrl(input.learnMoreUrl);
  if (site !== null) {
    blocks.push(
      { kind: 'heading', text: handout.learnMore.heading },
      { kind: 'paragraph', text: `${handout.learnMore.goTo} ${site}` },
      { kind: 'paragraph', text: handout.learnMore.enterCode },
    );
  }
  blocks.push(
    { kind: 'smallPrint', text: handout.attribution },
    { kind: 'smallPrint', text: handout.disclaimer },
  );
  return blocks;
}
