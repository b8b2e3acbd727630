import p277 from '../../../src/features/handout/content/p277.en-CA.json';

/** The handout's source text (the app's content file, transcribed from Healthwise P277). */
export const HANDOUT = p277;

export const SECTION_HEADINGS: string[] = p277.sections.map((s) => s.heading);

/** A few whole sentences from different sections, to prove the body text is really there. */
export const SAMPLE_SENTENCES: string[] = [
  'Heroin is an illegal drug that is highly addictive.',
  'Having a naloxone kit may save a life.',
  'Withdrawal can last from weeks to months.',
  "Counselling can also help the person's friends and family.",
];
