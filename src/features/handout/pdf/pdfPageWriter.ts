// pdf-lib is ~176 KB gzip: this module is only reached through the dynamic import in
// buildHandoutPdf.ts (checked by pdfLazyLoading.test.ts). Never import it statically elsewhere.
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { wrapText, type MeasureText } from './wrapText';

export interface TextStyle {
  font: PDFFont;
  size: number;
  lineHeight: number;
}

export interface StyledLine {
  text: string;
  style: TextStyle;
}

/** US Letter in points. Content is 7 in wide, so it also prints on A4 without scaling. */
export const PAGE = { width: 612, height: 792, margin: 54, footerBaseline: 30 } as const;
const BLACK = rgb(0, 0, 0);

/**
 * A cursor that lays text down the page and starts a new page when needed. Widths are the sum
 * of glyph widths without kerning, because drawText does not kern either: the measured width
 * is the drawn width, so no line can pass the right margin.
 */
export class PdfPageWriter {
  private page: PDFPage;
  private y = 0;
  private readonly widthCache = new Map<PDFFont, Map<string, number>>();

  constructor(private readonly doc: PDFDocument) {
    this.page = this.newPage();
  }

  readonly contentWidth = PAGE.width - 2 * PAGE.margin;
  private readonly top = PAGE.height - PAGE.margin;
  private readonly bottom = PAGE.margin;

  measurer(style: TextStyle): MeasureText {
    let widths = this.widthCache.get(style.font);
    if (!widths) this.widthCache.set(style.font, (widths = new Map<string, number>()));
    const cache = widths;
    return (text) => {
      let total = 0;
      for (const char of text) {
        let w = cache.get(char);
        if (w === undefined) cache.set(char, (w = style.font.widthOfTextAtSize(char, 1)));
        total += w;
      }
      return total * style.size;
    };
  }

  wrap(text: string, style: TextStyle, width = this.contentWidth): StyledLine[] {
    return wrapText(text, width, this.measurer(style)).map((line) => ({ text: line, style }));
  }

  /** Vertical gap; swallowed at the top of a page. */
  space(height: number): void {
    if (this.y < this.top) this.y -= height;
  }

  /** Starts a new page unless `height` still fits (keeps a heading with its first lines). */
  keepTogether(height: number): void {
    if (this.y - height < this.bottom && this.y < this.top) this.newPage();
  }

  lines(lines: StyledLine[]): void {
    for (const line of lines) {
      this.keepTogether(line.style.lineHeight);
      this.drawLine(line, PAGE.margin);
    }
  }

  /** Like lines(), but never leaves one line of a paragraph alone at a page's foot or head. */
  paragraph(lines: StyledLine[]): void {
    const heightOf = (from: number, to: number) =>
      lines.slice(from, to).reduce((sum, l) => sum + l.style.lineHeight, 0);
    lines.forEach((line, i) => {
      if (lines.length <= 3) {
        if (i === 0) this.keepTogether(heightOf(0, lines.length));
      } else if (i === 0 || i === lines.length - 2) {
        this.keepTogether(heightOf(i, i + 2));
      } else {
        this.keepTogether(line.style.lineHeight);
      }
      this.drawLine(line, PAGE.margin);
    });
  }

  /** "Label: value" with a bold label; a long value wraps under itself, not under the label. */
  labelled(label: string, value: string, labelStyle: TextStyle, valueStyle: TextStyle): void {
    const labelWidth = this.measurer(labelStyle)(label);
    // A label wider than a third of the line (a long translation) gets a line of its own.
    const inline = labelWidth <= this.contentWidth / 3;
    const indentWidth = inline ? labelWidth : 0;
    const valueLines = this.wrap(value, valueStyle, this.contentWidth - indentWidth);
    if (inline) {
      this.keepTogether(valueStyle.lineHeight);
      const { font, size } = labelStyle;
      this.page.drawText(label, { x: PAGE.margin, y: this.y - size, size, font, color: BLACK });
    } else {
      this.lines(this.wrap(label, labelStyle));
    }
    for (const line of valueLines) {
      this.keepTogether(line.style.lineHeight);
      this.drawLine(line, PAGE.margin + indentWidth);
    }
  }

  /**
   * Lines inside a bordered box. Kept on one page when it fits on one; a longer box continues
   * on the next page with its border closed and reopened at the break.
   */
  box(lines: StyledLine[], padding: number, borderWidth: number): void {
    const height = lines.reduce((sum, l) => sum + l.style.lineHeight, 2 * padding);
    if (height <= this.top - this.bottom) this.keepTogether(height);
    else this.keepTogether(padding + (lines[0]?.style.lineHeight ?? 0));
    let segmentTop = this.y;
    this.y -= padding;
    for (const line of lines) {
      if (this.y - line.style.lineHeight < this.bottom + padding / 2) {
        this.strokeBox(segmentTop, this.y, borderWidth);
        this.newPage();
        segmentTop = this.y;
        this.y -= padding;
      }
      this.drawLine(line, PAGE.margin + padding);
    }
    this.y -= padding;
    this.strokeBox(segmentTop, this.y, borderWidth);
  }

  rule(thickness: number): void {
    const start = { x: PAGE.margin, y: this.y };
    this.page.drawLine({ start, end: { x: PAGE.width - PAGE.margin, y: this.y }, thickness });
  }

  private drawLine(line: StyledLine, x: number): void {
    const { font, size, lineHeight } = line.style;
    // Baseline one font size below the line top leaves room for ascenders and descenders.
    this.page.drawText(line.text, { x, y: this.y - size, size, font, color: BLACK });
    this.y -= lineHeight;
  }

  private strokeBox(top: number, bottom: number, borderWidth: number): void {
    this.page.drawRectangle({
      x: PAGE.margin,
      y: bottom,
      width: this.contentWidth,
      height: top - bottom,
      borderColor: BLACK,
      borderWidth,
    });
  }

  private newPage(): PDFPage {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = this.top;
    return this.page;
  }
}
