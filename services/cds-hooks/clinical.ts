import type { Coding } from '@medplum/fhirtypes';
import { createClinicalModule, loadValueSetTables } from '../../src/clinical/index';
import type { ClinicalModule } from '../../src/clinical/findings';
import naloxoneRescue from '../../src/clinical/valuesets/naloxone-rescue.json';

/** The take-home kit suggested on order-sign: the generic 4 mg nasal spray (an RxNorm SCD). */
const NALOXONE_SPRAY_DISPLAY = 'naloxone hydrochloride 40 MG/ML Nasal Spray';

/** The suggestion's coding, taken from the same naloxone value set the app reads with. */
export function naloxoneSprayCoding(): Coding {
  const found = (naloxoneRescue.expansion?.contains ?? []).find(
    (c) => c.display === NALOXONE_SPRAY_DISPLAY,
  );
  if (!found?.code || !found.system) {
    throw new Error(`The naloxone value set has no "${NALOXONE_SPRAY_DISPLAY}"`);
  }
  return { system: found.system, code: found.code, display: found.display };
}

/** The app's clinical module and value sets, imported (not copied), built once per process. */
export async function loadServiceClinical(): Promise<{
  clinical: ClinicalModule;
  naloxoneSpray: Coding;
}> {
  return {
    clinical: createClinicalModule(await loadValueSetTables()),
    naloxoneSpray: naloxoneSprayCoding(),
  };
}
