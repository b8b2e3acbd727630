import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import type { Procedure } from '@medplum/fhirtypes';
import { appFrame, awaitAttachOutcome, launchFramed, waitFactsLoaded } from './helpers/app';
import { byIdentifier, documentedWithin24h, readResource, recordIdentifier } from './helpers/admin';
import type { DocumentReference } from '@medplum/fhirtypes';
import { browserHarness, origins } from './helpers/harness';
import { seedPatient } from './helpers/seed';

/**
 * The whole journey without a mouse: after the launch navigation only Tab, arrow keys, Space,
 * Enter and typing. Where focus is, is read from the page (never changed by the test).
 */

const h = browserHarness();

interface Focused {
  tag: string;
  type: string | null;
  name: string;
}

async function focused(frame: Frame): Promise<Focused | null> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || !document.hasFocus()) return null;
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
    const name = (labelled ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
    return { tag: el.tagName.toLowerCase(), type: el.getAttribute('type'), name };
  });
}

/** Presses Tab until the app frame's focused element matches; fails after `max` presses. */
async function tabTo(
  page: Page,
  frame: Frame,
  match: (f: Focused) => boolean,
  what: string,
  max = 60,
) {
  const path: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(frame);
    path.push(now ? `${now.tag}:${now.name.slice(0, 30)}` : '(outside the app)');
    if (now && match(now)) return;
  }
  throw new Error(`"${what}" not reached with Tab; focus went: ${path.join(' → ')}`);
}

describe('keyboard only', () => {
  it('documents the handout with Tab, arrows, Space, typing and Enter', async () => {
    const { sandboxOrigin, appOrigin } = origins();
    const patient = seedPatient('pat-oud-bup');
    const expectDuplicate = await documentedWithin24h(sandboxOrigin, patient.id);
    const { page } = await h.newPage();
    const app = await launchFramed(page, sandboxOrigin, {
      patient: patient.id,
      encounter: patient.encounter,
      profile: 'full',
    });
    await waitFactsLoaded(app);
    const frame = appFrame(page, appOrigin);
    const kb = page.keyboard;
    const note = 'Keyboard note: see you in two weeks.';
    const internal = 'Keyboard internal note.';

    // Given to: the checked radio takes focus; an arrow moves the choice.
    await tabTo(page, frame, (f) => f.type === 'radio', 'the "Given to" radios');
    await kb.press('ArrowDown');
    expect(await focused(frame)).toMatchObject({
      type: 'radio',
      name: 'Family member or caregiver',
    });

    await tabTo(
      page,
      frame,
      (f) => f.tag === 'select' && f.name === 'Understanding',
      'Understanding',
    );
    await kb.press('ArrowDown');
    await kb.press('ArrowDown');
    expect(await app.getByLabel('Understanding').inputValue()).toBe('needs-reinforcement');

    await tabTo(page, frame, (f) => f.name === 'Take-home naloxone discussed', 'naloxone');
    await kb.press('Space');
    expect(
      await app.getByRole('checkbox', { name: 'Take-home naloxone discussed' }).isChecked(),
    ).toBe(true);

    await tabTo(page, frame, (f) => f.name === 'Note for the patient', 'Note for the patient');
    await kb.type(note);
    await tabTo(page, frame, (f) => f.name === 'Internal note', 'Internal note');
    await kb.type(internal);
    expect(await app.getByLabel('Note for the patient').inputValue()).toBe(note);

    await tabTo(
      page,
      frame,
      (f) => f.tag === 'button' && f.name === 'Attach to chart',
      'Attach to chart',
    );
    await kb.press('Enter');
    const attached = await awaitAttachOutcome(app, {
      expectDuplicate,
      // The dialog takes focus; Tab to "Document again" and press Enter.
      confirm: async () => {
        await tabTo(page, frame, (f) => f.name === 'Document again', 'Document again', 10);
        await kb.press('Enter');
      },
    });

    const doc = await readResource<DocumentReference>(
      sandboxOrigin,
      'DocumentReference',
      attached.documentReference,
    );
    const identifier = recordIdentifier(doc);
    expect(identifier).toBeDefined();
    if (!identifier) return;
    const [procedure] = await byIdentifier<Procedure>(sandboxOrigin, 'Procedure', identifier);
    // The facts in the note lists' sentence (and coded); Procedure.note is the free text only.
    expect(doc.description).toMatch(/given to a family member or caregiver/i);
    expect(doc.description).toMatch(/teach-back: needs reinforcement/i);
    expect(doc.description).toMatch(/take-home naloxone discussed/i);
    expect((procedure?.note ?? []).map((n) => n.text)).toEqual([internal]);
  });
});
