import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSourceLines, SOURCE_PATH, sourceSentences, squash } from '../testing/sourceSentences';
import { DEFAULT_HANDOUT, getHandout, listHandouts, type Handout } from './index';
import { parseHandout } from './parseHandout';

function allContentText(handout: Handout): string[] {
  return [
    handout.title,
    ...handout.sections.flatMap((s) => [s.heading, ...s.paragraphs]),
    handout.learnMore.heading,
    handout.learnMore.goTo,
    handout.learnMore.enterCode,
    handout.attribution,
    handout.disclaimer,
  ];
}

describe('handout content P277 en-CA', () => {
  it('is registered and is the default', () => {
    expect(getHandout('P277', 'en-CA')).toBe(DEFAULT_HANDOUT);
    expect(getHandout('P277', 'fr-CA')).toBeUndefined();
    expect(listHandouts()).toContain(DEFAULT_HANDOUT);
    expect(DEFAULT_HANDOUT).toMatchObject({
      id: 'healthwise-P277-en-CA',
      code: 'P277',
      publisher: 'Healthwise',
      title: 'Learning About Heroin Use and Withdrawal',
      edition: 'en-CA',
      language: 'en-CA',
      // the source shows no "current as of" date: none is claimed; rev 1 is our transcription
      currentAsOf: null,
      revision: 1,
      learnMore: {
        heading: 'Where can you learn more?',
        goTo: 'Go to',
        enterCode:
          'Enter P277 in the search box to learn more about "Learning About Heroin Use and Withdrawal".',
      },
    });
  });

  it('keeps every sentence of the source word for word', () => {
    const joined = squash(allContentText(DEFAULT_HANDOUT).join(' '));
    const sentences = sourceSentences();
    expect(sentences.length).toBeGreaterThan(60);
    for (const sentence of sentences) expect(joined).toContain(sentence);
  });

  it('invents nothing: every text is a whole source line (closing paragraph split in two)', () => {
    const lines = new Set(readSourceLines());
    const { attribution, disclaimer } = DEFAULT_HANDOUT;
    for (const text of allContentText(DEFAULT_HANDOUT)) {
      if (text === attribution || text === disclaimer) continue;
      expect(lines).toContain(text);
    }
    expect(lines).toContain(`${attribution} ${disclaimer}`);
  });

  it('drops only the web page chrome, and keeps the title the breadcrumb repeats', () => {
    const source = readFileSync(SOURCE_PATH, 'utf8');
    expect(source).toContain('Main Content');
    const joined = allContentText(DEFAULT_HANDOUT).join('\n');
    expect(joined).not.toContain('Main Content');
    expect(joined).not.toContain('Patient Care Handouts');
    expect(joined).toContain(DEFAULT_HANDOUT.title);
  });

  it('points naloxoneAdvice at the take-home naloxone paragraph', () => {
    const { sectionId, paragraphIndex } = DEFAULT_HANDOUT.naloxoneAdvice;
    const section = DEFAULT_HANDOUT.sections.find((s) => s.id === sectionId);
    expect(section?.paragraphs[paragraphIndex]).toMatch(/take-home naloxone rescue kit/);
  });
});

describe('parseHandout', () => {
  const valid = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(DEFAULT_HANDOUT)) as Record<string, unknown>;

  it('accepts a valid file', () => {
    expect(parseHandout(valid(), 'x.json')).toEqual(DEFAULT_HANDOUT);
  });

  it.each([
    ['a missing title', { title: undefined }, /title must be text/],
    ['an empty section list', { sections: [] }, /sections must be a non-empty list/],
    [
      'a dangling naloxone pointer',
      { naloxoneAdvice: { sectionId: 'x', paragraphIndex: 0 } },
      /naloxoneAdvice/,
    ],
    ['an unsafe file stem', { fileStem: 'Jane Doe/..' }, /fileStem/],
    ['a transcription date posing as the source date', { currentAsOf: '27 Nov' }, /currentAsOf/],
    ['a revision that is not a whole number', { revision: '2026-11-27' }, /revision/],
  ])('rejects %s', (_what, patch, message) => {
    expect(() => parseHandout({ ...valid(), ...patch }, 'bad.json')).toThrow(message);
  });
});
