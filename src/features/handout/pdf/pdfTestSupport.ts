// Test support only: reads a built PDF back with a real reader (pdf.js via unpdf) and pdf-lib.
import { squash } from '../testing/sourceSentences';

export async function readPdf(bytes: Uint8Array) {
  const { extractText, extractTextItems, getDocumentProxy, getMeta } = await import('unpdf');
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const proxy = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(proxy, { mergePages: true });
  const { items } = await extractTextItems(proxy);
  const { info } = await getMeta(proxy);
  return { text: squash(text), totalPages, items: items.flat(), info };
}

export async function readCatalogLanguage(bytes: Uint8Array): Promise<string | undefined> {
  const { PDFDocument, PDFName, PDFString } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.catalog.lookupMaybe(PDFName.of('Lang'), PDFString)?.decodeText();
}
