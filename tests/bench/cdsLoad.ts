/**
 * The CDS Hooks service under a fixed request rate on loopback: patient-view with its prefetch
 * supplied and a fresh ES384 JWT per request (the service refuses a replayed jti), the service
 * in its own process as in production. Open loop: requests leave on schedule whether or not
 * earlier ones have returned, so a slow service shows up as latency, not as a lower rate.
 * Bounded in time and count; stops by itself.
 *
 *   BENCH_CDS_PORT (4220)  BENCH_CDS_RATE (200 requests/s)  BENCH_CDS_SECONDS (20)
 *
 * Alone: `npx tsx tests/bench/cdsLoad.ts`; `npm run bench` runs it after the browser runs.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { CHARTS, PATIENT, patientViewPrefetch } from '../../services/cds-hooks/tests/fixtureCharts';
import { percentile, timedPost, type Timed } from './loadRequest';

const ROOT = resolve(import.meta.dirname, '../..');
const ISS = 'https://bench.invalid/ehr';
const SERVICE = 'heroin-education-patient-view';

export interface CdsLoadResult {
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** The service process's CPU time (user + system) per answered request, from /proc. */
  cpuMsPerRequest: number;
}

/** CPU time of a process in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function waitHealthy(origin: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`CDS service at ${origin} did not become healthy`);
}

export async function runCdsLoad(
  options: { port?: number; rate?: number; seconds?: number } = {},
): Promise<CdsLoadResult> {
  const port = options.port ?? Number(process.env.BENCH_CDS_PORT ?? 4220);
  const rate = options.rate ?? Number(process.env.BENCH_CDS_RATE ?? 200);
  const seconds = options.seconds ?? Number(process.env.BENCH_CDS_SECONDS ?? 20);
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/cds-services/${SERVICE}`;

  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES384' }] };
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cds-hooks/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      CDS_PORT: String(port),
      CDS_PUBLIC_URL: origin,
      CDS_CLIENTS: JSON.stringify([{ iss: ISS, jwks }]),
      CDS_FHIR_SERVERS: '',
    },
  });
  let exited: string | undefined;
  child.on('exit', (code) => (exited = `exited with code ${code ?? 'null'}`));
  try {
    await waitHealthy(origin, Date.now() + 30_000);
    // Another process already on the port would answer /health and refuse our JWTs.
    await new Promise((r) => setTimeout(r, 300));
    if (exited) throw new Error(`The CDS service ${exited} (is port ${port} free?)`);
    const total = rate * seconds;
    const warmup = Math.min(200, rate);
    // Signed ahead of time, so the load generator's own crypto does not pace the run.
    const tokens = await Promise.all(
      Array.from({ length: total + warmup }, () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' })
          .setIssuer(ISS)
          .setAudience(url)
          .setIssuedAt()
          .setExpirationTime('5m')
          .setJti(randomUUID())
          .sign(privateKey),
      ),
    );
    const body = JSON.stringify({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { patientId: PATIENT, userId: 'Practitioner/bench' },
      prefetch: patientViewPrefetch(CHARTS[0]!),
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 128 });
    const send = (token: string) =>
      timedPost(url, agent, body, '"summary"', { Authorization: `Bearer ${token}` });

    for (let i = 0; i < warmup; i += 10) {
      await Promise.all(tokens.slice(i, i + 10).map(send));
    }
    const results: Promise<Timed>[] = [];
    const cpuBefore = cpuMs(child.pid);
    const started = performance.now();
    let next = warmup;
    await new Promise<void>((finish) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
        while (results.length < due) results.push(send(tokens[next++] ?? ''));
        if (results.length >= total) {
          clearInterval(tick);
          finish();
        }
      }, 2);
    });
    const done = await Promise.all(results);
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuMs(child.pid) - cpuBefore;
    agent.destroy();
    const ok = done.filter((r) => r.ok);
    const sorted = ok.map((r) => r.ms).sort((a, b) => a - b);
    return {
      rate,
      seconds,
      sent: done.length,
      ok: ok.length,
      failed: done.length - ok.length,
      requestsPerSecond: ok.length / elapsed,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted.at(-1) ?? NaN,
      cpuMsPerRequest: cpu / Math.max(1, ok.length),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

export function formatCdsLoad(r: CdsLoadResult): string {
  return (
    `CDS Hooks patient-view, prefetch supplied, ${r.rate} requests/s offered for ${r.seconds} s (loopback):\n` +
    `  ${r.requestsPerSecond.toFixed(0)} requests/s answered with a card, ${r.failed} failed of ${r.sent}; ` +
    `latency p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ` +
    `service CPU ${r.cpuMsPerRequest.toFixed(2)} ms per request`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCdsLoad().then(
    (r) => console.log(formatCdsLoad(r)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
