/**
 * Bytes <-> base64 and hashing for Attachment.data / size / hash. Works the same in the browser
 * and in Node without Buffer. Text goes through TextEncoder first: `btoa` on a JS string throws
 * on anything outside Latin-1 (CJK, emoji) and silently mis-encodes nothing else, so never use it
 * on text directly.
 */

export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function utf8Text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

const CHUNK = 0x8000; // keeps String.fromCharCode's argument list small for large PDFs

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Attachment.hash: base64 of the SHA-1 of the bytes (FHIR R4 Attachment.hash). */
export async function sha1Base64(bytes: Uint8Array): Promise<string> {
  // Copy into a fresh ArrayBuffer-backed view: WebCrypto refuses shared or foreign buffers.
  const digest = await crypto.subtle.digest('SHA-1', new Uint8Array(bytes));
  return bytesToBase64(new Uint8Array(digest));
}
