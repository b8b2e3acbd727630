import { describe, expect, it } from 'vitest';
import { snippetLinter } from './lintSnippet';

/**
 * Rule `quirks/vendor-names` (scripts/eslintQuirks.js, files in eslint.config.js QUIRK_FILES):
 * EHR vendors are named in comments only in the quirk files, run through ESLint with the
 * repository's config; each case lints a few lines as if they were in an existing file.
 */
const vendorErrors = snippetLinter(['quirks/vendor-names']);

const EPIC_LINE = '// Epic does not support _tag, so search by code.\nexport const x = 1;\n';
const ORACLE_BLOCK = '/** Oracle Health drops meta.tag on create. */\nexport const x = 1;\n';

describe('EHR vendors are named only in the quirk files (quirks/vendor-names)', () => {
  it.each([
    ['a line comment in a read', 'src/fhir/reads/chartReads.ts', EPIC_LINE, 'Epic'],
    [
      'a doc comment in a clinical rule',
      'src/clinical/medicationSource.ts',
      ORACLE_BLOCK,
      'Oracle',
    ],
    ['a React component', 'src/features/context/RelevancePanel.tsx', EPIC_LINE, 'Epic'],
    ['the write path outside ehrQuirks', 'src/fhir/write/ownRecord.ts', EPIC_LINE, 'Epic'],
    [
      'the CDS Hooks service',
      'services/cds-hooks/hooks/findings.ts',
      '// Cerner sends absolute references.\nexport const x = 1;\n',
      'Cerner',
    ],
    ['the viewer page', 'view/viewer.ts', ORACLE_BLOCK, 'Oracle'],
  ])(
    'fails a vendor named in %s',
    async (_, file, code, vendor) => {
      const errors = await vendorErrors(file, code);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`names ${vendor}`);
      expect(errors[0]).toContain('src/fhir/reads/readQuirks.ts');
    },
    60_000,
  );

  it.each([
    ['the write quirks', 'src/fhir/write/ehrQuirks.ts', EPIC_LINE],
    ['the read quirks', 'src/fhir/reads/readQuirks.ts', EPIC_LINE],
    ['the chart-data quirks', 'src/clinical/chartQuirks.ts', ORACLE_BLOCK],
    ['the sandbox EHR, which simulates EHRs', 'services/sandbox-ehr/engine.ts', EPIC_LINE],
    ['a test file', 'src/fhir/reads/chartReads.test.ts', EPIC_LINE],
    [
      'words that only contain a vendor name',
      'src/fhir/reads/chartReads.ts',
      '// The epicentre of the change; a test oracle; Epicentre; oracles.\nexport const x = 1;\n',
    ],
    [
      'a vendor name in code, not a comment',
      'src/fhir/reads/chartReads.ts',
      "export const name = 'Epic';\n",
    ],
  ])(
    'allows %s',
    async (_, file, code) => {
      expect(await vendorErrors(file, code)).toEqual([]);
    },
    60_000,
  );
});
