/**
 * What a SMART Health Link carries: one FHIR DocumentReference with the handout as given (the
 * PDF exactly as printed, the plain text, and an HTML rendering of the same blocks for the
 * phone viewer). No patient reference, no identifiers: the patient's name appears only as the
 * clinician chose to print it, inside the handout itself.
 */
import type { DocumentReference } from '@medplum/fhirtypes';
import { bytesToBase64, utf8Bytes } from '../../fhir/write/attachmentData';
import { buildHandoutBlocks, type HandoutBlock } from '../handout/handoutDocument';
import type { HandoutRenderInput } from '../handout/renderInput';
import { renderHandoutText } from '../handout/renderText';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function blockHtml(block: HandoutBlock): string {
  switch (block.kind) {
    case 'header':
      return `<dl>${block.fields.map((f) => `<dt>${escape(f.label)}</dt><dd>${escape(f.value)}</dd>`).join('')}</dl>`;
    case 'title':
      return `<h1>${escape(block.text)}</h1>`;
    case 'note':
      return `<h2>${escape(block.heading)}</h2>${block.text
        .split('\n')
        .map((line) => `<p>${escape(line)}</p>`)
        .join('')}`;
    case 'heading':
      return `<h2>${escape(block.text)}</h2>`;
    case 'paragraph':
      return `<p>${escape(block.text)}</p>`;
    case 'smallPrint':
      return `<p><small>${escape(block.text)}</small></p>`;
  }
}

/** The handout's blocks as a small HTML fragment (only dl, dt, dd, h1, h2, p, small). */
export function handoutHtml(input: HandoutRenderInput): string {
  return buildHandoutBlocks(input).map(blockHtml).join('\n');
}

export function handoutDocumentReference(
  input: HandoutRenderInput,
  pdf: Uint8Array,
  date: Date,
): DocumentReference {
  const title = input.handout.title;
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: '34895-3', display: 'Education note' }] },
    date: date.toISOString(),
    description: title,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          language: input.handout.language,
          title,
          data: bytesToBase64(pdf),
        },
      },
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: input.handout.language,
          title,
          data: bytesToBase64(utf8Bytes(renderHandoutText(input))),
        },
      },
      {
        attachment: {
          contentType: 'text/html; charset=utf-8',
          language: input.handout.language,
          title,
          data: bytesToBase64(utf8Bytes(handoutHtml(input))),
        },
      },
    ],
  };
}
