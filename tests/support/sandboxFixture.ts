import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../services/sandbox-ehr/server';
import { APP_ORIGIN } from './sandboxSession';

/** One sandbox per test file, on a free port, with its own temporary data directory. */
export function useSandbox(): { origin: () => string } {
  let sandbox: RunningSandbox | undefined;
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'heroin-education-write-'));
    sandbox = await startSandbox({ port: 0, appOrigin: APP_ORIGIN, dataDir, quiet: true });
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    origin: () => {
      if (!sandbox) throw new Error('sandbox not started');
      return sandbox.origin;
    },
  };
}
