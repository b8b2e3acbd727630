import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import type { Patient } from '@medplum/fhirtypes';
import { outputBlockedReason } from './outputGate';
import type { PatientRead } from './outputGate';
import { AttachActions } from './AttachActions';
import { PatientBanner } from '../context/PatientBanner';
import type { HandoutRenderInput } from '../handout/renderInput';

const alive: Patient = { resourceType: 'Patient', id: 'p1', birthDate: '1975-10-09' };
const loaded = (data: Patient): PatientRead => ({ isPending: false, isSuccess: true, data });

describe('outputBlockedReason', () => {
  it('allows output for the launch patient, alive', () => {
    expect(outputBlockedReason(loaded(alive), 'p1')).toBeUndefined();
  });

  it('blocks while the Patient read is pending', () => {
    const pending = { isPending: true, isSuccess: false, data: undefined };
    expect(outputBlockedReason(pending, 'p1')).toMatch(/Confirming the patient's identity/);
  });

  it('blocks when the Patient read failed: identity could not be confirmed', () => {
    const failed = { isPending: false, isSuccess: false, data: undefined };
    expect(outputBlockedReason(failed, 'p1')).toMatch(
      /identity could not be confirmed.*cannot be printed, downloaded or attached/,
    );
  });

  it('blocks when the Patient read returned another id than the launch patient', () => {
    expect(outputBlockedReason(loaded({ ...alive, id: 'p2' }), 'p1')).toMatch(
      /identity could not be confirmed/,
    );
  });

  it('checks identity before deceased: a mismatched deceased record names identity', () => {
    const other = { ...alive, id: 'p2', deceasedBoolean: true };
    expect(outputBlockedReason(loaded(other), 'p1')).toMatch(/identity could not be confirmed/);
  });

  it('blocks a deceased patient, with the date from deceasedDateTime', () => {
    const dead = { ...alive, deceasedDateTime: '2026-11-20T04:15:00-05:00' };
    expect(outputBlockedReason(loaded(dead), 'p1')).toBe(
      'This patient is recorded as deceased (2026-11-20), so the handout cannot be printed, downloaded or attached.',
    );
  });

  it('blocks deceasedBoolean true without a date, and allows deceasedBoolean false', () => {
    expect(outputBlockedReason(loaded({ ...alive, deceasedBoolean: true }), 'p1')).toBe(
      'This patient is recorded as deceased, so the handout cannot be printed, downloaded or attached.',
    );
    expect(outputBlockedReason(loaded({ ...alive, deceasedBoolean: false }), 'p1')).toBeUndefined();
  });
});

function actions(outputBlocked: string | undefined) {
  render(
    <AttachActions
      state={{ phase: 'idle' }}
      blocked={undefined}
      outputBlocked={outputBlocked}
      planReady
      hasAttempt={false}
      input={{} as HandoutRenderInput}
      date={new Date('2026-11-27T10:00:00Z')}
      onAttach={vi.fn()}
      onCancel={vi.fn()}
      onDiscard={vi.fn()}
    />,
  );
}

describe('AttachActions gating', () => {
  it('disables Attach to chart, Print handout and Download PDF with the reason beside them', () => {
    actions('This patient is recorded as deceased (2026-11-20), so ...');
    for (const name of ['Attach to chart', 'Print handout', 'Download PDF']) {
      const button = screen.getByRole('button', { name });
      expect(button, name).toBeDisabled();
      expect(button, name).toHaveAccessibleDescription(/recorded as deceased \(2026-11-20\)/);
    }
    expect(screen.getByTestId('output-blocked')).toHaveTextContent('recorded as deceased');
  });

  it('leaves all three enabled when nothing blocks output', () => {
    actions(undefined);
    for (const name of ['Attach to chart', 'Print handout', 'Download PDF']) {
      expect(screen.getByRole('button', { name }), name).toBeEnabled();
    }
    expect(screen.queryByTestId('output-blocked')).toBeNull();
  });
});

describe('PatientBanner for a deceased patient', () => {
  it('says Deceased with the date and shows no age', () => {
    render(
      <PatientBanner
        patient={{ ...alive, deceasedDateTime: '2026-11-20T04:15:00-05:00' }}
        problem={undefined}
      />,
    );
    expect(screen.getByTestId('patient-deceased')).toHaveTextContent('Deceased2026-11-20');
    expect(screen.getByText('1975-10-09')).toBeInTheDocument();
    expect(screen.queryByText(/\(\d+ y\)/)).toBeNull();
  });

  it('shows the age and no Deceased line for a living patient', () => {
    render(<PatientBanner patient={alive} problem={undefined} />);
    expect(screen.queryByTestId('patient-deceased')).toBeNull();
    expect(screen.getByText(/^1975-10-09 \(\d+ y\)$/)).toBeInTheDocument();
  });
});
