/**
 * The SHL file encryption: compact JWE, `alg: dir`, `enc: A256GCM`, a fresh random IV each time
 * (jose does that), the key only in the link. Used by the app (encrypt) and the viewer (decrypt).
 */
import { CompactEncrypt, compactDecrypt } from 'jose';
import { base64urlDecode, base64urlEncode } from './shlink';

export function newShlKey(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

export function encryptShlFile(key: string, content: string, contentType: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(content))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: contentType })
    .encrypt(base64urlDecode(key));
}

/** Throws on a wrong key or any tampering (AES-GCM authenticates the whole JWE). */
export async function decryptShlFile(key: string, jwe: string): Promise<string> {
  const { plaintext } = await compactDecrypt(jwe, base64urlDecode(key), {
    keyManagementAlgorithms: ['dir'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
}
