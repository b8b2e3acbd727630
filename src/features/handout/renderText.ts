import { buildHandoutBlocks, type HandoutBlock } from './handoutDocument';
import type { HandoutRenderInput } from './renderInput';

export type { HandoutRenderInput } from './renderInput';

/**
 * The handout as plain text for a `text/plain; charset=utf-8` DocumentReference attachment.
 * No hard wrapping (EHR viewers wrap themselves): paragraphs separated by blank lines, the
 * header fields one per line, the note with its own line breaks kept.
 */
export function renderHandoutText(input: HandoutRenderInput): string {
  return `${buildHandoutBlocks(input).map(blockText).join('\n\n')}\n`;
}

function blockText(block: HandoutBlock): string {
  switch (block.kind) {
    case 'header':
      return block.fields.map((field) => `${field.label}: ${field.value}`).join('\n');
    case 'note':
      return `${block.heading}\n${block.text}`;
    case 'title':
    case 'heading':
    case 'paragraph':
    case 'smallPrint':
      return block.text;
  }
}
