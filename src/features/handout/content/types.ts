/**
 * Shape of one handout edition stored as data (one JSON file per code + edition in this folder).
 * Patient-facing text lives here, never in components, so a new handout or edition is a new
 * file rather than a code change. Fields are plain strings (not the P277 literals) so that other
 * handouts fit the same type; content.test.ts pins the P277 values.
 */
export interface HandoutSection {
  /** Stable id, used for DOM ids and to point at a paragraph (naloxoneAdvice). */
  id: string;
  heading: string;
  paragraphs: string[];
}

export interface HandoutLearnMore {
  /** 'Where can you learn more?' */
  heading: string;
  /** 'Go to' — followed by the site from runtime config; the source text has no site. */
  goTo: string;
  /** 'Enter P277 in the search box to learn more about "…".' */
  enterCode: string;
}

/**
 * Labels the app prints around the publisher's text (header, note box, PDF notices). They are
 * ours, not the publisher's, but they print for the patient, so they follow the edition's language.
 */
export interface HandoutPrintLabels {
  patient: string;
  birthDate: string;
  date: string;
  clinician: string;
  noteHeading: string;
  /** Shown in the PDF when some characters could not be encoded in the standard PDF font. */
  unencodableNotice: string;
  /** Page footer; `{page}` and `{pages}` are replaced. */
  pageOf: string;
}

export interface Handout {
  /** e.g. 'healthwise-P277-en-CA' */
  id: string;
  /** Publisher's handout code, e.g. 'P277'. */
  code: string;
  publisher: string;
  title: string;
  /** Publisher's edition, e.g. 'en-CA' (Canadian English). */
  edition: string;
  /** BCP 47 tag of the text, for `lang` attributes and the PDF /Lang entry. */
  language: string;
  /**
   * The publisher's "current as of" date (ISO) when the source shows one; null when it does not,
   * and then no date is claimed for the edition.
   */
  currentAsOf: string | null;
  /** Revision of this project's transcription of the edition: 1, 2, ... (not the publisher's). */
  revision: number;
  /** Start of download file names, e.g. 'heroin-withdrawal-handout' (never patient data). */
  fileStem: string;
  sections: HandoutSection[];
  learnMore: HandoutLearnMore;
  /** 'Care instructions adapted under license by your healthcare professional.' */
  attribution: string;
  /** The remaining sentences of the publisher's closing paragraph. */
  disclaimer: string;
  /** Which paragraph holds the take-home naloxone advice (highlighted for the clinician). */
  naloxoneAdvice: { sectionId: string; paragraphIndex: number };
  printLabels: HandoutPrintLabels;
}
