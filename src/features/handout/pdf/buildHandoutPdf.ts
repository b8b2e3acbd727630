import { DEFAULT_HANDOUT, type Handout } from '../content';
import type { HandoutRenderInput } from '../renderInput';

export interface HandoutPdfInput extends HandoutRenderInput {
  /** Stored as the PDF creation and modification date (fixed, so the bytes are reproducible). */
  createdAt: Date;
  /** The clinician, as the PDF author. */
  authorName: string;
}

export interface HandoutPdfResult {
  bytes: Uint8Array;
  /** Characters the PDF font could not draw, each run shown as "[?]" (0 = everything shown). */
  substitutedCharacters: number;
}

/**
 * Builds the handout PDF. pdf-lib is loaded here, on demand, so that it stays out of the app's
 * first load; the same input always gives the same bytes (they are stored and hashed).
 */
/**
 * Starts loading pdf-lib ahead of need (e.g. when the clinician starts the form and the chart
 * will store a PDF), so that "Attach to chart" does not wait for the download.
 */
export function preloadHandoutPdf(): void {
  void import('./renderPdf').catch(() => undefined);
}

export async function buildHandoutPdf(input: HandoutPdfInput): Promise<HandoutPdfResult> {
  const { renderPdf } = await import('./renderPdf');
  return renderPdf(input);
}

/**
 * Download name, e.g. `heroin-withdrawal-handout-P277-2026-11-27.pdf`: the clinician's local
 * calendar day, and never the patient's name (downloads folders and e-mail subjects leak).
 */
export function pdfFileName(
  date: Date,
  handout: Pick<Handout, 'fileStem' | 'code'> = DEFAULT_HANDOUT,
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${handout.fileStem}-${handout.code}-${day}.pdf`;
}
