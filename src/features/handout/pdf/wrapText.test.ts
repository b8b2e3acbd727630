import { describe, expect, it } from 'vitest';
import { fitOneLine, wrapText } from './wrapText';

// One unit per character: easy widths to reason about.
const measure = (text: string) => Array.from(text).length;

describe('wrapText', () => {
  it('breaks at spaces and keeps words whole', () => {
    expect(wrapText('the quick brown fox jumps', 10, measure)).toEqual([
      'the quick',
      'brown fox',
      'jumps',
    ]);
  });

  it('breaks a word longer than a line between characters, never beyond the width', () => {
    const word = 'x'.repeat(300);
    const lines = wrapText(`a ${word} b`, 40, measure);
    expect(lines[0]).toBe('a');
    expect(lines.join('').replace(/ /g, '')).toBe(`a${word}b`);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(40);
  });

  it('does not split surrogate pairs', () => {
    const lines = wrapText('😀'.repeat(5), 2, measure);
    expect(lines).toEqual(['😀😀', '😀😀', '😀']);
  });

  it('keeps explicit and blank lines', () => {
    expect(wrapText('one\n\ntwo', 10, measure)).toEqual(['one', '', 'two']);
  });
});

describe('fitOneLine', () => {
  it('shortens with an ellipsis only when needed', () => {
    expect(fitOneLine('Jane Doe', 20, measure)).toBe('Jane Doe');
    expect(fitOneLine('Jane Alexandra Doe-Example', 10, measure)).toBe('Jane Al...');
  });

  it('keeps the longest prefix that fits, for every width', () => {
    const text = 'Jane Alexandra Doe-Example';
    for (let width = 3; width < text.length; width += 1) {
      const fitted = fitOneLine(text, width, measure);
      expect(measure(fitted)).toBeLessThanOrEqual(width);
      expect(fitted).toBe(`${text.slice(0, width - 3)}...`);
    }
  });

  it('measures a 1 MB name a logarithmic number of times, not once per character', () => {
    let calls = 0;
    const counting = (text: string) => {
      calls += 1;
      return text.length;
    };
    const fitted = fitOneLine('x'.repeat(1_000_000), 40, counting);
    expect(fitted).toBe(`${'x'.repeat(37)}...`);
    expect(calls).toBeLessThanOrEqual(25);
  });
});
