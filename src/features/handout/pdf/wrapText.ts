/** Width of a string in points at the size being laid out. */
export type MeasureText = (text: string) => number;

/**
 * Greedy word wrap for the PDF. Breaks only at spaces, so every word of the handout stays whole
 * (and searchable) and no hyphens are invented; only a word longer than a whole line (e.g. a
 * 300-character string in a note) is broken between characters. Explicit line breaks are kept,
 * including blank lines.
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureText): string[] {
  const spaceWidth = measure(' ');
  const lines: string[] = [];
  for (const hardLine of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of hardLine.split(' ')) {
      const wordWidth = measure(word);
      if (line === '' && wordWidth <= maxWidth) {
        line = word;
        lineWidth = wordWidth;
      } else if (lineWidth + spaceWidth + wordWidth <= maxWidth) {
        line = `${line} ${word}`;
        lineWidth += spaceWidth + wordWidth;
      } else {
        if (line !== '') lines.push(line);
        const pieces = wordWidth <= maxWidth ? [word] : breakWord(word, maxWidth, measure);
        lines.push(...pieces.slice(0, -1));
        line = pieces.at(-1) ?? '';
        lineWidth = measure(line);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Splits between code points (never inside a surrogate pair); at least one per piece. */
function breakWord(word: string, maxWidth: number, measure: MeasureText): string[] {
  const pieces: string[] = [];
  let piece = '';
  let width = 0;
  for (const char of word) {
    const charWidth = measure(char);
    if (piece !== '' && width + charWidth > maxWidth) {
      pieces.push(piece);
      piece = '';
      width = 0;
    }
    piece += char;
    width += charWidth;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * Shortens a one-line label (the page footer) to fit, marking the cut with an ellipsis. Binary
 * search on the number of code points: O(n log n) however long the text (a hostile 1 MB name
 * once froze the tab for minutes when this removed one character at a time and re-measured).
 */
export function fitOneLine(text: string, maxWidth: number, measure: MeasureText): string {
  if (measure(text) <= maxWidth) return text;
  const chars = Array.from(text);
  const fits = (count: number) => measure(`${chars.slice(0, count).join('')}...`) <= maxWidth;
  // Invariant: `low` code points fit (0 always counts as fitting), `high` do not.
  let low = 0;
  let high = chars.length;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid;
  }
  return `${chars.slice(0, low).join('')}...`;
}
