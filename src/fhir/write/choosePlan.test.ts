import { describe, expect, it } from 'vitest';
import { choosePlan, planWithinScopes, type SitePolicy } from './choosePlan';
import { planBehaviours } from './ehrQuirks';
import { declaredCapabilities } from './testing/fixtures';

/** The site default: notes may be released to the patient. */
const SITE: SitePolicy = { notesReleasedToPatient: true };

const ALL = { DocumentReference: true, Procedure: true, Provenance: true };
const NONE = { DocumentReference: false, Procedure: false, Provenance: false };

describe('choosePlan', () => {
  it('Epic: notes-only although its statement declares Procedure create; config still wins', () => {
    const epic = {
      ...declaredCapabilities([{ type: 'DocumentReference' }, { type: 'Procedure' }]),
      software: { name: 'Epic', version: 'May 2026' },
    };
    expect(choosePlan(epic, SITE).name).toBe('notes-only');
    expect(choosePlan({ ...epic, software: { name: 'Epical FHIR' } }, SITE).name).toBe(
      'no-transaction',
    );
    expect(choosePlan(epic, { ...SITE, override: 'no-transaction' }).name).toBe('no-transaction');
  });

  it('full: transaction + creates, conditional create per type', () => {
    const plan = choosePlan(
      declaredCapabilities(
        [
          { type: 'DocumentReference', conditionalCreate: true },
          { type: 'Procedure', conditionalCreate: true },
          { type: 'Provenance', conditionalCreate: true },
        ],
        true,
      ),
      SITE,
    );
    expect(plan).toEqual({
      name: 'full',
      conditionalCreate: ALL,
      procedure: true,
      provenance: true,
      behaviours: planBehaviours('full', true),
    });
  });

  it('no-transaction (Oracle-like): creates without transaction; no Provenance unless declared', () => {
    const plan = choosePlan(
      declaredCapabilities([
        { type: 'DocumentReference', conditionalCreate: true },
        { type: 'Procedure', conditionalCreate: false },
      ]),
      SITE,
    );
    expect(plan).toEqual({
      name: 'no-transaction',
      conditionalCreate: { DocumentReference: true, Procedure: false, Provenance: false },
      procedure: true,
      provenance: false,
      behaviours: planBehaviours('no-transaction', true),
    });
  });

  it('a transaction without Procedure create is notes-only', () => {
    const plan = choosePlan(
      declaredCapabilities(
        [{ type: 'DocumentReference' }, { type: 'Procedure', create: false }],
        true,
      ),
      SITE,
    );
    expect(plan.name).toBe('notes-only');
    expect(plan.procedure).toBe(false);
  });

  it('notes-only (Epic-like): DocumentReference create only', () => {
    const plan = choosePlan(
      declaredCapabilities([
        { type: 'DocumentReference' },
        { type: 'Procedure', create: false },
        { type: 'Provenance', create: false },
      ]),
      SITE,
    );
    expect(plan).toEqual({
      name: 'notes-only',
      conditionalCreate: NONE,
      procedure: false,
      provenance: false,
      behaviours: planBehaviours('notes-only', true),
    });
  });

  it('notes-only when nothing is creatable (the one note is the least to try)', () => {
    expect(choosePlan(declaredCapabilities([{ type: 'Patient', create: false }]), SITE).name).toBe(
      'notes-only',
    );
    expect(choosePlan({ ...declaredCapabilities([]), rest: [] }, SITE).name).toBe('notes-only');
  });

  it('no CapabilityStatement: no-transaction, look before writing, no Provenance', () => {
    expect(choosePlan(undefined, SITE)).toEqual({
      name: 'no-transaction',
      conditionalCreate: NONE,
      procedure: true,
      provenance: false,
      behaviours: planBehaviours('no-transaction', true),
    });
  });

  it('reads the server rest entry, not a client one', () => {
    const statement = declaredCapabilities(
      [{ type: 'DocumentReference' }, { type: 'Procedure' }],
      true,
    );
    statement.rest = [{ mode: 'client', resource: [] }, ...(statement.rest ?? [])];
    expect(choosePlan(statement, SITE).name).toBe('full');
  });

  it('an override wins but keeps the conditional-create and Provenance facts', () => {
    const statement = declaredCapabilities(
      [
        { type: 'DocumentReference', conditionalCreate: true },
        { type: 'Procedure', conditionalCreate: true },
        { type: 'Provenance' },
      ],
      true,
    );
    expect(choosePlan(statement, { ...SITE, override: 'no-transaction' })).toEqual({
      name: 'no-transaction',
      conditionalCreate: { DocumentReference: true, Procedure: true, Provenance: false },
      procedure: true,
      provenance: true,
      behaviours: planBehaviours('no-transaction', true),
    });
    expect(choosePlan(statement, { ...SITE, override: 'notes-only' })).toMatchObject({
      name: 'notes-only',
      procedure: false,
      provenance: false,
    });
    expect(choosePlan(undefined, { ...SITE, override: 'full' })).toEqual({
      name: 'full',
      conditionalCreate: NONE,
      procedure: true,
      provenance: false,
      behaviours: planBehaviours('full', true),
    });
  });
  it("the plan carries the site's notes policy: notes-only writes the internal note under a heading only where notes are not released", () => {
    const epic = {
      ...declaredCapabilities([{ type: 'DocumentReference' }]),
      software: { name: 'Epic' },
    };
    expect(choosePlan(epic, { notesReleasedToPatient: true }).behaviours.internalNote).toBe(
      'not-written',
    );
    expect(choosePlan(epic, { notesReleasedToPatient: false }).behaviours.internalNote).toBe(
      'under-heading',
    );
    const full = declaredCapabilities([{ type: 'DocumentReference' }, { type: 'Procedure' }], true);
    expect(choosePlan(full, { notesReleasedToPatient: true }).behaviours.internalNote).toBe(
      'procedure-note',
    );
  });

  it("an override takes the behaviours of the plan it names, not of the server's choice", () => {
    const full = declaredCapabilities([{ type: 'DocumentReference' }, { type: 'Procedure' }], true);
    const plan = choosePlan(full, { ...SITE, override: 'notes-only' });
    expect(plan.behaviours.encounterRequired).toBe(true);
    expect(plan.behaviours.contents.withPdf).toEqual(['note-text']);
  });
});

describe('planWithinScopes', () => {
  const plan = choosePlan(
    declaredCapabilities(
      [{ type: 'DocumentReference' }, { type: 'Procedure' }, { type: 'Provenance' }],
      true,
    ),
    SITE,
  );
  it('drops Procedure and Provenance when their create scope was not granted', () => {
    expect(planWithinScopes(plan, ['patient/DocumentReference.c'])).toMatchObject({
      procedure: false,
      provenance: false,
    });
    expect(
      planWithinScopes(plan, [
        'patient/DocumentReference.c',
        'patient/Procedure.c',
        'patient/Provenance.write',
      ]),
    ).toMatchObject({
      procedure: true,
      provenance: true,
    });
  });
  it('a dropped Procedure takes the internal note with it (no-procedure); the rest is unchanged', () => {
    const within = planWithinScopes(plan, ['patient/DocumentReference.c']);
    expect(within.behaviours).toEqual({ ...plan.behaviours, internalNote: 'no-procedure' });
    expect(
      planWithinScopes(plan, ['patient/DocumentReference.c', 'patient/Procedure.c']).behaviours,
    ).toBe(plan.behaviours);
  });
  it('notes-only keeps its note placement without Procedure.c (its note is the document)', () => {
    const notesOnly = choosePlan(declaredCapabilities([{ type: 'DocumentReference' }], false), {
      ...SITE,
      notesReleasedToPatient: false,
    });
    expect(planWithinScopes(notesOnly, ['patient/DocumentReference.c']).behaviours).toBe(
      notesOnly.behaviours,
    );
  });
  it('leaves the plan alone when the server did not say what it granted', () => {
    expect(planWithinScopes(plan, [])).toBe(plan);
  });
});
