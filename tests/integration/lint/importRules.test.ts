import { describe, expect, it } from 'vitest';
import { snippetLinter } from './lintSnippet';

/**
 * The import rules of eslint.config.js that keep lazy chunks lazy and the clinical module pure,
 * run through ESLint with the repository's config: each case lints a few lines as if they were
 * in an existing file.
 */
const ruleErrors = snippetLinter(['no-restricted-imports', 'no-restricted-globals']);

describe('import rules: lazy chunks and a pure clinical module', () => {
  it.each([
    [
      'pdf-lib outside the PDF modules',
      'src/features/handout/HandoutNoteBox.tsx',
      "import { PDFDocument } from 'pdf-lib';\nexport const x = PDFDocument;\n",
      /pdf-lib loads on demand/,
    ],
    [
      'pdf-lib in the write path',
      'src/fhir/write/buildDocumentReference.ts',
      "import { PDFDocument } from 'pdf-lib';\nexport const x = PDFDocument;\n",
      /pdf-lib loads on demand/,
    ],
    [
      'a static import of the PDF chunk',
      'src/features/handout/pdf/buildHandoutPdf.ts',
      "import { renderPdf } from './renderPdf';\nexport const x = renderPdf;\n",
      /The PDF chunk loads on demand/,
    ],
    [
      'a static import of the write path',
      'src/features/documentation/useAttach.ts',
      "import { attachEducation } from '../../fhir/write/attach';\nexport const x = attachEducation;\n",
      /The write path loads on demand/,
    ],
    [
      'a package other than FHIR types in src/clinical',
      'src/clinical/findings.ts',
      "import { useState } from 'react';\nexport const x = useState;\n",
      /src\/clinical imports only/,
    ],
    [
      'a browser API in src/clinical',
      'src/clinical/findings.ts',
      'export const x = () => localStorage.getItem("k");\n',
      /uses no browser API/,
    ],
  ])(
    'fails %s',
    async (_, file, code, message) => {
      const errors = await ruleErrors(file, code);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    },
    60_000,
  );

  it.each([
    [
      'a type-only import of the write path',
      'src/features/documentation/useAttach.ts',
      "import type { AttachArgs } from '../../fhir/write/attach';\nexport type X = AttachArgs;\n",
    ],
    [
      'pdf-lib in the PDF module',
      'src/features/handout/pdf/renderPdf.ts',
      "import { PDFDocument } from 'pdf-lib';\nexport const x = PDFDocument;\n",
    ],
    [
      'FHIR types in src/clinical',
      'src/clinical/findings.ts',
      "import type { Patient } from '@medplum/fhirtypes';\nexport type X = Patient;\n",
    ],
  ])(
    'allows %s',
    async (_, file, code) => {
      expect(await ruleErrors(file, code)).toEqual([]);
    },
    60_000,
  );
});
