import { encryptSHLFile } from 'kill-the-clipboard';
import { describe, expect, it } from 'vitest';
import { decryptShlFile, encryptShlFile, newShlKey } from '../../../src/features/share/shareCrypto';
import { ShlinkError, encodeShlink, parseShlink } from '../../../src/features/share/shlink';

const GOOD = {
  url: 'https://share.example.org/shl/Y9xwkUdtmN9wwoJoN3ffJIhX2UGvCL1JnlPVNL3kDWM',
  key: 'rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q',
  exp: 1_900_000_000,
  flag: 'P',
  label: 'Health education handout',
  v: 1 as const,
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('SMART Health Link parsing', () => {
  it('reads the shlink:/ form and the viewer-URL form to the same payload', () => {
    const shlink = encodeShlink(GOOD);
    expect(parseShlink(shlink)).toEqual(GOOD);
    expect(parseShlink(`https://viewer.example.org/view/#${shlink}`)).toEqual(GOOD);
  });

  it.each([
    ['no shlink at all', 'https://example.org/'],
    ['not base64url', 'shlink:/***'],
    ['not JSON', `shlink:/${Buffer.from('nope').toString('base64url')}`],
    ['a key of the wrong length', `shlink:/${b64({ ...GOOD, key: 'short' })}`],
    ['no url', `shlink:/${b64({ key: GOOD.key })}`],
    [
      'a plain-http url off this machine',
      `shlink:/${b64({ ...GOOD, url: 'http://evil.example/shl/x' })}`,
    ],
    ['a label over 80 characters', `shlink:/${b64({ ...GOOD, label: 'x'.repeat(81) })}`],
    ['an unknown flag', `shlink:/${b64({ ...GOOD, flag: 'X' })}`],
    ['an unknown version', `shlink:/${b64({ ...GOOD, v: 2 })}`],
    ['shlink:/ glued inside other text', `foo-shlink:/${b64(GOOD)}`],
  ])('refuses %s', (_name, text) => {
    expect(() => parseShlink(text)).toThrow(ShlinkError);
  });
});

describe('SHL file encryption', () => {
  it('decrypts what it encrypts, with a fresh IV each time', async () => {
    const key = newShlKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const a = await encryptShlFile(
      key,
      '{"resourceType":"DocumentReference"}',
      'application/fhir+json',
    );
    const b = await encryptShlFile(
      key,
      '{"resourceType":"DocumentReference"}',
      'application/fhir+json',
    );
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    const header = JSON.parse(Buffer.from(a.split('.')[0] ?? '', 'base64url').toString()) as object;
    expect(header).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(await decryptShlFile(key, a)).toBe('{"resourceType":"DocumentReference"}');
  });

  it('refuses a wrong key and tampered ciphertext', async () => {
    const key = newShlKey();
    const jwe = await encryptShlFile(key, 'secret handout', 'application/fhir+json');
    await expect(decryptShlFile(newShlKey(), jwe)).rejects.toThrow();
    const parts = jwe.split('.');
    const cipher = Buffer.from(parts[3] ?? '', 'base64url');
    cipher[0] = (cipher[0] ?? 0) ^ 1;
    parts[3] = cipher.toString('base64url');
    await expect(decryptShlFile(key, parts.join('.'))).rejects.toThrow();
  });

  it('decrypts a file encrypted by an independent SHL implementation (kill-the-clipboard)', async () => {
    const key = newShlKey();
    const jwe = await encryptSHLFile({
      content: '{"a":1}',
      key,
      contentType: 'application/fhir+json',
    });
    expect(await decryptShlFile(key, jwe)).toBe('{"a":1}');
  });
});
