// Reached only via `await import('./renderPdf')` in buildHandoutPdf.ts: pdf-lib stays lazy.
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { buildHandoutBlocks, type HandoutBlock } from '../handoutDocument';
import type { HandoutPdfInput, HandoutPdfResult } from './buildHandoutPdf';
import { PAGE, PdfPageWriter, type StyledLine, type TextStyle } from './pdfPageWriter';
import { substituteUnencodable } from './substituteUnencodable';
import { capText } from './capText';
import { fitOneLine } from './wrapText';

const APP_NAME = 'heroin-education-smart-app (SMART on FHIR patient education)';
const NOTE_PADDING = 9;

export async function renderPdf(raw: HandoutPdfInput): Promise<HandoutPdfResult> {
  const input: HandoutPdfInput = {
    ...raw,
    visit: {
      ...raw.visit,
      patientName: capText(raw.visit.patientName),
      clinicianName: capText(raw.visit.clinicianName),
      birthDate: raw.visit.birthDate === undefined ? undefined : capText(raw.visit.birthDate),
    },
  };
  const { handout } = input;
  // updateMetadata: false stops pdf-lib stamping "now" and its own name; we set fixed values.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const encodable = new Set(regular.getCharacterSet());
  let substitutedCharacters = 0;
  const encode = (text: string, count = true): string => {
    const result = substituteUnencodable(text, (cp) => encodable.has(cp));
    if (count) substitutedCharacters += result.substituted;
    return result.text;
  };

  // Encode every block before layout: the note box must know whether to carry the notice.
  const blocks = buildHandoutBlocks(input).map((block) => encodeBlock(block, encode));
  const notice =
    substitutedCharacters > 0 ? encode(handout.printLabels.unencodableNotice, false) : null;

  const styles = {
    header: { font: regular, size: 12, lineHeight: 16 },
    headerLabel: { font: bold, size: 12, lineHeight: 16 },
    title: { font: bold, size: 20, lineHeight: 25 },
    heading: { font: bold, size: 14, lineHeight: 18 },
    body: { font: regular, size: 12, lineHeight: 16 },
    noteHeading: { font: bold, size: 12, lineHeight: 17 },
    notice: { font: bold, size: 11, lineHeight: 15 },
    smallPrint: { font: regular, size: 11, lineHeight: 14.5 },
    footer: { font: regular, size: 9, lineHeight: 12 },
  } satisfies Record<string, TextStyle>;

  const writer = new PdfPageWriter(doc);
  const boxWidth = writer.contentWidth - 2 * NOTE_PADDING;
  const noticeLines = (): StyledLine[] =>
    notice === null ? [] : writer.wrap(notice, styles.notice, boxWidth);
  const hasNote = blocks.some((b) => b.kind === 'note');

  for (const block of blocks) {
    switch (block.kind) {
      case 'header':
        for (const field of block.fields) {
          writer.labelled(`${field.label}: `, field.value, styles.headerLabel, styles.header);
        }
        writer.space(4);
        writer.rule(0.75);
        writer.space(12);
        break;
      case 'title':
        writer.lines(writer.wrap(block.text, styles.title));
        writer.space(8);
        // Text drawn with [?] elsewhere (e.g. the patient's name) still needs the notice.
        if (!hasNote && notice !== null) boxed(writer, noticeLines());
        break;
      case 'note': {
        const gap = noticeLines().length > 0 ? [{ text: '', style: styles.footer }] : [];
        boxed(writer, [
          ...writer.wrap(block.heading, styles.noteHeading, boxWidth),
          ...writer.wrap(block.text, styles.body, boxWidth),
          ...gap,
          ...noticeLines(),
        ]);
        break;
      }
      case 'heading': {
        const lines = writer.wrap(block.text, styles.heading);
        writer.space(10);
        writer.keepTogether(lines.length * styles.heading.lineHeight + 2 * styles.body.lineHeight);
        writer.lines(lines);
        writer.space(2);
        break;
      }
      case 'paragraph':
        writer.paragraph(writer.wrap(block.text, styles.body));
        writer.space(7);
        break;
      case 'smallPrint':
        writer.space(4);
        writer.paragraph(writer.wrap(block.text, styles.smallPrint));
        break;
    }
  }

  drawFooters(
    doc,
    encode(input.visit.patientName, false),
    handout.printLabels.pageOf,
    styles.footer,
  );

  doc.setTitle(handout.title, { showInWindowTitleBar: true });
  doc.setAuthor(capText(input.authorName));
  doc.setSubject(
    `Patient education: ${handout.publisher} ${handout.code}, edition ${handout.edition}`,
  );
  doc.setKeywords(['patient education', handout.publisher, handout.code, handout.edition]);
  doc.setLanguage(handout.language);
  doc.setCreator(APP_NAME);
  doc.setProducer(`${APP_NAME} with pdf-lib`);
  doc.setCreationDate(input.createdAt);
  doc.setModificationDate(input.createdAt);

  // pdf-lib writes no random /ID and its resource-name "random" suffixes use a fixed seed,
  // so with the dates above the same input gives the same bytes (pinned by a test).
  const bytes = await doc.save();
  return { bytes, substitutedCharacters };
}

function boxed(writer: PdfPageWriter, lines: StyledLine[]): void {
  writer.box(lines, NOTE_PADDING, 1.5);
  writer.space(12);
}

function encodeBlock(block: HandoutBlock, encode: (text: string) => string): HandoutBlock {
  switch (block.kind) {
    case 'header':
      return {
        ...block,
        fields: block.fields.map((f) => ({ label: encode(f.label), value: encode(f.value) })),
      };
    case 'note':
      return { ...block, heading: encode(block.heading), text: encode(block.text) };
    case 'title':
    case 'heading':
    case 'paragraph':
    case 'smallPrint':
      return { ...block, text: encode(block.text) };
  }
}

/** Patient name (pages get separated) and "Page n of N" at the foot of every page. */
function drawFooters(doc: PDFDocument, patientName: string, pageOf: string, style: TextStyle) {
  const pages = doc.getPages();
  const measure = (text: string) => style.font.widthOfTextAtSize(text, style.size);
  const color = rgb(0.2, 0.2, 0.2);
  pages.forEach((page, index) => {
    const label = pageOf
      .replace('{page}', String(index + 1))
      .replace('{pages}', String(pages.length));
    const labelWidth = measure(label);
    const y = PAGE.footerBaseline;
    const nameWidth = PAGE.width - 2 * PAGE.margin - labelWidth - 24;
    const name = fitOneLine(patientName.replace(/\s+/g, ' '), nameWidth, measure);
    const common = { y, size: style.size, font: style.font, color };
    page.drawText(name, { ...common, x: PAGE.margin });
    page.drawText(label, { ...common, x: PAGE.width - PAGE.margin - labelWidth });
  });
}
