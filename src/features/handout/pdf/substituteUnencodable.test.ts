import { describe, expect, it } from 'vitest';
import { substituteUnencodable } from './substituteUnencodable';

// Stand-in for the WinAnsi check: Latin-1 printable characters only.
const latin1 = (cp: number) => (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff);

describe('substituteUnencodable', () => {
  it('leaves encodable text alone', () => {
    expect(substituteUnencodable('Café <b>', latin1)).toEqual({ text: 'Café <b>', substituted: 0 });
  });

  it('replaces each run with one visible mark and counts every code point', () => {
    expect(substituteUnencodable('Hi 你好 there 👍🏽!', latin1)).toEqual({
      text: 'Hi [?] there [?]!',
      substituted: 4,
    });
  });

  it('composes accents first, keeps newlines and turns tabs into spaces', () => {
    expect(substituteUnencodable('e\u0301\r\n\ta', latin1)).toEqual({
      text: 'é\n a',
      substituted: 0,
    });
  });
});
