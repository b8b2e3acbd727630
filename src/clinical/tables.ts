/** The compact lookup tables the app ships, built from the ValueSet files by `npm run valuesets:build`. */

/** Code systems the tables know; every spelling of a system maps to one of these. */
export type TableSystem = 'rxnorm' | 'snomed' | 'icd10' | 'icd9' | 'din' | 'ccdd';

export interface ValueSetTable {
  url: string;
  version: string;
  /**
   * Codes by system. ICD-10 and ICD-9-CM codes are stored without the dot, upper case, and
   * stand for themselves and every code below them (both are hierarchical by prefix). DINs
   * are 8-digit strings, leading zeros kept.
   */
  codes: Partial<Record<TableSystem, string[]>>;
}

export interface ValueSetTables {
  format: 1;
  /** Keyed by the ValueSet's `id` (see VALUE_SET in valueSetIds.ts). */
  valueSets: Record<string, ValueSetTable>;
}
