import { afterEach, describe, expect, it } from 'vitest';
import { PLANS } from '../../../src/fhir/write/testing/fixtures';
import type { WritePlan } from '../../../src/fhir/write/types';
import { attachAgainst } from '../../hostile/attachAgainst';
import { startHostileEhr, type HostileEhr, type HostileOptions } from '../../hostile/hostileEhr';

/**
 * No duplicate on a reset connection: the hostile server stores every POST twice and answers
 * only the second, as Chromium's automatic re-send on a reset keep-alive socket does (the server
 * stored the first, then the connection reset; a declared conditional create does not stop it,
 * the two deliveries race).
 */

let ehr: HostileEhr | undefined;
afterEach(async () => {
  await ehr?.close();
  ehr = undefined;
});

const UPDATE_SCOPES = [
  'patient/DocumentReference.cruds',
  'patient/Procedure.cruds',
  'patient/Provenance.c',
];

async function attachTo(options: HostileOptions, plan: WritePlan, grantedScopes: string[] = []) {
  ehr = await startHostileEhr({ doublePost: true, ...options });
  return { ehr, outcome: await attachAgainst(ehr, plan, grantedScopes) };
}

const live = (ehr: HostileEhr, type: string) =>
  ehr.stored(type).filter((r) => r.status !== 'entered-in-error');

describe('a POST delivered twice for one fetch', () => {
  it('notes-only without update scope: the clinician is told which copy to retire', async () => {
    const { ehr, outcome } = await attachTo({}, PLANS.notesOnly);
    expect(ehr.stored('DocumentReference')).toHaveLength(2);
    expect(outcome.complete).toBe(true);
    expect(outcome.progress.documentReference).toBe('1');
    expect(outcome.duplicates).toEqual([
      { resource: 'DocumentReference', kept: '1', extra: '2', retired: false },
    ]);
  });

  it('notes-only with DocumentReference.u: the later copy is marked entered-in-error', async () => {
    const { ehr, outcome } = await attachTo({ allowUpdate: true }, PLANS.notesOnly, UPDATE_SCOPES);
    expect(outcome.duplicates).toEqual([
      { resource: 'DocumentReference', kept: '1', extra: '2', retired: true },
    ]);
    expect(live(ehr, 'DocumentReference').map((r) => r.id)).toEqual(['1']);
    expect(ehr.seen.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      'DocumentReference/2',
    ]);
    // Only the status changed: the copy was re-read as stored, not written back as checked at
    // the read boundary (where long strings are cut).
    const [kept, retired] = ehr.stored('DocumentReference');
    const { id: _a, meta: _b, status: _c, ...keptBody } = kept ?? {};
    const { id: _d, meta: _e, status: retiredStatus, ...retiredBody } = retired ?? {};
    expect(retiredStatus).toBe('entered-in-error');
    expect(retiredBody).toEqual(keptBody);
  });

  it('notes-only with update but no version to name (no versionId, no ETag): named, never a blind PUT', async () => {
    const { ehr, outcome } = await attachTo(
      { allowUpdate: true, hideVersions: true },
      PLANS.notesOnly,
      UPDATE_SCOPES,
    );
    expect(outcome.duplicates).toEqual([
      { resource: 'DocumentReference', kept: '1', extra: '2', retired: false },
    ]);
    expect(ehr.seen.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(live(ehr, 'DocumentReference')).toHaveLength(2);
  });

  it('notes-only with identifiers dropped: both copies found by the key in the note text', async () => {
    const { outcome } = await attachTo({ dropIdentifiers: true }, PLANS.notesOnly);
    expect(outcome.duplicates).toEqual([
      { resource: 'DocumentReference', kept: '1', extra: '2', retired: false },
    ]);
  });

  it('no-transaction: both doubled resources found; the Procedure reports the kept document', async () => {
    const { ehr, outcome } = await attachTo(
      { allowUpdate: true },
      PLANS.noTransactionLookFirst,
      UPDATE_SCOPES,
    );
    expect(outcome.complete).toBe(true);
    expect(outcome.duplicates.map((d) => [d.resource, d.kept, d.extra, d.retired])).toEqual([
      ['DocumentReference', '1', '2', true],
      ['Procedure', '3', '4', true],
    ]);
    const [procedure] = live(ehr, 'Procedure');
    expect(procedure?.report).toEqual([{ reference: 'DocumentReference/1' }]);
    expect(live(ehr, 'DocumentReference')).toHaveLength(1);
  });
});

describe('identifiers dropped on the no-transaction plan', () => {
  it('the PDF document copies are recognised by their identical bytes', async () => {
    const { outcome } = await attachTo({ dropIdentifiers: true }, PLANS.noTransactionLookFirst);
    expect(outcome.unchecked).toEqual([]);
    expect(outcome.duplicates.map((d) => [d.resource, d.kept, d.extra])).toContainEqual([
      'DocumentReference',
      '1',
      '2',
    ]);
  });
});

describe.each([
  ['full', PLANS.full],
  ['no-transaction with conditional create', PLANS.noTransaction],
  ['no-transaction without conditional create', PLANS.noTransactionLookFirst],
  ['notes-only', PLANS.notesOnly],
] as const)('a create stored, then re-sent by the browser after a reset (%s)', (_, plan) => {
  it('where the EHR allows update: one current DocumentReference, the copy retired and named', async () => {
    const { ehr, outcome } = await attachTo({ allowUpdate: true }, plan, UPDATE_SCOPES);
    expect(outcome.complete).toBe(true);
    expect(ehr.stored('DocumentReference')).toHaveLength(2);
    expect(live(ehr, 'DocumentReference')).toHaveLength(1);
    expect(outcome.progress.documentReference).toBe(live(ehr, 'DocumentReference')[0]?.id);
    expect(outcome.duplicates).toContainEqual(
      expect.objectContaining({ resource: 'DocumentReference', retired: true }),
    );
    if (plan.procedure) {
      expect(live(ehr, 'Procedure')).toHaveLength(1);
      expect(live(ehr, 'Procedure')[0]?.report).toEqual([
        { reference: `DocumentReference/${outcome.progress.documentReference ?? ''}` },
      ]);
    }
  });

  it('without update: both found, the later copy named to the clinician to retire', async () => {
    const { outcome } = await attachTo({}, plan);
    expect(outcome.complete).toBe(true);
    expect(outcome.duplicates).toContainEqual(
      expect.objectContaining({ resource: 'DocumentReference', retired: false }),
    );
    const [copy] = outcome.duplicates;
    expect(copy?.kept).toBe(outcome.progress.documentReference);
    expect(copy?.extra).not.toBe(copy?.kept);
  });
});
