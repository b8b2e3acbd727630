// Mutation testing of src/fhir and src/app (npm run mutation; not part of npm test).
// One process: the machine running it is shared. MUTATE narrows the run to some files.
const all = ['src/fhir/**/*.ts', 'src/app/**/*.ts', 'src/app/**/*.tsx'];
const notTests = ['!**/*.test.ts', '!**/*.test.tsx', '!**/testing/**'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'mutation/vitest.config.ts', related: true },
  mutate: [...(process.env.MUTATE ? process.env.MUTATE.split(',') : all), ...notTests],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', '.sandbox', '.bench', 'coverage', 'reports', 'tests/browser'],
};
