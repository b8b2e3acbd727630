/** `npm run sandbox`: start the sandbox EHR from environment variables (see README). */
import { sandboxEnv } from './env';
import { PROFILES } from './profiles';
import { startSandbox } from './server';

const env = sandboxEnv();
const sandbox = await startSandbox(env);
console.log(`Sandbox EHR on ${sandbox.origin} (synthetic data; saved in ${env.dataDir})`);
console.log(`  launcher:    ${sandbox.origin}/`);
for (const profile of PROFILES) {
  console.log(`  FHIR base:   ${sandbox.origin}/${profile}/fhir`);
}
console.log(`  app origin:  ${env.appOrigin} (redirect URI ${env.appOrigin}/)`);

let stopping = false;
const stop = (): void => {
  if (stopping) {
    return;
  }
  stopping = true;
  sandbox.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('sandbox: error while stopping', err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
