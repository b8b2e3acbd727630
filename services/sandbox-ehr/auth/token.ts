import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { SandboxContext } from '../context';
import { APP_CLIENT_ID, fhirBase } from '../context';
import { sendJson } from '../http/httpUtil';
import type { Grant } from './authState';
import { CODE_VERIFIER_PATTERN, verifierMatches } from './pkce';

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const ONLINE_REFRESH_SECONDS = 8 * 3600;
const OFFLINE_REFRESH_SECONDS = 30 * 24 * 3600;

/** An RFC 6749 §5.2 error response. */
class TokenError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Basic credentials are form-urlencoded first (RFC 6749 §2.3.1); bad escapes mean no match. */
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Client credentials from HTTP Basic or the form (RFC 6749 §2.3.1). */
function clientCredentials(
  req: IncomingMessage,
  form: URLSearchParams,
): { id?: string; secret?: string; basic: boolean } {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match?.[1]) {
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return {
      id: safeDecode(decoded.slice(0, colon < 0 ? undefined : colon)),
      secret: colon < 0 ? undefined : safeDecode(decoded.slice(colon + 1)),
      basic: true,
    };
  }
  return {
    id: form.get('client_id') ?? undefined,
    secret: form.get('client_secret') ?? undefined,
    basic: false,
  };
}

async function issueTokens(
  ctx: SandboxContext,
  grant: Grant,
  withIdToken: boolean,
  refreshToken?: string,
): Promise<object> {
  const { launch, scopes } = grant;
  const lifetime = launch.tokenLifetimeSeconds ?? ctx.tokenLifetimeSeconds;
  const base = fhirBase(ctx, launch.profile);
  const accessToken = ctx.auth.mintAccessToken({
    grant,
    scopes,
    profile: launch.profile,
    expiresAt: Date.now() + lifetime * 1000,
  });
  const response: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: lifetime,
    scope: scopes.join(' '),
    need_patient_banner: launch.needPatientBanner,
    smart_style_url: `${ctx.origin}/smart-style.json`,
  };
  if (launch.patient) {
    response.patient = launch.patient;
  }
  if (launch.encounter) {
    response.encounter = launch.encounter;
  }
  const offline = scopes.includes('offline_access');
  if (refreshToken) {
    response.refresh_token = refreshToken;
  } else if (!launch.noRefresh && (offline || scopes.includes('online_access'))) {
    const refreshLifetime =
      launch.refreshLifetimeSeconds ?? (offline ? OFFLINE_REFRESH_SECONDS : ONLINE_REFRESH_SECONDS);
    response.refresh_token = ctx.auth.mintRefreshToken({
      grant,
      expiresAt: Date.now() + refreshLifetime * 1000,
    });
  }
  if (withIdToken && scopes.includes('openid')) {
    response.id_token = await ctx.idTokens.sign({
      issuer: base,
      clientId: grant.clientId,
      subject: launch.practitioner,
      fhirUser: scopes.includes('fhirUser')
        ? `${base}/Practitioner/${launch.practitioner}`
        : undefined,
      nonce: grant.nonce,
      lifetimeSeconds: lifetime,
    });
  }
  return response;
}

async function authorizationCodeGrant(
  ctx: SandboxContext,
  form: URLSearchParams,
  clientId: string | undefined,
): Promise<object> {
  if (clientId !== APP_CLIENT_ID) {
    throw new TokenError('invalid_client', `Unknown client_id "${clientId ?? ''}"`, 401);
  }
  const codeValue = form.get('code');
  if (!codeValue) {
    throw new TokenError('invalid_request', 'code is required');
  }
  const code = ctx.auth.codes.get(codeValue);
  if (!code || code.expiresAt <= Date.now()) {
    throw new TokenError(
      'invalid_grant',
      'The authorization code is unknown or expired (codes live 60 s)',
    );
  }
  if (code.used) {
    ctx.auth.revokeGrant(code.grant.id);
    throw new TokenError(
      'invalid_grant',
      'The authorization code was already used; tokens issued from it are revoked',
    );
  }
  // Burnt at first presentation, whatever follows: a code is good for one attempt.
  code.used = true;
  if (code.grant.clientId !== clientId) {
    throw new TokenError('invalid_grant', 'The code was issued to another client');
  }
  if (form.get('redirect_uri') !== code.redirectUri) {
    throw new TokenError('invalid_grant', 'redirect_uri does not match the authorization request');
  }
  const verifier = form.get('code_verifier');
  if (!verifier) {
    throw new TokenError('invalid_request', 'code_verifier is required (PKCE)');
  }
  if (!CODE_VERIFIER_PATTERN.test(verifier) || !verifierMatches(verifier, code.codeChallenge)) {
    throw new TokenError(
      'invalid_grant',
      'PKCE verification failed: code_verifier does not match code_challenge',
    );
  }
  return issueTokens(ctx, code.grant, true);
}

async function refreshTokenGrant(
  ctx: SandboxContext,
  form: URLSearchParams,
  clientId: string | undefined,
): Promise<object> {
  if (clientId !== undefined && clientId !== APP_CLIENT_ID) {
    throw new TokenError('invalid_client', `Unknown client_id "${clientId}"`, 401);
  }
  const value = form.get('refresh_token');
  if (!value) {
    throw new TokenError('invalid_request', 'refresh_token is required');
  }
  const refresh = ctx.auth.refreshTokens.get(value);
  if (!refresh || refresh.expiresAt <= Date.now()) {
    throw new TokenError(
      'invalid_grant',
      'The refresh token is unknown, revoked or expired: launch the app again',
    );
  }
  const requested = form.get('scope')?.split(/\s+/).filter(Boolean);
  const extra = requested?.filter((s) => !refresh.grant.scopes.includes(s)) ?? [];
  if (extra.length) {
    throw new TokenError('invalid_scope', `A refresh cannot add scopes: ${extra.join(' ')}`);
  }
  const grant = requested ? { ...refresh.grant, scopes: requested } : refresh.grant;
  // The refresh token is not rotated: two tabs of the app share it (fhirclient SMART_KEY).
  return issueTokens(ctx, grant, false, value);
}

function clientCredentialsGrant(
  ctx: SandboxContext,
  client: { id?: string; secret?: string; basic: boolean },
  lifetime: number,
): object {
  if (
    client.id !== ctx.adminClientId ||
    client.secret === undefined ||
    !sameSecret(client.secret, ctx.adminClientSecret)
  ) {
    throw new TokenError(
      'invalid_client',
      'Client authentication failed',
      401,
      client.basic ? { 'WWW-Authenticate': 'Basic realm="sandbox"' } : {},
    );
  }
  const scopes = ['system/*.rs'];
  const accessToken = ctx.auth.mintAccessToken({ scopes, expiresAt: Date.now() + lifetime * 1000 });
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: lifetime,
    scope: scopes.join(' '),
  };
}

/** POST /auth/token */
export async function handleToken(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  try {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/x-www-form-urlencoded') {
      throw new TokenError(
        'invalid_request',
        'Send the token request as application/x-www-form-urlencoded',
      );
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const client = clientCredentials(req, form);
    let response: object;
    switch (form.get('grant_type')) {
      case 'authorization_code':
        response = await authorizationCodeGrant(ctx, form, client.id);
        break;
      case 'refresh_token':
        response = await refreshTokenGrant(ctx, form, client.id);
        break;
      case 'client_credentials':
        response = clientCredentialsGrant(ctx, client, ctx.tokenLifetimeSeconds);
        break;
      default:
        throw new TokenError(
          'unsupported_grant_type',
          'grant_type must be authorization_code, refresh_token or client_credentials',
        );
    }
    sendJson(res, 200, response, NO_STORE);
  } catch (err) {
    if (!(err instanceof TokenError)) {
      throw err;
    }
    sendJson(
      res,
      err.status,
      { error: err.error, error_description: err.description },
      { ...NO_STORE, ...err.headers },
    );
  }
}
