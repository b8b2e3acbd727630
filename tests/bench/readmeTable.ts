import { readFile, writeFile } from 'node:fs/promises';
import type { CdsLoadResult } from './cdsLoad';
import type { ShareLoadResult } from './shareLoad';

/**
 * The README's performance table, written by `npm run bench` between two markers so its
 * figures always come from a run (never copied by hand).
 */

export const BENCH_START = '<!-- bench:start (written by npm run bench; do not edit) -->';
export const BENCH_END = '<!-- bench:end -->';
export const TABLE_HEADER = '| what | figure | budget |';

interface Group {
  gzip: number;
}
interface Spread {
  runs: number;
  median: number;
  min: number;
  max: number;
  p90: number;
}

/** The parts of `.bench/results.json` the table shows. */
export interface BenchSummary {
  date: string;
  environment: { node: string; chromium: string; cpus: number };
  javascript: { launchPage: Group; appInitial: Group; pdf: Group; total: Group };
  anchors: { name: string; gzip: number; ratio: number }[];
  launchToInteractive: Omit<Spread, 'runs'> & { runs: { fhirCriticalPath: number }[] };
  attach: { profile: string; ms: number; writes: number }[];
  pdf: { cold: Spread; warm: Spread; sizeBytes: number };
  attachHugeName?: { extraMs: number };
  // Only what the table shows, named from the load runs' own result types.
  cdsHooks?: Pick<CdsLoadResult, 'rate' | 'seconds' | 'sent' | 'ok' | 'p50' | 'p99'>;
  shareCreate?: Spread;
  shareLoad?: Pick<
    ShareLoadResult,
    'rate' | 'seconds' | 'sent' | 'ok' | 'requestsPerSecond' | 'p50' | 'p99'
  >;
}

/** Budgets asserted by tests/browser/bundleSize.test.ts (sizes) and named in the brief (PDF). */
const BUDGETS = {
  launchPage: '≤ 40 KB',
  appInitial: '≤ 130 KB',
  pdf: '< 150 ms, < 60 KB',
  hugeName: '< 1 s more',
  cds: 'p99 < 50 ms',
  shareLoad: 'p99 < 50 ms',
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)} ms`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

export function renderReadmeTable(s: BenchSummary): string {
  const launch = s.launchToInteractive;
  const launchRuns = launch.runs;
  const rows: [string, string, string][] = [
    [
      'launch page JavaScript (`/launch/`)',
      `${kb(s.javascript.launchPage.gzip)} gzip`,
      BUDGETS.launchPage,
    ],
    [
      'app initial JavaScript (`/`)',
      `${kb(s.javascript.appInitial.gzip)} gzip`,
      BUDGETS.appInitial,
    ],
    ['PDF chunk (pdf-lib, fetched on demand)', `${kb(s.javascript.pdf.gzip)} gzip`, 'not initial'],
    ['total JavaScript', `${kb(s.javascript.total.gzip)} gzip`, ''],
    [
      `app initial vs ${s.anchors.map((a) => `${a.name} ${Math.round(a.gzip / 1024)} KB`).join(' / ')}`,
      s.anchors.map((a) => `${Math.round(a.ratio * 100)} %`).join(' / '),
      '',
    ],
    [
      `launch to interactive (sandbox \`/launch\` → banner and handout visible; ${launchRuns.length} runs)`,
      `median ${ms(launch.median)} (min ${Math.round(launch.min)}, p90 ${Math.round(launch.p90)}, max ${Math.round(launch.max)})`,
      '',
    ],
    [
      'FHIR requests on the launch critical path (median)',
      String(median(launchRuns.map((r) => r.fhirCriticalPath))),
      'one wave',
    ],
    ...['full', 'no-transaction', 'notes-only'].map((profile): [string, string, string] => {
      const runs = s.attach.filter((r) => r.profile === profile);
      return [
        `attach, \`${profile}\` (${runs.length} runs)`,
        `${median(runs.map((r) => r.writes))} write requests; click → confirmation ${ms(median(runs.map((r) => r.ms)))} median`,
        '',
      ];
    }),
    [
      'PDF generation (click → download; pdf-lib already loaded)',
      `median ${ms(s.pdf.warm.median)} (p90 ${Math.round(s.pdf.warm.p90)}); first in a tab ${ms(s.pdf.cold.median)}; ${kb(s.pdf.sizeBytes)}`,
      BUDGETS.pdf,
    ],
    ...(s.attachHugeName
      ? [
          [
            'attach with a 1 MB patient name vs a normal name (`full`, medians)',
            `${ms(s.attachHugeName.extraMs)} more`,
            BUDGETS.hugeName,
          ] as [string, string, string],
        ]
      : []),
    ...(s.cdsHooks
      ? [
          [
            `CDS Hooks \`patient-view\`, ${s.cdsHooks.rate} requests/s for ${s.cdsHooks.seconds} s (loopback, prefetch supplied)`,
            `${s.cdsHooks.ok} of ${s.cdsHooks.sent} answered; p50 ${s.cdsHooks.p50.toFixed(1)} ms, p99 ${s.cdsHooks.p99.toFixed(1)} ms`,
            BUDGETS.cds,
          ] as [string, string, string],
        ]
      : []),
    ...(s.shareCreate
      ? [
          [
            `Share with patient: click → link and QR shown (PDF, encryption, upload; fresh tab; ${s.shareCreate.runs} runs)`,
            `median ${ms(s.shareCreate.median)} (min ${Math.round(s.shareCreate.min)}, max ${Math.round(s.shareCreate.max)})`,
            '',
          ] as [string, string, string],
        ]
      : []),
    ...(s.shareLoad
      ? [
          [
            `share service manifest \`POST /shl/{id}\`, ${s.shareLoad.rate} requests/s for ${s.shareLoad.seconds} s (loopback, PGlite, embedded file)`,
            `${s.shareLoad.ok} of ${s.shareLoad.sent} answered (${Math.round(s.shareLoad.requestsPerSecond)}/s); p50 ${s.shareLoad.p50.toFixed(1)} ms, p99 ${s.shareLoad.p99.toFixed(1)} ms`,
            BUDGETS.shareLoad,
          ] as [string, string, string],
        ]
      : []),
  ];
  return [
    `Measured by \`npm run bench\` on ${s.date.slice(0, 10)}: Node ${s.environment.node}, Chromium ${s.environment.chromium}, ${s.environment.cpus} CPUs.`,
    '',
    TABLE_HEADER,
    '| --- | --- | --- |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`.replace(/ {2}\|$/, ' |')),
  ].join('\n');
}

/** The README with the block between the markers replaced; throws when a marker is missing. */
export function replaceBenchBlock(readme: string, table: string): string {
  const start = readme.indexOf(BENCH_START);
  const end = readme.indexOf(BENCH_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md needs ${BENCH_START} and ${BENCH_END}, in that order`);
  }
  return `${readme.slice(0, start + BENCH_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The table rows between the markers, as cells; throws when the block is not such a table. */
export function readBenchBlock(readme: string): string[][] {
  const start = readme.indexOf(BENCH_START);
  const end = readme.indexOf(BENCH_END);
  if (start < 0 || end < start) throw new Error('no bench markers in README.md');
  const lines = readme
    .slice(start + BENCH_START.length, end)
    .trim()
    .split('\n');
  const header = lines.indexOf(TABLE_HEADER);
  if (header < 0) throw new Error('no bench table header');
  return lines
    .slice(header + 2)
    .filter(Boolean)
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

export async function writeReadmeTable(readmePath: string, summary: BenchSummary): Promise<void> {
  const readme = await readFile(readmePath, 'utf8');
  await writeFile(readmePath, replaceBenchBlock(readme, renderReadmeTable(summary)));
}
