/**
 * `npm run sandbox:reset`: delete the saved data so the next start loads the seed again.
 * Only the sandbox's own files are removed (never a whole directory someone pointed
 * SANDBOX_DATA_DIR at by mistake). A running sandbox keeps its data in memory and
 * writes it back on the next write: stop it first, or use POST /admin/reset.
 */
import { existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirFromEnv } from './env';
import { RESOURCES_FILE } from './store/persistence';

const dir = dataDirFromEnv();
if (existsSync(dir)) {
  for (const name of readdirSync(dir)) {
    if (
      name === RESOURCES_FILE ||
      (name.startsWith(`${RESOURCES_FILE}.`) && name.endsWith('.tmp'))
    ) {
      rmSync(join(dir, name), { force: true });
    }
  }
  if (readdirSync(dir).length === 0) {
    rmdirSync(dir);
  }
}
console.log(`Sandbox data removed from ${dir}; the next start restores the seed data.`);
