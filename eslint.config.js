import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';
import { layersPlugin } from './scripts/eslintLayers.js';
import { quirksPlugin } from './scripts/eslintQuirks.js';

/**
 * The layers of the browser code, bottom to top; each may import only what `mayImport`
 * lists (relative imports; packages are not checked). Tests and test helpers
 * (`*.test.*`, `testing/`, `tests/`) are not product code and are not checked. The Node
 * services are layers of their own (their folder, the clinical module and the code tables); no
 * app file may import them, nor tests or scripts.
 */
const CORE = ['src/clinical', 'src/config', 'src/fhir', 'src/session', 'public'];
export const LAYERS = [
  { name: 'clinical', files: ['src/clinical'], mayImport: ['src/clinical'] },
  { name: 'core', files: ['src/config', 'src/fhir', 'src/session'], mayImport: CORE },
  // Shared React pieces with no feature knowledge (error boundaries).
  { name: 'ui', files: ['src/ui'], mayImport: [...CORE, 'src/ui'] },
  {
    name: 'features',
    files: ['src/features'],
    mayImport: [...CORE, 'src/ui', 'src/features'],
  },
  {
    name: 'app',
    files: ['src/app', 'src/main.tsx'],
    mayImport: [...CORE, 'src/ui', 'src/features', 'src/app'],
  },
  // The launch page: tiny, so only the config, the launch state it hands to the app, and the
  // fetch policy that refuses redirects (fhirclient's discovery requests go through it).
  {
    name: 'launch page',
    files: ['launch/*'],
    mayImport: ['launch/*', 'src/config', 'src/session', 'src/fhir/refuseRedirects'],
  },
  // The patient's viewer: the SHL parsing and decryption only, nothing of the app.
  {
    name: 'viewer page',
    files: ['view/*'],
    mayImport: ['view/*', 'src/features/share/shlink', 'src/features/share/shareCrypto'],
  },
  // The Node services: each its own folder, plus the clinical module and the code tables.
  {
    name: 'cds-hooks service',
    files: ['services/cds-hooks'],
    mayImport: ['services/cds-hooks', 'src/clinical', 'src/fhir/codes'],
  },
  {
    name: 'share service',
    files: ['services/share'],
    mayImport: ['services/share', 'src/clinical', 'src/fhir/codes'],
  },
  {
    name: 'sandbox EHR',
    files: ['services/sandbox-ehr'],
    mayImport: ['services/sandbox-ehr', 'src/clinical', 'src/fhir/codes'],
  },
];

/**
 * The only files whose comments may name an EHR vendor (rule `quirks/vendor-names`): what the
 * write path adapts to, how EHRs answer reads, what chart data looks like. The sandbox EHR
 * (which simulates EHRs), tests and docs are not checked.
 */
export const QUIRK_FILES = [
  'src/fhir/write/ehrQuirks.ts',
  'src/fhir/reads/readQuirks.ts',
  'src/clinical/chartQuirks.ts',
];

const PDF_MODULES = [
  'src/features/handout/pdf/renderPdf.ts',
  'src/features/handout/pdf/pdfPageWriter.ts',
];
const PDF_LIB = {
  group: ['pdf-lib'],
  message: 'pdf-lib loads on demand: import it only in renderPdf.ts / pdfPageWriter.ts.',
};
const PDF_CHUNK = {
  regex: '/(renderPdf|pdfPageWriter)$',
  allowTypeImports: true,
  message: "The PDF chunk loads on demand: use `await import('./renderPdf')`.",
};
const WRITE_CHUNK = {
  regex: '/fhir/write/attach$',
  allowTypeImports: true,
  message: 'The write path loads on demand: use src/fhir/write/lazyAttach.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      '.sandbox',
      '.bench',
      'coverage',
      'stubs',
      'reports',
      '.stryker-tmp',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'launch/*.ts'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
    },
  },
  {
    // Node-side tooling, the sandbox EHR and tests may print.
    files: ['services/sandbox-ehr/**', 'tests/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'launch/**/*.ts', 'services/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**', '**/tests/**'],
    plugins: { layers: layersPlugin(import.meta.dirname) },
    rules: { 'layers/direction': ['error', LAYERS] },
  },
  {
    files: [
      'src/**/*.{ts,tsx}',
      'launch/**/*.ts',
      'view/**/*.ts',
      'services/**/*.ts',
      'scripts/**/*.{ts,js,mjs}',
      '*.{js,mjs,ts}',
    ],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**', '**/tests/**', 'services/sandbox-ehr/**'],
    plugins: { quirks: quirksPlugin(import.meta.dirname) },
    rules: { 'quirks/vendor-names': ['error', QUIRK_FILES] },
  },
  // Lazy chunks stay lazy (`no-restricted-imports` sees static imports; dynamic ones are the
  // way in): pdf-lib (~176 KB gzip) only in the two PDF modules, reached through
  // `import('./renderPdf')`; the write path (attach.ts) only through lazyAttach.ts.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**', ...PDF_MODULES, 'src/fhir/write/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [PDF_LIB, PDF_CHUNK, WRITE_CHUNK] }],
    },
  },
  {
    files: ['src/fhir/write/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PDF_LIB, PDF_CHUNK] }] },
  },
  {
    // The clinical module runs in Node for the CDS Hooks service: no package but FHIR types.
    files: ['src/clinical/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/|@medplum/fhirtypes$)',
              message: 'src/clinical imports only its own files and @medplum/fhirtypes.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'fetch'].map(
          (name) => ({ name, message: 'src/clinical uses no browser API (it runs in Node too).' }),
        ),
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
