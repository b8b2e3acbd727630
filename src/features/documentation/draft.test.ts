import { describe, expect, it } from 'vitest';
import {
  EMPTY_DRAFT,
  draftKey,
  loadDraft,
  parseDraft,
  pinAttempt,
  saveDraft,
  PATIENT_NOTE_LIMIT,
} from './draft';

describe('draft storage', () => {
  it('round-trips a draft with its attach attempt, per patient', () => {
    const a = draftKey('https://ehr/fhir', 'p1', '');
    const b = draftKey('https://ehr/fhir', 'p2');
    const draft = {
      ...EMPTY_DRAFT,
      patientNote: 'Call us <b>any</b> time 📞',
      understanding: 'understood' as const,
      attempt: {
        key: 'k',
        performedAt: '2026-11-27T10:00:00.000Z',
        progress: { documentReference: 'd1' },
      },
    };
    saveDraft(a, draft);
    expect(loadDraft(a)).toEqual(draft);
    expect(loadDraft(b)).toEqual(EMPTY_DRAFT);
    // Another clinician relaunching in the same tab does not see it.
    expect(loadDraft(draftKey('https://ehr/fhir', 'p1', 'Practitioner/other'))).toEqual(
      EMPTY_DRAFT,
    );
  });

  it('removes an empty draft instead of storing it', () => {
    const key = draftKey('s', 'p');
    saveDraft(key, { ...EMPTY_DRAFT, patientNote: 'x' });
    saveDraft(key, EMPTY_DRAFT);
    expect(sessionStorage.getItem(key)).toBeNull();
  });

  it('writes only the known fields to storage: token-like fields handed in are dropped', () => {
    // Extra fields type-check (structural typing): nothing at compile time stops them.
    const key = draftKey('s', 'p');
    const withTokens = {
      ...EMPTY_DRAFT,
      patientNote: 'x',
      access_token: 'secret-access',
      refresh_token: 'secret-refresh',
      id_token: 'secret-id',
    };
    saveDraft(key, withTokens);
    const stored = sessionStorage.getItem(key) ?? '';
    expect(stored).toContain('"patientNote":"x"');
    expect(stored).not.toMatch(/token|secret/);
  });

  it('survives garbage and tampering', () => {
    expect(parseDraft('{not json')).toEqual(EMPTY_DRAFT);
    expect(parseDraft('null')).toEqual(EMPTY_DRAFT);
    const parsed = parseDraft(
      JSON.stringify({
        recipient: 'mallory',
        understanding: 42,
        patientNote: 'x'.repeat(5000),
        attempt: { key: 1 },
      }),
    );
    expect(parsed.recipient).toBe('patient');
    expect(parsed.understanding).toBe('');
    expect(parsed.patientNote).toHaveLength(PATIENT_NOTE_LIMIT);
    expect(parsed.attempt).toBeUndefined();
  });

  it('keeps a valid interpreter answer and drops anything else', () => {
    expect(parseDraft(JSON.stringify({ interpreterUsed: 'no' })).interpreterUsed).toBe('no');
    expect(parseDraft(JSON.stringify({ interpreterUsed: true })).interpreterUsed).toBe('');
  });

  it('pins a new attempt once, then keeps the same key, time and progress on every retry', () => {
    const first = pinAttempt(
      EMPTY_DRAFT,
      () => 'k1',
      () => new Date('2026-11-27T10:00:00Z'),
    );
    expect(first.attempt).toEqual({
      key: 'k1',
      performedAt: '2026-11-27T10:00:00.000Z',
      progress: {},
    });
    const withProgress = { ...first, attempt: { ...first.attempt, progress: { attempted: true } } };
    expect(pinAttempt(withProgress, () => 'k2').attempt).toEqual(withProgress.attempt);
  });
});

describe('the share facts in the draft', () => {
  const share = {
    createdAt: '2026-12-03T10:00:00.000Z',
    expiresAt: '2027-01-02T10:00:00.000Z',
    passcode: true,
  };

  it('keeps when, until when and passcode yes/no, and never a link or key handed in with them', () => {
    const parsed = parseDraft(
      JSON.stringify({ ...EMPTY_DRAFT, share: { ...share, link: 'shlink:/x', key: 'k' } }),
    );
    expect(parsed.share).toEqual(share);
  });

  it.each([
    ['a non-ISO time', { ...share, createdAt: 'yesterday' }],
    ['a passcode that is not a boolean', { ...share, passcode: 'yes' }],
    ['no expiry', { createdAt: share.createdAt, passcode: false }],
  ])('drops a stored share with %s', (_name, bad) => {
    expect(parseDraft(JSON.stringify({ ...EMPTY_DRAFT, share: bad })).share).toBeUndefined();
  });
});
