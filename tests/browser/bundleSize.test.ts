import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseBundle, kb } from '../bench/bundleSizes';

/**
 * Size budgets on the production build made by globalSetup.ts (sizes are deterministic; time
 * figures are the bench's job). gzip -9 of every JS file the page loads before it runs.
 */

const DIST = resolve(import.meta.dirname, '../../dist');
const LAUNCH_BUDGET = 40 * 1024;
const APP_BUDGET = 130 * 1024;
const VIEWER_BUDGET = 60 * 1024;

describe('bundle size budgets', () => {
  const report = analyseBundle(DIST);
  const list = (files: string[]) => files.join(', ');

  it(`launch page JS is at most ${kb(LAUNCH_BUDGET)} gzip`, () => {
    expect(report.launchPage.files.length).toBeGreaterThan(0);
    expect(
      report.launchPage.gzip,
      `launch page ${kb(report.launchPage.gzip)}: ${list(report.launchPage.files)}`,
    ).toBeLessThanOrEqual(LAUNCH_BUDGET);
  });

  it(`app initial JS is at most ${kb(APP_BUDGET)} gzip`, () => {
    expect(report.appInitial.files.length).toBeGreaterThan(0);
    expect(
      report.appInitial.gzip,
      `app initial ${kb(report.appInitial.gzip)}: ${list(report.appInitial.files)}`,
    ).toBeLessThanOrEqual(APP_BUDGET);
  });

  it(`the patient's viewer page JS is at most ${kb(VIEWER_BUDGET)} gzip`, () => {
    expect(report.viewerPage.files.length).toBeGreaterThan(0);
    expect(
      report.viewerPage.gzip,
      `viewer ${kb(report.viewerPage.gzip)}: ${list(report.viewerPage.files)}`,
    ).toBeLessThanOrEqual(VIEWER_BUDGET);
  });

  it('the share code (JWE encryption, QR encoder) is not in the app initial JS', () => {
    expect(report.shareInAppInitial).toEqual([]);
  });

  it('pdf-lib is only in a lazily loaded chunk', () => {
    expect(report.pdf.files.length, 'a chunk with pdf-lib exists').toBeGreaterThan(0);
    expect(report.pdfInHtml, 'named by index.html or launch/index.html').toEqual([]);
    expect(report.pdfInInitial, 'statically imported by an initial chunk').toEqual([]);
    // ...and the app reaches it through a dynamic import().
    expect(report.pdfLazyFromApp).toEqual(report.pdf.files);
  });
});
