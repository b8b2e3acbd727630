import { describe, expect, it } from 'vitest';
import { EXTENSION } from '../codes';
import { base64ToBytes, utf8Text } from './attachmentData';
import { buildDocumentReference } from './buildDocumentReference';
import { buildProcedure } from './buildProcedure';
import { PLANS, PLAN_BY_NAME, makeRecord } from './testing/fixtures';
import type { WritePlanName } from './types';

const SHARE = {
  createdAt: '2026-12-03T10:00:00.000Z',
  expiresAt: '2027-01-02T10:00:00.000Z',
  passcode: true,
};

describe('a SMART Health Link made before attaching is part of the chart record', () => {
  it.each<WritePlanName>(['full', 'no-transaction', 'notes-only'])(
    'on the %s plan: the description names the share, its expiry and that a passcode was set',
    async (plan) => {
      const doc = await buildDocumentReference(
        makeRecord({ sharedLink: SHARE }),
        PLAN_BY_NAME[plan],
      );
      expect(doc.description).toContain(
        'shared as a SMART Health Link (expires 2027-01-02, with a passcode)',
      );
      const ext = doc.extension?.find((e) => e.url === EXTENSION.sharedLink);
      expect(ext?.extension).toEqual([
        { url: 'created', valueDateTime: SHARE.createdAt },
        { url: 'expires', valueDateTime: SHARE.expiresAt },
        { url: 'passcode', valueBoolean: true },
      ]);
    },
  );

  it('the notes-only note (the only record on that plan) has a line for the share', async () => {
    const doc = await buildDocumentReference(
      makeRecord({ sharedLink: { ...SHARE, passcode: false } }),
      PLANS.notesOnly,
    );
    const text = utf8Text(base64ToBytes(doc.content[0]?.attachment.data ?? ''));
    expect(text).toContain(
      'Shared with the patient as a SMART Health Link: created 2026-12-03T10:00:00.000Z, expires 2027-01-02T10:00:00.000Z, passcode: no',
    );
  });

  it('the Procedure carries the same share extension', () => {
    const procedure = buildProcedure(makeRecord({ sharedLink: SHARE }), PLANS.full, 'urn:uuid:x');
    expect(procedure.extension?.some((e) => e.url === EXTENSION.sharedLink)).toBe(true);
  });

  it('says nothing about sharing when no link was made', async () => {
    const doc = await buildDocumentReference(makeRecord(), PLANS.full);
    expect(doc.description).not.toContain('SMART Health Link');
    expect(doc.extension?.some((e) => e.url === EXTENSION.sharedLink)).toBe(false);
  });
});
