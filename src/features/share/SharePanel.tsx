import { useId, useState } from 'react';
import { useSession } from '../../session/SessionContext';
import type { SharedLinkFact } from '../../fhir/write/types';
import type { HandoutRenderInput } from '../handout/renderInput';
import { loadRevoke, loadShare } from './lazyShare';
import type { MadeShare } from './makeShareLink';

interface Props {
  input: HandoutRenderInput;
  date: Date;
  /** Identity not confirmed, deceased: the same reason as Print and Download. */
  outputBlocked: string | undefined;
  /** The record is being (or was) written: a share now would not be in it. */
  locked: boolean;
  onShared: (fact: SharedLinkFact | undefined, qr: string | undefined) => void;
}

type Phase =
  | { kind: 'closed' }
  | { kind: 'form' }
  | { kind: 'working' }
  | { kind: 'made'; share: MadeShare }
  | { kind: 'error'; message: string };

const UNAVAILABLE =
  'Sharing is unavailable right now. Print or download the handout instead; attaching to the chart still works.';

/** **Share with patient**: a SMART Health Link and its QR code, encrypted in this browser. */
export function SharePanel({ input, date, outputBlocked, locked, onShared }: Props) {
  const { config, context, transport } = useSession();
  const [phase, setPhase] = useState<Phase>({ kind: 'closed' });
  const [days, setDays] = useState(30);
  const [passcode, setPasscode] = useState('');
  const [status, setStatus] = useState('');
  const ids = useId();
  const serviceUrl = config.shareServiceUrl;
  if (!serviceUrl) return null;

  const lockedReason = locked
    ? 'Share before attaching, so that the chart record names the link.'
    : undefined;
  const reason = outputBlocked ?? lockedReason;
  const passcodeInvalid =
    passcode.trim() !== '' && (passcode.trim().length < 4 || passcode.trim().length > 64);

  const create = async () => {
    if (passcodeInvalid) return;
    setPhase({ kind: 'working' });
    setStatus('Making the link…');
    try {
      const token = await transport.tokenForShareCheck?.();
      if (!token) throw new Error('no session');
      const { makeShareLink } = await loadShare();
      const share = await makeShareLink({
        serviceUrl,
        viewerUrl: `${window.location.origin}/view/`,
        token,
        iss: context.serverUrl,
        patient: context.patientId,
        input,
        date,
        days,
        passcode,
      });
      setPhase({ kind: 'made', share });
      setStatus('Link made.');
      onShared(
        { createdAt: share.createdAt, expiresAt: share.expiresAt, passcode: share.passcode },
        share.qrDataUrl,
      );
    } catch (error) {
      const refused = error instanceof Error && error.name === 'ShareRefused';
      const message = refused
        ? 'The share service could not confirm your session with the EHR for this patient. Open the app again from the chart.'
        : UNAVAILABLE;
      setPhase({ kind: 'error', message });
      setStatus(message);
    }
  };

  const revoke = async (share: MadeShare) => {
    setStatus('Revoking the link…');
    try {
      const token = (await transport.tokenForShareCheck?.()) ?? '';
      const { revokeShare } = await loadRevoke();
      await revokeShare(serviceUrl, token, {
        id: share.id,
        iss: context.serverUrl,
        patient: context.patientId,
        revokeToken: share.revokeToken,
      });
      setPhase({ kind: 'closed' });
      setPasscode('');
      onShared(undefined, undefined);
      setStatus('Link revoked: it no longer opens.');
    } catch {
      setStatus('The link could not be revoked right now. Try again.');
    }
  };

  return (
    <div className="share">
      <button
        type="button"
        onClick={() => setPhase({ kind: 'form' })}
        disabled={Boolean(reason) || phase.kind === 'working' || phase.kind === 'made'}
        aria-describedby={
          outputBlocked ? 'output-blocked' : lockedReason ? `${ids}-reason` : undefined
        }
        aria-expanded={phase.kind === 'form'}
      >
        Share with patient
      </button>
      {lockedReason && !outputBlocked && phase.kind !== 'made' ? (
        <p id={`${ids}-reason`} className="share-reason">
          {lockedReason}
        </p>
      ) : null}
      {phase.kind === 'form' || phase.kind === 'working' ? (
        <fieldset className="share-form">
          <legend>Share with patient (SMART Health Link)</legend>
          <label htmlFor={`${ids}-days`}>Link works for</label>
          <select id={`${ids}-days`} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            <option value={7}>7 days</option>
            <option value={30}>30 days</option>
            <option value={90}>90 days</option>
          </select>
          <label htmlFor={`${ids}-passcode`}>Passcode to say aloud (optional)</label>
          <input
            id={`${ids}-passcode`}
            type="text"
            autoComplete="off"
            value={passcode}
            maxLength={64}
            aria-invalid={passcodeInvalid}
            aria-describedby={`${ids}-passcode-hint`}
            onChange={(e) => setPasscode(e.target.value)}
          />
          <p id={`${ids}-passcode-hint`} className="hint">
            4 to 64 characters. Never written to the chart.
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => void create()}
            disabled={phase.kind === 'working' || passcodeInvalid}
          >
            Create link
          </button>
          <button type="button" className="quiet" onClick={() => setPhase({ kind: 'closed' })}>
            Cancel
          </button>
        </fieldset>
      ) : null}
      {phase.kind === 'made' ? (
        <div className="share-made">
          <img
            src={phase.share.qrDataUrl}
            alt="QR code of the link for the patient to scan"
            width={180}
          />
          <label htmlFor={`${ids}-link`}>Link for the patient</label>
          <input
            id={`${ids}-link`}
            type="text"
            readOnly
            value={phase.share.link}
            data-testid="share-link"
          />
          <p>
            Expires {phase.share.expiresAt.slice(0, 10)};{' '}
            {phase.share.passcode ? 'passcode required' : 'no passcode'}. The QR code prints with
            the handout.
          </p>
          <button type="button" onClick={() => void revoke(phase.share)}>
            Revoke link
          </button>
        </div>
      ) : null}
      {phase.kind === 'error' ? (
        <p className="share-error" data-testid="share-unavailable">
          {phase.message}
        </p>
      ) : null}
      <p className="share-status" role="status">
        {status}
      </p>
    </div>
  );
}
