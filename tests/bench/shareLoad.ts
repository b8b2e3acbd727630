/**
 * The share service under a fixed rate of manifest requests on loopback: the service in its
 * own process as `npm start` runs it (PGlite in a temp folder), one link made first through the
 * real creation path (the token is checked by introspection against a tiny EHR in this
 * process), then `POST /shl/{id}` with `embeddedLengthMax` offered open-loop. Bounded in time.
 *
 *   BENCH_SHARE_PORT (4230)  BENCH_SHARE_RATE (100 requests/s)  BENCH_SHARE_SECONDS (10)
 *
 * Alone: `npx tsx tests/bench/shareLoad.ts`; `npm run bench` runs it after the browser runs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompactEncrypt } from 'jose';
import { percentile, timedPost, type Timed } from './loadRequest';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ShareLoadResult {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export async function runShareLoad(
  options: { port?: number; rate?: number; seconds?: number } = {},
): Promise<ShareLoadResult> {
  const port = options.port ?? Number(process.env.BENCH_SHARE_PORT ?? 4230);
  const rate = options.rate ?? Number(process.env.BENCH_SHARE_RATE ?? 100);
  const seconds = options.seconds ?? Number(process.env.BENCH_SHARE_SECONDS ?? 10);
  const origin = `http://127.0.0.1:${port}`;
  // A minimal EHR that offers token introspection and says every token is for "bench".
  const ehr = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(
      req.url?.endsWith('smart-configuration')
        ? JSON.stringify({ introspection_endpoint: `${ehrBase}/introspect` })
        : JSON.stringify({ active: true, patient: 'bench' }),
    );
  });
  await new Promise<void>((r) => ehr.listen(0, '127.0.0.1', r));
  const ehrBase = `http://127.0.0.1:${(ehr.address() as AddressInfo).port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'share-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/share/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      SHARE_PORT: String(port),
      SHARE_DATA_DIR: dataDir,
      SHARE_ISSUERS: `${ehrBase}/fhir`,
      SHARE_RATE_PER_MINUTE: '1000000',
      DATABASE_URL: '',
    },
  });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${origin}/health`)).ok) break;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`share service on ${origin} did not start`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // A handout-sized ciphertext (the real one is about 20 KB).
    const jwe = await new CompactEncrypt(randomBytes(15_000))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(randomBytes(32));
    const created = await fetch(`${origin}/api/links`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer bench' },
      body: JSON.stringify({
        iss: `${ehrBase}/fhir`,
        patient: 'bench',
        jwe,
        exp: Math.floor(Date.now() / 1000) + 86400,
      }),
    });
    if (created.status !== 201) throw new Error(`link creation: HTTP ${created.status}`);
    const { url } = (await created.json()) as { url: string };
    const body = JSON.stringify({ recipient: 'bench', embeddedLengthMax: 1_000_000 });
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const send = () => timedPost(url, agent, body, '"embedded"');
    for (let i = 0; i < Math.min(100, rate); i += 1) await send(); // warm-up, not counted
    const total = rate * seconds;
    const results: Promise<Timed>[] = [];
    const start = performance.now();
    for (let i = 0; i < total; i += 1) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      results.push(send());
    }
    const answers = await Promise.all(results);
    const elapsed = (performance.now() - start) / 1000;
    agent.destroy();
    const ok = answers.filter((a) => a.ok);
    const times = ok.map((a) => a.ms).sort((a, b) => a - b);
    return {
      rate,
      seconds,
      sent: total,
      ok: ok.length,
      requestsPerSecond: ok.length / elapsed,
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
      max: times.at(-1) ?? NaN,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await new Promise<void>((r) => ehr.close(() => r()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function formatShareLoad(r: ShareLoadResult): string {
  return `Share service manifest POST, ${r.rate} requests/s for ${r.seconds} s (loopback, embedded file): ${r.ok} of ${r.sent} answered, ${r.requestsPerSecond.toFixed(0)} answered/s; p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatShareLoad(await runShareLoad()));
}
