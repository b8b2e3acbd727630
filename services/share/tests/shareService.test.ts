import { compactDecrypt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../../tests/support/sandboxFixture';
import { launchSession } from '../../../tests/support/sandboxSession';
import { migrate } from '../db/migrations';
import type { RunningShareService } from '../server';
import { startShareService } from '../server';
import type { TestDatabase } from './support';
import {
  ENGINES,
  encryptFor,
  newKey,
  openTestDatabase,
  postJson,
  testClock,
  testConfig,
} from './support';

const PATIENT = 'pat-oud-bup';
const sandbox = useSandbox();

describe.each(ENGINES)('share service on %s', (engine) => {
  let tdb: TestDatabase;
  let service: RunningShareService;
  let token = '';
  let iss = '';
  const clock = testClock();
  const logs: string[] = [];

  beforeAll(async () => {
    tdb = await openTestDatabase(engine);
    const session = await launchSession(sandbox.origin(), {
      profile: 'full',
      patient: PATIENT,
      practitioner: 'pr-chen',
    });
    token = session.tokenResponse.access_token;
    iss = session.context.serverUrl;
    service = await startShareService(0, {
      config: testConfig([iss], { failureCap: 5 }),
      db: tdb.db,
      now: clock.now,
      log: (line) => logs.push(line),
    });
  });
  afterAll(async () => {
    await service.close();
    await tdb.dispose();
  });

  const auth = () => ({ Authorization: `Bearer ${token}` });
  const exp = () => Math.floor(clock.now() / 1000) + 30 * 86400;

  async function createLink(opts: { passcode?: string; payload?: unknown } = {}) {
    const key = newKey();
    const jwe = await encryptFor(key, opts.payload ?? { resourceType: 'DocumentReference' });
    const response = await postJson(
      `${service.origin}/api/links`,
      {
        iss,
        patient: PATIENT,
        jwe,
        exp: exp(),
        ...(opts.passcode ? { passcode: opts.passcode } : {}),
      },
      auth(),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; url: string; revokeToken: string };
    return { ...body, key, jwe };
  }

  it('applies the schema once: a second migration run changes nothing', async () => {
    expect(await migrate(tdb.db)).toEqual([]);
    const rows = await tdb.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => Number(r.version))).toEqual([1]);
  });

  it('creates a link with a 256-bit id and serves the ciphertext through a location that decrypts with the key', async () => {
    const link = await createLink({ payload: { resourceType: 'DocumentReference', id: 'x' } });
    expect(link.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(link.id, 'base64url')).toHaveLength(32);
    expect(link.url).toBe(`${service.origin}/shl/${link.id}`);
    const manifest = await postJson(link.url, { recipient: 'Patient' });
    expect(manifest.status).toBe(200);
    const body = (await manifest.json()) as { files: { contentType: string; location?: string }[] };
    expect(body.files).toHaveLength(1);
    expect(body.files[0]?.contentType).toBe('application/fhir+json');
    const location = body.files[0]?.location ?? '';
    expect(location).toMatch(new RegExp(`^${service.origin}/shl/file/[A-Za-z0-9_-]{43}$`));
    const file = await fetch(location);
    expect(file.headers.get('content-type')).toBe('application/jose');
    const jwe = await file.text();
    expect(jwe).toBe(link.jwe);
    const { plaintext } = await compactDecrypt(jwe, Buffer.from(link.key, 'base64url'));
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual({
      resourceType: 'DocumentReference',
      id: 'x',
    });
  });

  it('embeds the file when the viewer allows that length, and gives a location when it is too long', async () => {
    const link = await createLink();
    const big = (await (
      await postJson(link.url, { recipient: 'P', embeddedLengthMax: 1_000_000 })
    ).json()) as {
      files: { embedded?: string; location?: string }[];
    };
    expect(big.files[0]?.embedded).toBe(link.jwe);
    const small = (await (
      await postJson(link.url, { recipient: 'P', embeddedLengthMax: 10 })
    ).json()) as {
      files: { embedded?: string; location?: string }[];
    };
    expect(small.files[0]?.embedded).toBeUndefined();
    expect(small.files[0]?.location).toBeDefined();
  });

  it('a location URL stops working within an hour', async () => {
    const link = await createLink();
    const body = (await (await postJson(link.url, { recipient: 'P' })).json()) as {
      files: { location: string }[];
    };
    const location = body.files[0]?.location ?? '';
    expect((await fetch(location)).status).toBe(200);
    clock.advance(60 * 60_000);
    expect((await fetch(location)).status).toBe(404);
  });

  it('requires a recipient in the manifest request', async () => {
    const link = await createLink();
    expect((await postJson(link.url, {})).status).toBe(400);
  });

  it('answers 401 with remainingAttempts for a missing or wrong passcode, and the manifest for the right one', async () => {
    const link = await createLink({ passcode: '4711' });
    const missing = await postJson(link.url, { recipient: 'P' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ remainingAttempts: 5 });
    const wrong = await postJson(link.url, { recipient: 'P', passcode: '0000' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ remainingAttempts: 4 });
    const right = await postJson(link.url, { recipient: 'P', passcode: '4711' });
    expect(right.status).toBe(200);
    // A right passcode does not use up an attempt.
    const again = await postJson(link.url, { recipient: 'P', passcode: '9999' });
    expect(await again.json()).toMatchObject({ remainingAttempts: 3 });
  });

  it('locks a link after its lifetime cap of wrong passcodes, even for the right one', async () => {
    const link = await createLink({ passcode: '4711' });
    for (let i = 0; i < 5; i += 1)
      await postJson(link.url, { recipient: 'P', passcode: `w${i}xx` });
    const right = await postJson(link.url, { recipient: 'P', passcode: '4711' });
    expect(right.status).toBe(401);
    expect(await right.json()).toMatchObject({ remainingAttempts: 0 });
  });

  it('holds the cap under 30 parallel wrong guesses: at most 5 are ever checked', async () => {
    const link = await createLink({ passcode: '4711' });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postJson(link.url, { recipient: 'P', passcode: `g${i}zz` }),
      ),
    );
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as {
      remainingAttempts: number;
    }[];
    expect(answers.every((a) => a.status === 401)).toBe(true);
    expect(new Set(bodies.map((b) => b.remainingAttempts))).toEqual(new Set([0, 1, 2, 3, 4]));
    const [row] = await tdb.db.query<{ failures: number }>(
      'SELECT failures FROM links WHERE id = $1',
      [link.id],
    );
    expect(Number(row?.failures)).toBe(5);
    expect((await postJson(link.url, { recipient: 'P', passcode: '4711' })).status).toBe(401);
  });

  it('answers 404 for an unknown, an expired and a revoked link', async () => {
    expect((await postJson(`${service.origin}/shl/${newKey()}`, { recipient: 'P' })).status).toBe(
      404,
    );
    const expiring = await createLink();
    clock.advance(31 * 86400_000);
    expect((await postJson(expiring.url, { recipient: 'P' })).status).toBe(404);
    const revoked = await createLink();
    const wrongToken = await fetch(`${service.origin}/api/links/${revoked.id}`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: JSON.stringify({ iss, patient: PATIENT, revokeToken: newKey() }),
    });
    expect(wrongToken.status).toBe(404);
    expect((await postJson(revoked.url, { recipient: 'P' })).status).toBe(200);
    const done = await fetch(`${service.origin}/api/links/${revoked.id}`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json', ...auth() },
      body: JSON.stringify({ iss, patient: PATIENT, revokeToken: revoked.revokeToken }),
    });
    expect(done.status).toBe(200);
    expect((await postJson(revoked.url, { recipient: 'P' })).status).toBe(404);
    const [row] = await tdb.db.query<{ jwe: string }>('SELECT jwe FROM links WHERE id = $1', [
      revoked.id,
    ]);
    expect(row?.jwe).toBe('');
  });

  it('lets the patient end a link from the viewer, behind the same passcode', async () => {
    const link = await createLink({ passcode: '4711' });
    expect((await postJson(`${link.url}/end`, { passcode: 'nope' })).status).toBe(401);
    expect((await postJson(`${link.url}/end`, { passcode: '4711' })).status).toBe(200);
    expect((await postJson(link.url, { recipient: 'P', passcode: '4711' })).status).toBe(404);
  });

  it('refuses to create a link without a token, for another patient, or for an issuer not allowlisted', async () => {
    const jwe = await encryptFor(newKey(), {});
    const body = { iss, patient: PATIENT, jwe, exp: exp() };
    expect((await postJson(`${service.origin}/api/links`, body)).status).toBe(401);
    expect(
      (await postJson(`${service.origin}/api/links`, { ...body, patient: 'pat-overdose' }, auth()))
        .status,
    ).toBe(403);
    expect(
      (
        await postJson(
          `${service.origin}/api/links`,
          { ...body, iss: 'https://evil.example/fhir' },
          auth(),
        )
      ).status,
    ).toBe(403);
    expect(
      (await postJson(`${service.origin}/api/links`, body, { Authorization: 'Bearer forged' }))
        .status,
    ).toBe(401);
  });

  it('refuses a payload that is not a dir/A256GCM compact JWE, and an expiry in the past or beyond a year', async () => {
    const jwe = await encryptFor(newKey(), {});
    const post = (b: object) =>
      postJson(
        `${service.origin}/api/links`,
        { iss, patient: PATIENT, jwe, exp: exp(), ...b },
        auth(),
      );
    expect((await post({ jwe: 'not.a.jwe' })).status).toBe(400);
    expect(
      (
        await post({
          jwe: jwe.replace(
            /^[^.]+/,
            Buffer.from('{"alg":"A256KW","enc":"A256GCM"}').toString('base64url'),
          ),
        })
      ).status,
    ).toBe(400);
    expect((await post({ exp: Math.floor(clock.now() / 1000) - 1 })).status).toBe(400);
    expect((await post({ exp: Math.floor(clock.now() / 1000) + 400 * 86400 })).status).toBe(400);
  });

  it('keeps no PHI, passcode, token or link id in the audit log or the request log', async () => {
    const link = await createLink({ passcode: 'secret-4711' });
    await postJson(link.url, { recipient: 'Jane Patient', passcode: 'secret-4711' });
    const rows = await tdb.db.query('SELECT * FROM audit_log');
    const text = JSON.stringify(rows) + logs.join('\n');
    expect(rows.length).toBeGreaterThan(5);
    for (const secret of [
      PATIENT,
      'secret-4711',
      'Jane Patient',
      link.id,
      link.revokeToken,
      token,
      link.key,
    ]) {
      expect(text).not.toContain(secret);
    }
    const stored = JSON.stringify(await tdb.db.query('SELECT * FROM links'));
    expect(stored).not.toContain('secret-4711');
    expect(stored).not.toContain(PATIENT);
    expect(stored).not.toContain(link.key);
  });
});

describe.each(ENGINES)('share service faults on %s', (engine) => {
  it('answers 503 "Sharing is unavailable" when the database is down', async () => {
    const tdb = await openTestDatabase(engine);
    const service = await startShareService(0, {
      config: testConfig(['http://127.0.0.1:1/fhir']),
      db: tdb.db,
      log: () => undefined,
    });
    try {
      await tdb.kill();
      const response = await postJson(`${service.origin}/shl/${newKey()}`, { recipient: 'P' });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: 'Sharing is unavailable' });
    } finally {
      await service.close();
      await tdb.dispose().catch(() => undefined);
    }
  });
});

describe('share service limits', () => {
  it('rate-limits one client address', async () => {
    const tdb = await openTestDatabase('pglite');
    const service = await startShareService(0, {
      config: testConfig([], { ratePerMinute: 3 }),
      db: tdb.db,
      log: () => undefined,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1)
        statuses.push(
          (await postJson(`${service.origin}/shl/${newKey()}`, { recipient: 'P' })).status,
        );
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await service.close();
      await tdb.dispose();
    }
  });
});
