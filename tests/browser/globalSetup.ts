import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startSandbox } from '../../services/sandbox-ehr/server';
import { startAppServer } from '../support/appServer';
import { busyPortMessage, freePort, portFromEnv } from '../support/ports';
import { buildProduction } from '../support/productionBuild';
import { startShareForSandbox } from '../support/shareForSandbox';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxOrigin: string;
    appOrigin: string;
    shareOrigin: string;
  }
}

/**
 * Builds the app as it ships, then serves it with its CSP next to a fresh sandbox EHR on
 * ports of their own (so a running `npm start` does not get in the way): free ports the OS
 * picks, or TEST_SANDBOX_PORT / TEST_APP_PORT when set.
 */
export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '../..');
  const sandboxPort = portFromEnv('TEST_SANDBOX_PORT') ?? 0;
  const appPort = portFromEnv('TEST_APP_PORT') ?? (await freePort());
  const appOrigin = `http://127.0.0.1:${appPort}`;
  const distDir = join(root, 'dist');

  await buildProduction(root, distDir);
  const dataDir = await mkdtemp(join(tmpdir(), 'heroin-education-browser-'));
  const sandbox = await startSandbox({ port: sandboxPort, appOrigin, dataDir, quiet: true }).catch(
    (error: unknown) => {
      throw busyPortMessage(error, 'Sandbox EHR', sandboxPort, 'TEST_SANDBOX_PORT');
    },
  );
  const share = await startShareForSandbox({
    dataDir,
    sandboxOrigin: sandbox.origin,
    appOrigin,
    ratePerMinute: 10_000,
  });
  const app = await startAppServer({
    port: appPort,
    distDir,
    sandboxOrigin: sandbox.origin,
    frameAncestors: [sandbox.origin],
    shareOrigin: share.origin,
  }).catch(async (error: unknown) => {
    await share.close();
    await sandbox.close();
    throw busyPortMessage(error, 'App', appPort, 'TEST_APP_PORT');
  });
  project.provide('sandboxOrigin', sandbox.origin);
  project.provide('appOrigin', app.origin);
  project.provide('shareOrigin', share.origin);

  return async () => {
    await app.close();
    await share.close();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
