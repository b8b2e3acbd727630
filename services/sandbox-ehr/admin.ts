import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context';
import { sendFhir } from './http/httpUtil';
import { issue, outcome } from './outcome';

/**
 * POST /admin/reset: restore the seed data in memory and on disk. Needs a token from
 * the admin client (client_credentials); tests use it to start from a known state.
 */
export async function handleAdminReset(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = bearer ? ctx.auth.findAccessToken(bearer) : undefined;
  if (!token) {
    sendFhir(res, 401, outcome(issue('login', 'An admin access token is required')), {
      'WWW-Authenticate': 'Bearer realm="sandbox-admin"',
    });
    return;
  }
  if (token.grant) {
    sendFhir(res, 403, outcome(issue('forbidden', 'Only the admin client may reset the sandbox')));
    return;
  }
  await ctx.store.resetToSeed();
  sendFhir(
    res,
    200,
    outcome(issue('informational', 'Seed data restored', undefined, 'information')),
  );
}
