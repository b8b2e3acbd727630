/**
 * Making a link, all in the browser: the PDF as printed, the DocumentReference, the JWE with a
 * fresh key, the upload (ciphertext only), the `shlink:/` and the QR code (error correction M).
 * Loaded on demand (lazyShare.ts): jose and qrcode stay out of the app's first load.
 */
import QRCode from 'qrcode';
import { buildHandoutPdf } from '../handout/pdf/buildHandoutPdf';
import type { HandoutRenderInput } from '../handout/renderInput';
import { handoutDocumentReference } from './handoutPayload';
import { createShare } from './shareClient';
import { encryptShlFile, newShlKey } from './shareCrypto';
import { encodeShlink, viewerLink } from './shlink';

/** Public, unencrypted, in the QR code: so nothing clinical (a patient may not want "heroin" seen). */
export const SHARE_LABEL = 'Health education handout';

export interface ShareRequest {
  serviceUrl: string;
  viewerUrl: string;
  token: string;
  iss: string;
  patient: string;
  input: HandoutRenderInput;
  date: Date;
  days: number;
  passcode: string;
  now?: () => Date;
}

export interface MadeShare {
  id: string;
  revokeToken: string;
  shlink: string;
  link: string;
  qrDataUrl: string;
  createdAt: string;
  expiresAt: string;
  passcode: boolean;
}

export async function makeShareLink(req: ShareRequest): Promise<MadeShare> {
  const created = (req.now ?? (() => new Date()))();
  const { bytes } = await buildHandoutPdf({
    ...req.input,
    createdAt: req.date,
    authorName: req.input.visit.clinicianName,
  });
  const key = newShlKey();
  const jwe = await encryptShlFile(
    key,
    JSON.stringify(handoutDocumentReference(req.input, bytes, req.date)),
    'application/fhir+json',
  );
  const exp = Math.floor(created.getTime() / 1000) + req.days * 86400;
  const passcode = req.passcode.trim();
  const share = await createShare(req.serviceUrl, req.token, {
    iss: req.iss,
    patient: req.patient,
    jwe,
    exp,
    ...(passcode ? { passcode } : {}),
  });
  const shlink = encodeShlink({
    url: share.url,
    key,
    exp,
    ...(passcode ? { flag: 'P' } : {}),
    label: SHARE_LABEL,
    v: 1,
  });
  const link = viewerLink(req.viewerUrl, shlink);
  const qrDataUrl = await QRCode.toDataURL(link, {
    errorCorrectionLevel: 'M',
    margin: 2,
    scale: 4,
  });
  return {
    id: share.id,
    revokeToken: share.revokeToken,
    shlink,
    link,
    qrDataUrl,
    createdAt: created.toISOString(),
    expiresAt: new Date(exp * 1000).toISOString(),
    passcode: Boolean(passcode),
  };
}
