import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BENCH_END,
  BENCH_START,
  readBenchBlock,
  renderReadmeTable,
  replaceBenchBlock,
} from '../../bench/readmeTable';
import type { BenchSummary } from '../../bench/readmeTable';

const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');

const spread = { runs: 3, median: 100, min: 90, max: 120, p90: 115 };
const summary: BenchSummary = {
  date: '2026-11-30T05:00:00.000Z',
  environment: { node: 'v20.20.2', chromium: '143.0.0.0', cpus: 2 },
  javascript: {
    launchPage: { gzip: 27_000 },
    appInitial: { gzip: 126_000 },
    pdf: { gzip: 177_000 },
    total: { gzip: 305_000 },
  },
  anchors: [
    { name: 'smart-launcher-v2', gzip: 416 * 1024, ratio: 0.3 },
    { name: 'AHRQ Pain Management Summary', gzip: 555 * 1024, ratio: 0.22 },
    { name: 'growth-chart', gzip: 518 * 1024, ratio: 0.24 },
  ],
  launchToInteractive: { ...spread, runs: [{ fhirCriticalPath: 9 }, { fhirCriticalPath: 9 }] },
  attach: [
    { profile: 'full', ms: 200, writes: 1 },
    { profile: 'no-transaction', ms: 250, writes: 3 },
    { profile: 'notes-only', ms: 150, writes: 1 },
  ],
  pdf: { cold: spread, warm: spread, sizeBytes: 5_500 },
  attachHugeName: { extraMs: 14 },
  cdsHooks: { rate: 200, seconds: 20, sent: 4000, ok: 4000, p50: 1.5, p99: 3.7 },
  shareCreate: spread,
  shareLoad: {
    rate: 100,
    seconds: 10,
    sent: 1000,
    ok: 1000,
    requestsPerSecond: 100,
    p50: 2.6,
    p99: 6.5,
  },
};

describe("the README's performance table", () => {
  it('sits between the bench markers as the table npm run bench writes (same rows, figures in place)', () => {
    const rows = readBenchBlock(readme);
    const expected = readBenchBlock(replaceBenchBlock(readme, renderReadmeTable(summary)));
    expect(rows.map((cells) => cells.length)).toEqual(expected.map(() => 3));
    // Row labels carry run counts and anchor names: compare them without digits.
    const label = (cells: string[]) => (cells[0] ?? '').replace(/\d+/g, 'N');
    expect(rows.map(label)).toEqual(expected.map(label));
    for (const cells of rows) expect(cells[1], cells[0]).toMatch(/\d/);
  });

  it('is written in place: the text around the markers is kept and a second write changes nothing', () => {
    const once = replaceBenchBlock(readme, renderReadmeTable(summary));
    expect(replaceBenchBlock(once, renderReadmeTable(summary))).toBe(once);
    expect(once.slice(0, once.indexOf(BENCH_START))).toBe(
      readme.slice(0, readme.indexOf(BENCH_START)),
    );
    expect(once.slice(once.indexOf(BENCH_END))).toBe(readme.slice(readme.indexOf(BENCH_END)));
    expect(once).toContain('| app initial JavaScript (`/`) | 123.0 KB gzip | ≤ 130 KB |');
  });

  it('refuses a README without the markers rather than appending a table', () => {
    expect(() => replaceBenchBlock('# no markers', 'x')).toThrow(/bench:start/);
  });
});
