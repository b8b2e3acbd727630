import { afterEach, describe, expect, it } from 'vitest';
import { PLANS } from '../../../src/fhir/write/testing/fixtures';
import type { WritePlan } from '../../../src/fhir/write/types';
import { attachAgainst } from '../../hostile/attachAgainst';
import { startHostileEhr, type HostileEhr, type HostileOptions } from '../../hostile/hostileEhr';

/** Proof of every write: lying answers from a real HTTP server, no CSP. */

let ehr: HostileEhr | undefined;
afterEach(async () => {
  await ehr?.close();
  ehr = undefined;
});

async function attachTo(options: HostileOptions, plan: WritePlan) {
  ehr = await startHostileEhr(options);
  return { ehr, outcome: await attachAgainst(ehr, plan) };
}

describe('a write answer that does not prove storage is never "attached"', () => {
  it('200 with an error OperationOutcome and a Location: not confirmed, nothing claimed', async () => {
    const { outcome } = await attachTo({ lie: 'error-outcome-200' }, PLANS.noTransaction);
    expect(outcome.complete).toBe(false);
    expect(outcome.progress.documentReference).toBeUndefined();
    expect(outcome.steps[0]).toMatchObject({
      status: 'failed',
      error: { kind: 'unconfirmed', issues: ['error: not stored'] },
    });
  });

  it('a transaction whose entries say 422 with a location: not confirmed, nothing claimed', async () => {
    const { outcome } = await attachTo({ lie: 'entry-422' }, PLANS.full);
    expect(outcome.complete).toBe(false);
    expect(outcome.progress).toEqual({ attempted: true });
    expect(outcome.steps.map((s) => s.error?.kind)).toEqual([
      'unconfirmed',
      'unconfirmed',
      'unconfirmed',
    ]);
  });

  it("a conditional create answering 200 with someone else's document: not taken for ours", async () => {
    const { outcome } = await attachTo({ lie: 'someone-elses-document' }, PLANS.noTransaction);
    expect(outcome.complete).toBe(false);
    expect(outcome.progress.documentReference).toBeUndefined();
    expect(outcome.steps[0]?.error).toMatchObject({
      kind: 'unconfirmed',
      detail: 'the EHR matched a DocumentReference that is not this record',
    });
  });

  it('201 with a Location on another server: not confirmed, nothing read from there', async () => {
    const { ehr, outcome } = await attachTo({ lie: 'foreign-location' }, PLANS.noTransaction);
    expect(outcome.complete).toBe(false);
    expect(outcome.steps[0]?.error).toMatchObject({ kind: 'unconfirmed' });
    expect(ehr.foreignSeen).toEqual([]);
  });

  it('201 with neither body nor Location: not confirmed', async () => {
    const { outcome } = await attachTo({ lie: 'empty-201' }, PLANS.notesOnly);
    expect(outcome.complete).toBe(false);
    expect(outcome.steps[0]?.error).toMatchObject({ kind: 'unconfirmed' });
  });

  it('an honest server: every plan is confirmed', async () => {
    for (const plan of [PLANS.full, PLANS.noTransaction, PLANS.notesOnly]) {
      const { outcome } = await attachTo({}, plan);
      expect(outcome.complete).toBe(true);
      await ehr?.close();
      ehr = undefined;
    }
  });
});

const EVERY_PLAN = [
  ['full', PLANS.full],
  ['no-transaction with conditional create', PLANS.noTransaction],
  ['no-transaction without conditional create', PLANS.noTransactionLookFirst],
  ['notes-only', PLANS.notesOnly],
] as const;

describe.each(EVERY_PLAN)(
  'a store behind a proxy that hides or rewrites Location (%s)',
  (_, plan) => {
    const expectOneOfEach = (stored: HostileEhr) => {
      expect(stored.stored('DocumentReference')).toHaveLength(1);
      expect(stored.stored('Procedure')).toHaveLength(plan.procedure ? 1 : 0);
      expect(stored.stored('Provenance')).toHaveLength(plan.provenance ? 1 : 0);
    };

    it('201 with the created resource and no Location: read back by id, attached, once', async () => {
      const { ehr, outcome } = await attachTo({ location: 'hidden' }, plan);
      expect(outcome.steps.map((s) => s.status)).not.toContain('failed');
      expect(outcome.complete).toBe(true);
      expectOneOfEach(ehr);
      expect(
        // The proof: the created resource read back by id on the launch base.
        ehr.seen.some((r) => /^DocumentReference\/\d+$/.test(r.path) && r.method === 'GET'),
      ).toBe(true);
    });

    it("a Location naming the upstream server's address: attached, nothing sent there", async () => {
      const { ehr, outcome } = await attachTo({ location: 'upstream' }, plan);
      expect(outcome.complete).toBe(true);
      expectOneOfEach(ehr);
      expect(ehr.foreignSeen).toEqual([]);
    });

    it('creates answered with no body and no Location (Prefer ignored): attached, once', async () => {
      const { ehr, outcome } = await attachTo({ location: 'hidden', noBody: true }, plan);
      expect(outcome.complete).toBe(true);
      expectOneOfEach(ehr);
    });
  },
);

describe.each(EVERY_PLAN.filter(([, p]) => p.name !== 'full'))(
  'an answer that only echoes what was sent (%s)',
  (_, plan) => {
    it('201 echoing the resource with an id, no Location, nothing stored: not confirmed', async () => {
      const { ehr, outcome } = await attachTo({ lie: 'echo-201' }, plan);
      expect(outcome.complete).toBe(false);
      expect(outcome.progress.documentReference).toBeUndefined();
      expect(outcome.steps[0]?.error).toMatchObject({ kind: 'unconfirmed' });
      expect(ehr.stored('DocumentReference')).toHaveLength(0);
    });
  },
);

describe.each(EVERY_PLAN)(
  'an EHR that stores a create, then resets the connection (%s)',
  (_, plan) => {
    it('exactly one current DocumentReference, and the record completes', async () => {
      const { ehr, outcome } = await attachTo({ resetAfterStore: 1 }, plan);
      const current = ehr.stored('DocumentReference').filter((d) => d.status === 'current');
      expect(current).toHaveLength(1);
      expect(outcome.complete).toBe(true);
      expect(ehr.stored('Procedure')).toHaveLength(plan.procedure ? 1 : 0);
    });
  },
);
