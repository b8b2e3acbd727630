import { describe, expect, it } from 'vitest';
import type { ProblemFinding } from '../../clinical';
import {
  describeAgonist,
  describeHistory,
  describeOlderNaloxone,
  describeProblem,
} from './panelText';

describe('describeHistory ("Previously given:" items)', () => {
  it('gives the date and who', () => {
    expect(
      describeHistory({
        resourceType: 'DocumentReference',
        id: 'd1',
        date: '2026-11-20T10:00:00Z',
        by: 'Dr A. Chen',
      }),
    ).toMatch(/^.*2026.* by Dr A\. Chen$/);
  });

  it('names the copy to retire when the EHR stored one record twice', () => {
    const text = describeHistory({
      resourceType: 'DocumentReference',
      id: 'd1',
      date: '2026-11-20T10:00:00Z',
      by: undefined,
      duplicates: ['d2'],
    });
    expect(text).toContain('(stored twice: mark DocumentReference/d2 entered-in-error)');
  });
});

describe('describeProblem status wording', () => {
  const problem = (label: string, status: ProblemFinding['status']): ProblemFinding => ({
    kind: 'oud',
    label,
    code: 'F11.21',
    status,
    verification: 'confirmed',
    onset: undefined,
    evidence: { resourceType: 'Condition', id: 'c1', matchedBy: 'code' },
  });

  it('names the recorded status apart when the label says "in sustained remission" but the status is active', () => {
    expect(describeProblem(problem('Opioid dependence, in sustained remission', 'active'))).toBe(
      'Opioid dependence, in sustained remission (F11.21); recorded status: active',
    );
  });

  it('does not read "inactive" in a label as "active"', () => {
    expect(describeProblem(problem('Opioid dependence, inactive', 'active'))).toBe(
      'Opioid dependence, inactive (F11.21); recorded status: active',
    );
  });

  it('says the status once when the label already says it', () => {
    expect(describeProblem(problem('Opioid dependence, in remission', 'remission'))).toBe(
      'Opioid dependence, in remission (F11.21)',
    );
  });
});

describe('describeAgonist', () => {
  it('names the drug of an agonist whose indication is not recorded (buprenorphine too)', () => {
    const text = describeAgonist({
      kind: 'buprenorphine',
      name: 'buprenorphine 0.4 MG Sublingual Tablet',
      indicationNotRecorded: true,
      evidence: { resourceType: 'MedicationRequest', id: 'm1', matchedBy: 'code' },
    });
    expect(text).toBe(
      'buprenorphine 0.4 MG Sublingual Tablet: buprenorphine (indication not recorded)',
    );
  });
});

describe('Canadian wording on the panel', () => {
  const finding = (kind: ProblemFinding['kind'], label: string): ProblemFinding => ({
    kind,
    label,
    code: 'F11.3',
    status: 'active',
    verification: 'confirmed',
    onset: undefined,
    evidence: { resourceType: 'Condition', id: 'c1', matchedBy: 'code' },
  });

  it('names withdrawal as withdrawal, never under "Not opioid use disorder:"', () => {
    expect(describeProblem(finding('withdrawal', 'Opioid withdrawal state'))).toBe(
      'Opioid withdrawal state (F11.3), active',
    );
    expect(describeProblem(finding('withdrawal', 'F11.3'))).toBe(
      'Opioid withdrawal: F11.3 (F11.3), active',
    );
    expect(describeProblem(finding('related', 'Opioid use'))).toMatch(/^Not opioid use disorder: /);
  });

  it('says a clinic-given dose was given, with its date', () => {
    expect(
      describeAgonist({
        kind: 'buprenorphine',
        name: 'buprenorphine (DIN 02483092)',
        indicationNotRecorded: false,
        evidence: {
          resourceType: 'MedicationAdministration',
          id: 'a1',
          matchedBy: 'code',
          date: '2026-10-29T15:00:00Z',
        },
      }),
    ).toMatch(/^buprenorphine \(DIN 02483092\) \(given 2026-10-\d{2}\)$/);
  });

  it('names an older naloxone order with its date, or says the date is not recorded', () => {
    const older = (date?: string) =>
      describeOlderNaloxone({
        name: 'Narcan nasal spray 4 mg',
        kind: 'rescue',
        evidence: {
          resourceType: 'MedicationRequest',
          id: 'r1',
          matchedBy: 'code',
          ...(date ? { date } : {}),
        },
      });
    expect(older('2022-03-01')).toBe('Narcan nasal spray 4 mg (ordered 2022-03-01)');
    expect(older()).toBe('Narcan nasal spray 4 mg (ordered, date not recorded)');
  });
});
