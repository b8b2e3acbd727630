import { describe, expect, it } from 'vitest';
import { snippetLinter } from './lintSnippet';

/**
 * The import layers in eslint.config.js, run through ESLint itself with the repository's
 * config: each case lints a few lines as if they were in an existing file of a layer.
 */
const layerErrors = snippetLinter(['layers/direction']);

describe('the layer lint (layers/direction)', () => {
  it.each([
    ['src/fhir/errors.ts', "export { App } from '../app/App';", 'src/app/App'],
    ['src/features/context/panelText.ts', "export { App } from '../../app/App';", 'src/app/App'],
    [
      'src/clinical/findings.ts',
      "export type { FhirError } from '../fhir/errors';",
      'src/fhir/errors',
    ],
    ['launch/launchPlan.ts', "export { App } from '../src/app/App';", 'src/app/App'],
    [
      'src/fhir/errors.ts',
      "export { startSandbox } from '../../services/sandbox-ehr/server';",
      'services/sandbox-ehr/server',
    ],
    [
      'services/cds-hooks/server.ts',
      "export { createTransport } from '../../src/fhir/transport';",
      'src/fhir/transport',
    ],
    [
      'services/cds-hooks/server.ts',
      "export { startSandbox } from '../../services/sandbox-ehr/server';",
      'services/sandbox-ehr/server',
    ],
    [
      'services/sandbox-ehr/server.ts',
      "export { patientView } from '../../services/cds-hooks/hooks/handlers';",
      'services/cds-hooks/hooks/handlers',
    ],
  ])(
    'fails %s importing the wrong way (%s)',
    async (file, code, target) => {
      const errors = await layerErrors(file, code);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`may not import ${target}`);
    },
    60_000,
  );

  it.each([
    ['src/app/App.tsx', "export { useChart } from '../features/context/useChart';"],
    ['src/features/context/panelText.ts', "export type { FhirError } from '../../fhir/errors';"],
    ['services/cds-hooks/clinical.ts', "export { SYSTEM } from '../../src/fhir/codes';"],
    ['src/config/appConfig.ts', "export type { WritePlanName } from '../fhir/write/types';"],
  ])(
    'passes %s importing downwards (%s)',
    async (file, code) => {
      expect(await layerErrors(file, code)).toEqual([]);
    },
    60_000,
  );
});
