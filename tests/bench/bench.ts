/**
 * `npm run bench`: builds the app, starts the sandbox EHR and the static app server on ports of
 * their own, and measures in headless Chromium what a clinician waits for. Prints a table and
 * writes `.bench/results.json`.
 *
 *   BENCH_SANDBOX_PORT (4210)  BENCH_APP_PORT (5373)  BENCH_LAUNCH_RUNS (12)
 *   BENCH_ATTACH_RUNS (3)      BENCH_PDF_RUNS (10)
 *   CDS Hooks load run: see cdsLoad.ts (BENCH_CDS_PORT, BENCH_CDS_RATE, BENCH_CDS_SECONDS)
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { writeReadmeTable } from './readmeTable';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSandbox } from '../../services/sandbox-ehr/server';
import { startAppServer } from '../support/appServer';
import { launchChromium } from '../support/chromium';
import { buildProduction } from '../support/productionBuild';
import { documentedWithin24h } from '../browser/helpers/admin';
import {
  fillForm,
  launchDirect,
  launchUrl,
  waitFactsLoaded,
  waitInteractive,
} from '../browser/helpers/app';
import type { Profile } from '../browser/helpers/app';
import { seedPatient } from '../browser/helpers/seed';
import { analyseBundle, kb } from './bundleSizes';
import type { BundleReport } from './bundleSizes';
import { formatCdsLoad, runCdsLoad } from './cdsLoad';
import { formatShareLoad, runShareLoad } from './shareLoad';
import { startShareForSandbox } from '../support/shareForSandbox';
import { isPreflight, recordNetwork } from './network';
import type { NetRequest } from './network';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = join(ROOT, '.bench');
// Its own build directory: a test run rebuilding dist/ at the same time cannot disturb it.
const DIST = join(OUT_DIR, 'dist');
const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 4210);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 5373);
const LAUNCH_RUNS = Math.max(10, Number(process.env.BENCH_LAUNCH_RUNS ?? 12));
const ATTACH_RUNS = Math.max(3, Number(process.env.BENCH_ATTACH_RUNS ?? 3));
const PDF_RUNS = Math.max(10, Number(process.env.BENCH_PDF_RUNS ?? 10));
/** Chart reads whose start times lie within this many ms count as one parallel wave. */
const WAVE_MS = 50;

/** First-load JS (gzip) of real SMART apps, measured once on this machine (builds of their public repositories). */
const ANCHORS = [
  { name: 'smart-launcher-v2', gzip: 416 * 1024 },
  { name: 'AHRQ Pain Management Summary', gzip: 555 * 1024 },
  { name: 'growth-chart', gzip: 518 * 1024 },
];

interface Spread {
  runs: number;
  median: number;
  min: number;
  max: number;
  p90: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2
      ? (sorted[Math.floor(mid)] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return {
    runs: sorted.length,
    median,
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    p90: at(0.9),
  };
}

const ms = (value: number) => `${Math.round(value)} ms`;

// ---------------------------------------------------------------------------------------------

interface LaunchRun {
  ms: number;
  fhirCriticalPath: number;
  fhirTotal: number;
  preflightsTotal: number;
  readsAfterToken: number;
  waveSpreadMs: number;
}

async function launchRun(browser: Browser, sandboxOrigin: string): Promise<LaunchRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const net = await recordNetwork(context, page);
    const patient = seedPatient('pat-oud-bup');
    const started = Date.now();
    await page.goto(
      launchUrl(sandboxOrigin, {
        patient: patient.id,
        encounter: patient.encounter,
        profile: 'full',
      }),
    );
    await waitInteractive(page);
    const interactive = Date.now();
    await waitFactsLoaded(page);
    await page.waitForLoadState('networkidle');
    await net.stop();

    const base = `${sandboxOrigin}/full/fhir`;
    const fhir = net.requests.filter((r) => r.url.startsWith(base) && !isPreflight(r));
    const token = net.requests.find(
      (r) => r.url === `${sandboxOrigin}/auth/token` && r.method === 'POST',
    );
    const tokenDone = token?.end ?? token?.start ?? interactive;
    const reads = fhir.filter((r) => r.start >= tokenDone && r.start <= interactive);
    const starts = reads.map((r) => r.start);
    return {
      ms: interactive - started,
      fhirCriticalPath: fhir.filter((r) => r.start <= interactive).length,
      fhirTotal: fhir.length,
      preflightsTotal: net.requests.filter((r) => r.url.startsWith(base) && isPreflight(r)).length,
      readsAfterToken: reads.length,
      waveSpreadMs: starts.length ? Math.max(...starts) - Math.min(...starts) : NaN,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------

interface AttachRun {
  profile: Profile;
  patient: string;
  afterDocumentAgain: boolean;
  ms: number;
  /** Requests of the write path (look-ups and writes), without CORS preflights. */
  requests: number;
  requestsWithPreflight: number;
  writes: number;
  /** Chart re-reads the app sends once the write is done (not on the write path). */
  refreshAfter: number;
  /** Everything sent between the click and the success status, re-reads included. */
  windowRequests: number;
  windowRequestsWithPreflight: number;
}

const ATTACH_PATIENTS: Record<Profile, string[]> = {
  full: ['pat-oud-bup', 'pat-french', 'pat-no-oud'],
  'no-transaction': ['pat-odd', 'pat-long-name', 'pat-remission-methadone'],
  // Documented already by the runs above: these go through "Document again".
  'notes-only': ['pat-oud-bup', 'pat-odd', 'pat-french'],
};

async function markAttachDone(page: Page): Promise<void> {
  await page.evaluate(() => {
    const status = document.querySelector('[data-testid="attach-status"]');
    if (!status) throw new Error('no attach status');
    const slot = window as unknown as { __attachDoneAt?: number };
    new MutationObserver(() => {
      if (status.textContent?.includes('Attached to the chart.'))
        slot.__attachDoneAt ??= Date.now();
    }).observe(status, { subtree: true, childList: true, characterData: true });
  });
}

/** A hostile EHR's 1 MB patient name (issue 13): the Patient read answers with it. */
const HUGE_NAME = 'N'.repeat(1_000_000);

/** Share with patient: click "Create link" → the link shown (PDF, encryption, upload, QR). */
async function shareRun(browser: Browser, sandboxOrigin: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await launchDirect(page, sandboxOrigin, { patient: 'pat-no-oud', profile: 'full' });
    await waitFactsLoaded(page);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Share with patient' }).click();
    await page.getByLabel('Passcode to say aloud (optional)').fill('bench-1234');
    const started = Date.now();
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.getByTestId('share-link').waitFor({ timeout: 30_000 });
    return Date.now() - started;
  } finally {
    await context.close();
  }
}

async function attachRun(
  browser: Browser,
  sandboxOrigin: string,
  profile: Profile,
  patientId: string,
  hugeName = false,
): Promise<AttachRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    if (hugeName) {
      await context.route(
        (url) => url.origin === sandboxOrigin && url.pathname.endsWith(`/Patient/${patientId}`),
        async (route) => {
          const response = await route.fetch();
          const patient = (await response.json()) as Record<string, unknown>;
          await route.fulfill({
            response,
            body: JSON.stringify({ ...patient, name: [{ text: HUGE_NAME }] }),
          });
        },
      );
    }
    const page = await context.newPage();
    const patient = seedPatient(patientId);
    const duplicate = await documentedWithin24h(sandboxOrigin, patientId);
    await launchDirect(page, sandboxOrigin, {
      patient: patientId,
      encounter: patient.encounter,
      profile,
    });
    await waitFactsLoaded(page);
    await page.waitForLoadState('networkidle');
    await fillForm(page, {
      recipient: 'Patient',
      understanding: 'understood',
      naloxoneDiscussed: true,
      patientNote: 'Bench note: see you next week.',
      internalNote: 'Bench run.',
    });
    await markAttachDone(page);
    const net = await recordNetwork(context, page);
    let clicked = Date.now();
    await page.getByRole('button', { name: 'Attach to chart' }).click();
    if (duplicate) {
      const again = page.getByRole('dialog').getByRole('button', { name: 'Document again' });
      await again.waitFor();
      clicked = Date.now();
      await again.click();
    }
    await page
      .getByTestId('attach-status')
      .getByText('Attached to the chart.')
      .waitFor({ timeout: 30_000 });
    const done = await page.evaluate(
      () => (window as unknown as { __attachDoneAt?: number }).__attachDoneAt ?? Date.now(),
    );
    await page.waitForLoadState('networkidle');
    await net.stop();

    // The write path ends when the last write's response has arrived; what the app sends
    // after that (it re-reads the chart to show the new history) is counted apart.
    const toSandbox = (r: NetRequest) => r.url.startsWith(sandboxOrigin) && r.start >= clicked;
    const sent = net.requests.filter(toSandbox);
    const writes = sent.filter((r) => r.method === 'POST');
    const writePathEnd = Math.max(...writes.map((r) => r.end ?? r.start), clicked);
    const writePath = sent.filter((r) => r.start <= writePathEnd);
    return {
      profile,
      patient: patientId,
      afterDocumentAgain: duplicate,
      ms: done - clicked,
      requests: writePath.filter((r) => !isPreflight(r)).length,
      requestsWithPreflight: writePath.length,
      writes: writes.length,
      refreshAfter: sent.filter((r) => !isPreflight(r) && r.start > writePathEnd).length,
      windowRequests: sent.filter((r) => !isPreflight(r) && r.start <= done).length,
      windowRequestsWithPreflight: sent.filter((r) => r.start <= done).length,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------

interface PdfResult {
  /** First PDF in a tab: includes fetching and compiling the lazy pdf-lib chunk. */
  cold: Spread;
  warm: Spread;
  sizeBytes: number;
}

/** Chromium stops delivering quick repeated downloads from one tab after ~8: use a few tabs. */
const DOWNLOADS_PER_TAB = 5;

async function pdfRuns(browser: Browser, sandboxOrigin: string): Promise<PdfResult> {
  const cold: number[] = [];
  const warm: number[] = [];
  let size = 0;
  while (warm.length < PDF_RUNS) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    try {
      const page = await context.newPage();
      const patient = seedPatient('pat-remission-methadone');
      await launchDirect(page, sandboxOrigin, {
        patient: patient.id,
        encounter: patient.encounter,
        profile: 'full',
      });
      await waitFactsLoaded(page);
      await page.getByLabel('Note for the patient').fill('Bench note: see you next week.');
      const button = page.getByRole('button', { name: 'Download PDF' });
      for (let i = 0; i < DOWNLOADS_PER_TAB && warm.length < PDF_RUNS; i += 1) {
        const started = Date.now();
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 30_000 }),
          button.click(),
        ]);
        const elapsed = Date.now() - started;
        size = (await stat(await download.path())).size;
        (i === 0 ? cold : warm).push(elapsed);
      }
    } finally {
      await context.close();
    }
  }
  return { cold: spread(cold), warm: spread(warm), sizeBytes: size };
}

// ---------------------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [head, ...body] = rows;
  return [
    line(head ?? []),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

function report(
  sizes: BundleReport,
  launch: { runs: LaunchRun[]; time: Spread },
  attach: AttachRun[],
  pdf: PdfResult,
): string {
  const out: string[] = [];
  out.push('JavaScript (gzip -9)');
  out.push(
    table([
      ['bundle', 'gzip', 'gzip bytes', 'raw', 'files'],
      [
        'launch page (/launch/)',
        kb(sizes.launchPage.gzip),
        String(sizes.launchPage.gzip),
        kb(sizes.launchPage.bytes),
        sizes.launchPage.files.join(' '),
      ],
      [
        'app initial (/)',
        kb(sizes.appInitial.gzip),
        String(sizes.appInitial.gzip),
        kb(sizes.appInitial.bytes),
        sizes.appInitial.files.join(' '),
      ],
      [
        'PDF chunk (pdf-lib, lazy)',
        kb(sizes.pdf.gzip),
        String(sizes.pdf.gzip),
        kb(sizes.pdf.bytes),
        sizes.pdf.files.join(' '),
      ],
      [
        'total JS',
        kb(sizes.total.gzip),
        String(sizes.total.gzip),
        kb(sizes.total.bytes),
        `${sizes.total.files.length} files`,
      ],
    ]),
  );
  out.push('');
  out.push('App initial JS vs anchors (first-load JS, gzip)');
  out.push(
    table([
      ['anchor', 'anchor gzip', 'ours / anchor'],
      ...ANCHORS.map((a) => [
        a.name,
        kb(a.gzip),
        `${((sizes.appInitial.gzip / a.gzip) * 100).toFixed(0)} % (${(a.gzip / sizes.appInitial.gzip).toFixed(1)}x smaller)`,
      ]),
    ]),
  );
  out.push('');
  const runs = launch.runs;
  const critical = spread(runs.map((r) => r.fhirCriticalPath));
  const total = spread(runs.map((r) => r.fhirTotal));
  const waves = runs.filter((r) => r.waveSpreadMs <= WAVE_MS).length;
  out.push(
    `Launch to interactive (sandbox /launch → banner name + handout title visible, unframed, fresh context, ${launch.time.runs} runs)`,
  );
  out.push(
    table([
      [
        'median',
        'min',
        'max',
        'p90',
        'FHIR requests: critical path',
        'FHIR requests: total',
        'CORS preflights',
        'reads in one wave (≤ 50 ms)',
      ],
      [
        ms(launch.time.median),
        ms(launch.time.min),
        ms(launch.time.max),
        ms(launch.time.p90),
        `${critical.median} (min ${critical.min}, max ${critical.max})`,
        `${total.median} (min ${total.min}, max ${total.max})`,
        `${spread(runs.map((r) => r.preflightsTotal)).median}`,
        `${waves}/${runs.length} runs; ${spread(runs.map((r) => r.readsAfterToken)).median} reads, median spread ${ms(spread(runs.map((r) => r.waveSpreadMs)).median)}`,
      ],
    ]),
  );
  out.push('');
  out.push(
    'Attach to chart (click → "Attached to the chart."). Write path: look-ups and writes until the last write is answered; click→status also holds the chart re-reads the app starts as it succeeds.',
  );
  const byProfile = (['full', 'no-transaction', 'notes-only'] as const).map((profile) => {
    const rs = attach.filter((r) => r.profile === profile);
    const t = spread(rs.map((r) => r.ms));
    const n = (pick: (r: AttachRun) => number) => {
      const s = spread(rs.map(pick));
      return s.min === s.max ? `${s.min}` : `${s.median} (${s.min}-${s.max})`;
    };
    return [
      profile,
      n((r) => r.requests),
      n((r) => r.requestsWithPreflight),
      n((r) => r.writes),
      n((r) => r.windowRequests),
      n((r) => r.windowRequestsWithPreflight),
      n((r) => r.refreshAfter),
      ms(t.median),
      `${ms(t.min)}-${ms(t.max)}`,
      `${rs.length} (${rs.filter((r) => r.afterDocumentAgain).length} via "Document again")`,
    ];
  });
  out.push(
    table([
      [
        'profile',
        'write path: requests',
        'write path incl. OPTIONS',
        'writes (POST)',
        'click→status: requests',
        'click→status incl. OPTIONS',
        're-reads after the write',
        'time median',
        'time range',
        'runs',
      ],
      ...byProfile,
    ]),
  );
  out.push('');
  out.push('Download PDF (click → download event)');
  out.push(
    table([
      ['first in tab (loads pdf-lib)', 'median', 'min', 'max', 'p90', 'runs', 'PDF size'],
      [
        `${ms(pdf.cold.median)} (${pdf.cold.runs} tabs)`,
        ms(pdf.warm.median),
        ms(pdf.warm.min),
        ms(pdf.warm.max),
        ms(pdf.warm.p90),
        String(pdf.warm.runs),
        `${pdf.sizeBytes} bytes (${kb(pdf.sizeBytes)})`,
      ],
    ]),
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const buildStarted = Date.now();
  await buildProduction(ROOT, DIST);
  const buildMs = Date.now() - buildStarted;
  const sizes = analyseBundle(DIST);

  const appOrigin = `http://127.0.0.1:${APP_PORT}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'heroin-education-bench-'));
  const sandbox = await startSandbox({ port: SANDBOX_PORT, appOrigin, dataDir, quiet: true });
  const share = await startShareForSandbox({
    dataDir,
    sandboxOrigin: sandbox.origin,
    appOrigin,
    ratePerMinute: 100_000,
  });
  const app = await startAppServer({
    port: APP_PORT,
    distDir: DIST,
    sandboxOrigin: sandbox.origin,
    frameAncestors: [sandbox.origin],
    shareOrigin: share.origin,
  });
  const browser = await launchChromium();
  try {
    // One warm-up launch (Chromium's first page, the server's first JIT) is not counted.
    await launchRun(browser, sandbox.origin);
    const runs: LaunchRun[] = [];
    for (let i = 0; i < LAUNCH_RUNS; i += 1) runs.push(await launchRun(browser, sandbox.origin));
    const launch = { runs, time: spread(runs.map((r) => r.ms)) };

    const attach: AttachRun[] = [];
    for (const profile of ['full', 'no-transaction', 'notes-only'] as const) {
      const patients = ATTACH_PATIENTS[profile];
      for (let i = 0; i < ATTACH_RUNS; i += 1) {
        const patient = patients[i % patients.length] ?? 'pat-oud-bup';
        attach.push(await attachRun(browser, sandbox.origin, profile, patient));
      }
    }
    const pdf = await pdfRuns(browser, sandbox.origin);
    // The same attach with a normal and a 1 MB name, alternating: the difference is the cost
    // of a hostile name (issue 13: under 1 s).
    const hugeName: { normal: number[]; huge: number[] } = { normal: [], huge: [] };
    for (let i = 0; i < ATTACH_RUNS; i += 1) {
      for (const huge of [false, true]) {
        const run = await attachRun(browser, sandbox.origin, 'full', 'pat-no-oud', huge);
        (huge ? hugeName.huge : hugeName.normal).push(run.ms);
      }
    }
    // Each run is a fresh tab, so each includes fetching the share code and pdf-lib once.
    const shareTimes: number[] = [];
    for (let i = 0; i < ATTACH_RUNS; i += 1)
      shareTimes.push(await shareRun(browser, sandbox.origin));
    const shareCreate = spread(shareTimes);
    const hugeNameResult = {
      normal: spread(hugeName.normal),
      huge: spread(hugeName.huge),
      extraMs: spread(hugeName.huge).median - spread(hugeName.normal).median,
    };

    const text = `${report(sizes, launch, attach, pdf)}\n\nAttach with a 1 MB patient name (full plan, click → "Attached to the chart.")\n${table(
      [
        ['name', 'runs', 'median', 'min', 'max'],
        ...(['normal', 'huge'] as const).map((k) => [
          k === 'huge' ? '1 MB' : 'normal',
          String(hugeNameResult[k].runs),
          ms(hugeNameResult[k].median),
          ms(hugeNameResult[k].min),
          ms(hugeNameResult[k].max),
        ]),
        ['difference (medians)', '', ms(hugeNameResult.extraMs), '', ''],
      ],
    )}`;
    console.log(
      `\nnpm run bench — ${new Date().toISOString()} — Node ${process.version}, Chromium ${browser.version()}, ${cpus().length} CPUs; build ${ms(buildMs)}\n`,
    );
    console.log(text);
    // Last, with the browser idle: the service gets the machine's cores to itself.
    const cdsHooks = await runCdsLoad();
    console.log(`\n${formatCdsLoad(cdsHooks)}`);
    const shareLoad = await runShareLoad();
    console.log(`${formatShareLoad(shareLoad)}`);
    console.log(
      `Share link creation in the app (${shareCreate.runs} runs): median ${ms(shareCreate.median)}`,
    );
    const results = {
      date: new Date().toISOString(),
      environment: { node: process.version, chromium: browser.version(), cpus: cpus().length },
      buildMs,
      javascript: {
        launchPage: sizes.launchPage,
        appInitial: sizes.appInitial,
        pdf: sizes.pdf,
        total: sizes.total,
        chunks: sizes.chunks,
        pdfInInitial: sizes.pdfInInitial,
      },
      anchors: ANCHORS.map((a) => ({ ...a, ratio: sizes.appInitial.gzip / a.gzip })),
      launchToInteractive: { ...launch.time, runs: launch.runs, waveThresholdMs: WAVE_MS },
      attach,
      pdf,
      attachHugeName: hugeNameResult,
      cdsHooks,
      shareCreate,
      shareLoad,
      table: text,
    };
    await writeFile(join(OUT_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nWritten: ${join(OUT_DIR, 'results.json')}`);
    await writeReadmeTable(join(ROOT, 'README.md'), results);
    console.log(`Written: the performance table in ${join(ROOT, 'README.md')}`);
  } finally {
    await browser.close();
    await app.close();
    await share.close();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
