import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

const PURE_TESTS = [
  'src/clinical/**/*.test.ts',
  'src/fhir/**/*.test.ts',
  'src/config/**/*.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        resolve: {
          // fhirclient has only a Node `main` and a `browser` field; Vitest picks `main`,
          // where FHIR.oauth2 is undefined.
          alias: {
            fhirclient: resolve(
              import.meta.dirname,
              'node_modules/fhirclient/lib/entry/browser.js',
            ),
          },
        },
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}', 'launch/*.test.ts'],
          exclude: PURE_TESTS,
          setupFiles: ['tests/support/unitSetup.ts'],
        },
      },
      {
        // The pure modules need no DOM: under Node they skip jsdom's set-up (most of their time).
        test: {
          name: 'unit-node',
          environment: 'node',
          include: PURE_TESTS,
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts', 'services/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
