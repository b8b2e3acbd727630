import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDOUT } from './content';
import { renderHandoutText } from './renderText';
import { HOSTILE_NOTES, LEARN_MORE_URL, renderInput, VISIT } from './testing/handoutFixtures';
import { sourceSentences, squash } from './testing/sourceSentences';

describe('renderHandoutText', () => {
  it('contains every sentence of the source', () => {
    const text = squash(renderHandoutText(renderInput()));
    for (const sentence of sourceSentences()) expect(text).toContain(sentence);
  });

  it('starts with the visit header, then title, note and sections, blank-line separated', () => {
    const text = renderHandoutText(renderInput({ patientNote: 'See you Tuesday.\nBring meds.' }));
    expect(
      text.startsWith(
        [
          `Patient: ${VISIT.patientName}`,
          `Date of birth: ${VISIT.birthDate ?? ''}`,
          `Date: ${VISIT.date}`,
          `Clinician: ${VISIT.clinicianName}`,
          '',
          DEFAULT_HANDOUT.title,
          '',
          'A note from your care team',
          'See you Tuesday.',
          'Bring meds.',
          '',
          'What is heroin use?',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
    expect(text).toMatch(
      /\n\nCare instructions adapted under license[^\n]*\n\nIf you have questions/,
    );
    expect(text.endsWith('this information.\n')).toBe(true);
  });

  it('leaves the learn-more block out without a site and includes it with one', () => {
    const without = renderHandoutText(renderInput({ learnMoreUrl: undefined }));
    expect(without).not.toContain('Where can you learn more?');
    expect(without).not.toContain('Go to');
    expect(without).not.toContain('Enter P277');
    const withSite = renderHandoutText(renderInput());
    expect(withSite).toContain(
      `Where can you learn more?\n\nGo to ${LEARN_MORE_URL}\n\n${DEFAULT_HANDOUT.learnMore.enterCode}`,
    );
  });

  it('has no note for a whitespace-only note and no birth date line when absent', () => {
    const text = renderHandoutText(
      renderInput({ patientNote: ' \n\t ', visit: { ...VISIT, birthDate: undefined } }),
    );
    expect(text).not.toContain('A note from your care team');
    expect(text).not.toContain('Date of birth');
  });

  it.each(Object.entries(HOSTILE_NOTES))('keeps a %s note literally', (_kind, note) => {
    const text = renderHandoutText(renderInput({ patientNote: note }));
    expect(text).toContain(`A note from your care team\n${note}\n\n`);
  });

  it('normalises Windows line breaks in the note', () => {
    const text = renderHandoutText(renderInput({ patientNote: 'a\r\nb\rc' }));
    expect(text).toContain('A note from your care team\na\nb\nc\n\n');
    expect(text).not.toContain('\r');
  });
});
