import type { Handout } from './content';

/** Who and when, already formatted for display by the caller (dates in the clinician's locale). */
export interface VisitHeader {
  patientName: string;
  /** Display text, e.g. '1984-03-02'; the line is left out when absent. */
  birthDate?: string;
  /** Display text of the visit date. */
  date: string;
  clinicianName: string;
}

/** Everything the preview, the plain text and the PDF are rendered from. */
export interface HandoutRenderInput {
  handout: Handout;
  visit: VisitHeader;
  /** Free text typed by the clinician; shown literally. Blank (whitespace only) = no note. */
  patientNote: string;
  /** Site for "Where can you learn more?" from runtime config; absent = block left out. */
  learnMoreUrl?: string;
}
