import { join } from 'node:path';
import { build } from 'vite';

/**
 * `vite build` as `npm run build` does it, from inside a test runner too. Vite bundles for
 * `process.env.NODE_ENV || mode`, and Vitest sets NODE_ENV=test: without this, the browser
 * tests and the size budgets would run React's development build (≈60 KB gzip more).
 */
export async function buildProduction(root: string, outDir = join(root, 'dist')): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      mode: 'production',
      logLevel: 'warn',
      configFile: join(root, 'vite.config.ts'),
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}
