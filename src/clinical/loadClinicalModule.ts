import type { ClinicalModule } from './findings';

/**
 * The rules and their value-set tables, both fetched on demand in parallel with the chart reads,
 * so neither weighs on the app's first load (initial JS budget: 130 KB gzip). Kept apart from
 * index.ts: a static import of index.ts would pull every rule into the first chunk.
 */
export async function loadClinicalModule(): Promise<ClinicalModule> {
  const [clinical, tables] = await Promise.all([
    import('./index'),
    import('./generated/tables.json'),
  ]);
  return clinical.createClinicalModule(clinical.assertValueSetTables(tables.default));
}
