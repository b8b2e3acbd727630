import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';
import { layersPlugin } from './scripts/eslintLayers.js';

/**
 * The layers of the browser code, bottom to top; each may import only what `mayImport`
 * lists (relative imports; packages are not checked). Tests and test helpers
 * (`*.test.*`, `testing/`) are not product code and are not checked. The Node sides
 * (launch/sandbox, services, tests, scripts) are not layers of the app: no product file may
 * import them.
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
];

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
    files: ['launch/sandbox/**', 'tests/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'launch/*.ts'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**'],
    plugins: { layers: layersPlugin(import.meta.dirname) },
    rules: { 'layers/direction': ['error', LAYERS] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
