import { extractText, getDocumentProxy } from 'unpdf';

export interface PdfText {
  pages: number;
  /** All pages, whitespace collapsed to single spaces (line wrapping does not matter). */
  text: string;
}

export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(document, { mergePages: true });
  return { pages: totalPages, text: normalise(text) };
}

export function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
