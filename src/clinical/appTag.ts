/**
 * Marks resources this app wrote, so it can find its own earlier writes and history. Lives in
 * the clinical module because prior-education rules (app and CDS service) read it;
 * `src/fhir/codes.ts` re-exports it for the writers.
 */
export const APP_TAG = {
  system: 'https://github.com/heroin-education-smart-app/tags',
  code: 'education-handout-P277',
  display: 'Heroin use and withdrawal education (Healthwise P277)',
} as const;
