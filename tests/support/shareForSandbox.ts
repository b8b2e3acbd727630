import { join } from 'node:path';
import { DEFAULTS as SHARE_DEFAULTS } from '../../services/share/config';
import { openPglite } from '../../services/share/db/database';
import { startShareService } from '../../services/share/server';

/**
 * The share service as `npm start` runs it (PGlite in `dataDir/share`), checking tokens with this
 * sandbox's three bases and accepting link creation from `appOrigin` only; on a free port.
 * `close` stops the service, then its database.
 */
export async function startShareForSandbox(opts: {
  dataDir: string;
  sandboxOrigin: string;
  appOrigin: string;
  ratePerMinute: number;
}): Promise<{ origin: string; close(): Promise<void> }> {
  const db = await openPglite(join(opts.dataDir, 'share'));
  const service = await startShareService(0, {
    db,
    log: () => undefined,
    config: {
      publicUrl: '',
      appOrigins: [opts.appOrigin],
      issuers: ['full', 'no-transaction', 'notes-only'].map((p) => ({
        iss: `${opts.sandboxOrigin}/${p}/fhir`,
      })),
      failureCap: SHARE_DEFAULTS.failureCap,
      locationTtlMs: SHARE_DEFAULTS.locationTtlMs,
      maxLifetimeMs: SHARE_DEFAULTS.maxLifetimeMs,
      ratePerMinute: opts.ratePerMinute,
      maxCiphertextBytes: SHARE_DEFAULTS.maxCiphertextBytes,
    },
  });
  return {
    origin: service.origin,
    close: async () => {
      await service.close();
      await db.close();
    },
  };
}
