/**
 * SMART Health Links (HL7 "SMART Health Cards and Links" IG, STU1): the `shlink:/` payload.
 * `shlink:/` + base64url(JSON {url, key, exp?, flag?, label?, v?}); a viewer URL carries it after
 * `#`, so the key never reaches a web server (fragments are not sent). Shared by the app and the
 * viewer page; no dependencies.
 */

export interface ShlPayload {
  /** The manifest URL. */
  url: string;
  /** 32 random bytes, base64url: 43 characters. */
  key: string;
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** 'P' = passcode required (we never set L or U). */
  flag?: string;
  /** At most 80 characters; visible to anyone who sees the QR code, so never clinical. */
  label?: string;
  v?: 1;
}

export class ShlinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShlinkError';
  }
}

const PREFIX = 'shlink:/';
const KEY = /^[A-Za-z0-9_-]{43}$/;

export function base64urlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ShlinkError('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function encodeShlink(payload: ShlPayload): string {
  return `${PREFIX}${base64urlEncode(new TextEncoder().encode(JSON.stringify(payload)))}`;
}

/** The viewer-URL form: `https://viewer/#shlink:/…`. */
export function viewerLink(viewerUrl: string, shlink: string): string {
  return `${viewerUrl}#${shlink}`;
}

/** Reads `shlink:/…` or a viewer URL with `#shlink:/…`; refuses anything malformed. */
export function parseShlink(text: string): ShlPayload {
  const trimmed = text.trim();
  const at = trimmed.indexOf(PREFIX);
  if (at < 0) throw new ShlinkError('This is not a SMART Health Link.');
  if (at > 0 && trimmed[at - 1] !== '#') throw new ShlinkError('This is not a SMART Health Link.');
  let value: unknown;
  try {
    value = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        base64urlDecode(trimmed.slice(at + PREFIX.length)),
      ),
    );
  } catch {
    throw new ShlinkError('This link is damaged (it cannot be read).');
  }
  if (typeof value !== 'object' || value === null) throw new ShlinkError('This link is damaged.');
  const p = value as Record<string, unknown>;
  if (typeof p.url !== 'string' || typeof p.key !== 'string' || !KEY.test(p.key)) {
    throw new ShlinkError('This link is damaged (no address or key).');
  }
  let url: URL;
  try {
    url = new URL(p.url);
  } catch {
    throw new ShlinkError('This link is damaged (bad address).');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ShlinkError('This link does not use a secure address.');
  }
  if (p.exp !== undefined && (typeof p.exp !== 'number' || !Number.isFinite(p.exp))) {
    throw new ShlinkError('This link is damaged (bad expiry).');
  }
  if (p.flag !== undefined && (typeof p.flag !== 'string' || !/^L?P?U?$/.test(p.flag))) {
    throw new ShlinkError('This link is damaged (bad flags).');
  }
  if (p.label !== undefined && (typeof p.label !== 'string' || p.label.length > 80)) {
    throw new ShlinkError('This link is damaged (bad label).');
  }
  if (p.v !== undefined && p.v !== 1)
    throw new ShlinkError('This link uses a version this viewer does not know.');
  return {
    url: p.url,
    key: p.key,
    ...(typeof p.exp === 'number' ? { exp: p.exp } : {}),
    ...(typeof p.flag === 'string' && p.flag ? { flag: p.flag } : {}),
    ...(typeof p.label === 'string' ? { label: p.label } : {}),
    ...(p.v === 1 ? { v: 1 as const } : {}),
  };
}
