import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDOUT } from '../content';
import type { HandoutRenderInput } from '../renderInput';
import {
  HOSTILE_NOTES,
  LEARN_MORE_URL,
  LONG_WORD,
  renderInput,
  VISIT,
} from '../testing/handoutFixtures';
import { sourceSentences } from '../testing/sourceSentences';
import { buildHandoutPdf, pdfFileName } from './buildHandoutPdf';
import { readCatalogLanguage, readPdf } from './pdfTestSupport';
import { PAGE } from './pdfPageWriter';

const CREATED_AT = new Date('2026-11-27T15:30:00Z');
const NOTICE = DEFAULT_HANDOUT.printLabels.unencodableNotice;

function build(overrides: Partial<HandoutRenderInput> = {}) {
  return buildHandoutPdf({
    ...renderInput(overrides),
    createdAt: CREATED_AT,
    authorName: 'Dr A. Chen',
  });
}

describe('buildHandoutPdf', () => {
  it('a 1 MB patient name is printed cut with a visible ellipsis, in under 1 s more', async () => {
    const started = performance.now();
    await build();
    const normal = performance.now() - started;
    const hostileStart = performance.now();
    const { bytes } = await build({
      visit: { ...VISIT, patientName: 'N'.repeat(1_000_000) },
    });
    const hostile = performance.now() - hostileStart;
    expect(hostile - normal).toBeLessThan(1000);
    const { text, totalPages } = await readPdf(bytes);
    // A 199-character word is wider than a line: it is broken, so compare without spaces.
    const joined = text.replace(/\s/g, '');
    expect(joined).toContain(`Patient:${'N'.repeat(199)}…`);
    expect(joined).not.toContain('N'.repeat(200));
    expect(totalPages).toBeLessThan(10);
  });

  it('contains every sentence of the source as real, extractable text', async () => {
    const { text } = await readPdf((await build()).bytes);
    for (const sentence of sourceSentences()) expect(text).toContain(sentence);
    expect(text).toContain(`Go to ${LEARN_MORE_URL}`);
    expect(text).toContain(`Patient: ${VISIT.patientName}`);
    expect(text).toContain(`Clinician: ${VISIT.clinicianName}`);
    expect(text).toContain('A note from your care team Call the clinic on Monday.');
  });

  it('leaves out learn-more without a site, and a whitespace-only note', async () => {
    const { text } = await readPdf(
      (await build({ learnMoreUrl: undefined, patientNote: ' \n ' })).bytes,
    );
    expect(text).not.toContain('Where can you learn more?');
    expect(text).not.toContain('Enter P277');
    expect(text).not.toContain('A note from your care team');
  });

  it('sets title, author, subject, language, creator and dates', async () => {
    const { bytes } = await build();
    const { info } = await readPdf(bytes);
    expect(info).toMatchObject({
      Title: DEFAULT_HANDOUT.title,
      Author: 'Dr A. Chen',
      Subject: 'Patient education: Healthwise P277, edition en-CA',
      CreationDate: 'D:20261127153000Z',
      ModDate: 'D:20261127153000Z',
    });
    expect(String(info.Creator)).toMatch(/heroin-education-smart-app/);
    expect(String(info.Producer)).toMatch(/heroin-education-smart-app/);
    expect(await readCatalogLanguage(bytes)).toBe('en-CA');
  });

  it('is small, numbered, and the same bytes for the same input', async () => {
    const first = await build();
    const second = await build();
    expect(first.bytes.length).toBeLessThan(60 * 1024);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const later = await buildHandoutPdf({
      ...renderInput(),
      createdAt: new Date('2026-11-28T09:00:00Z'),
      authorName: 'Dr A. Chen',
    });
    expect(Buffer.from(later.bytes).equals(Buffer.from(first.bytes))).toBe(false);
    const { text, totalPages } = await readPdf(first.bytes);
    expect(totalPages).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Page 1 of ${totalPages}`);
    expect(text).toContain(`Page ${totalPages} of ${totalPages}`);
  });

  it('substitutes nothing and adds no notice for Latin text', async () => {
    const result = await build({ patientNote: 'Café, crème brûlée — “quotes”' });
    expect(result.substitutedCharacters).toBe(0);
    const { text } = await readPdf(result.bytes);
    expect(text).toContain('Café, crème brûlée — “quotes”');
    expect(text).not.toContain(NOTICE);
  });

  it.each(Object.entries(HOSTILE_NOTES))('builds with a %s note', async (_kind, note) => {
    const result = await build({ patientNote: note });
    const { text } = await readPdf(result.bytes);
    const latinParts = note.match(/[\x21-\x7e]+/g) ?? [];
    for (const part of latinParts) expect(text.replace(/\s/g, '')).toContain(part);
    const unencodable = /[^\x20-\x7e\n]/.test(note);
    expect(result.substitutedCharacters > 0).toBe(unencodable);
    expect(text.includes('[?]')).toBe(unencodable);
    expect(text.includes(NOTICE)).toBe(unencodable);
  });

  it('counts substituted characters and shows the notice even without a note', async () => {
    const withNote = await build({ patientNote: HOSTILE_NOTES.cjk });
    expect(withNote.substitutedCharacters).toBe(3);
    const nameOnly = await build({ patientNote: '', visit: { ...VISIT, patientName: '李 Wei' } });
    expect(nameOnly.substitutedCharacters).toBe(1);
    const { text } = await readPdf(nameOnly.bytes);
    expect(text).toContain('Patient: [?] Wei');
    expect(text).toContain(NOTICE);
  });

  it('wraps a 300-character word and long notes without text beyond the margins', async () => {
    const longNote =
      `${LONG_WORD}\n${'Take one tablet each morning with food. '.repeat(12)}\n`.repeat(8);
    const { bytes } = await build({
      patientNote: longNote,
      visit: { ...VISIT, patientName: LONG_WORD },
    });
    const { text, items, totalPages } = await readPdf(bytes);
    expect(totalPages).toBeGreaterThanOrEqual(3);
    expect(text.replace(/\s/g, '')).toContain(LONG_WORD);
    expect(items.length).toBeGreaterThan(100);
    for (const item of items.filter((i) => i.str.trim() !== '')) {
      expect(item.x).toBeGreaterThanOrEqual(PAGE.margin - 0.5);
      expect(item.x + item.width).toBeLessThanOrEqual(PAGE.width - PAGE.margin + 0.5);
      expect(item.y).toBeGreaterThanOrEqual(PAGE.footerBaseline - 0.5);
      expect(item.y).toBeLessThanOrEqual(PAGE.height - PAGE.margin);
    }
  });
});

describe('pdfFileName', () => {
  it('names the handout and the day, never the patient', () => {
    const name = pdfFileName(new Date(2026, 10, 27, 23, 59));
    expect(name).toBe('heroin-withdrawal-handout-P277-2026-11-27.pdf');
    expect(name.toLowerCase()).not.toContain('jane');
    expect(name).toMatch(/^[a-z0-9-]+-P277-\d{4}-\d{2}-\d{2}\.pdf$/);
  });
});
