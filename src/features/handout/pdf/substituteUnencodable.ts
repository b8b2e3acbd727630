/** Replacement for each run of characters the PDF font cannot draw: visible, never silent. */
export const SUBSTITUTE_MARK = '[?]';

export interface Substituted {
  text: string;
  /** Number of code points replaced (a run of several becomes one mark but counts each). */
  substituted: number;
}

/**
 * The standard PDF fonts (Helvetica, WinAnsi encoding) cover Western European text only; pdf-lib
 * throws on anything else. Embedding a Unicode font would cost hundreds of KB per PDF, so each
 * run of unencodable code points (CJK, emoji, Arabic, Hebrew, control characters…) becomes
 * SUBSTITUTE_MARK and is counted, so the PDF can say so. Line breaks are kept; tabs become a space.
 */
export function substituteUnencodable(
  text: string,
  canEncode: (codePoint: number) => boolean,
): Substituted {
  let out = '';
  let substituted = 0;
  let inRun = false;
  // NFC first so that "e" + combining accent becomes "é", which the font does have.
  for (const char of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (char === '\n' || canEncode(codePoint)) {
      out += char;
      inRun = false;
    } else {
      substituted += 1;
      if (!inRun) out += SUBSTITUTE_MARK;
      inRun = true;
    }
  }
  return { text: out, substituted };
}
