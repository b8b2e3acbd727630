/** `tsx services/cds-hooks/main.ts`: the CDS Hooks service from environment variables (see README). */
import { loadServiceClinical } from './clinical';
import { configFromEnv } from './config';
import { startCdsService } from './server';
import { SERVICES } from './hooks/services';
import { redisReplayCache } from './auth/redisReplayCache';

const { port, host, config } = configFromEnv();
// Several instances share one replay cache through Redis (REDIS_URL); one instance keeps it in
// memory.
const replay = process.env.REDIS_URL ? await redisReplayCache(process.env.REDIS_URL) : undefined;
const service = await startCdsService(
  port,
  { config, ...(await loadServiceClinical()), ...(replay ? { replay: replay.cache } : {}) },
  host,
);
process.stdout.write(
  `CDS Hooks service on ${service.origin} (discovery ${config.publicUrl}/cds-services)\n` +
    SERVICES.map((s) => `  ${s.hook.padEnd(20)} ${config.publicUrl}/cds-services/${s.id}\n`).join(
      '',
    ) +
    `  clients: ${config.clients.map((c) => c.iss).join(', ')}\n`,
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  Promise.all([service.close(), replay?.close()]).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('cds-hooks: error while stopping', err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
