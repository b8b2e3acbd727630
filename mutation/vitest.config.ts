import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

// The unit tests only, for Stryker: the browser project builds the app and starts servers,
// which a mutation run must not do once per mutant.
export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    // As in vitest.config.ts: fhirclient's Node `main` has no FHIR.oauth2.
    alias: { fhirclient: resolve(root, 'node_modules/fhirclient/lib/entry/browser.js') },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'launch/*.test.ts'],
    setupFiles: ['tests/support/unitSetup.ts'],
  },
});
