/** `tsx services/share/main.ts`: the share service from environment variables (README "Share service"). */
import { mkdirSync } from 'node:fs';
import { configFromEnv } from './config';
import { openDatabase } from './db/database';
import { startShareService } from './server';

const { port, host, databaseUrl, dataDir, config } = configFromEnv();
if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
const db = await openDatabase({ databaseUrl, dataDir });
const service = await startShareService(port, { config, db }, host);
process.stdout.write(
  `Share service on ${service.origin} (storage: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`})\n` +
    `  issuers: ${config.issuers.map((i) => i.iss).join(', ')}\n`,
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  service
    .close()
    .then(() => db.close())
    .then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('share: error while stopping', err);
        process.exit(1);
      },
    );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
