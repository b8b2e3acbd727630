import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { SandboxContext } from '../context';
import { fhirBase } from '../context';
import { header, sendFhir, sendJson } from '../http/httpUtil';
import { FhirHttpError, fail, notSupported, outcome, issue } from '../outcome';
import type { Profile } from '../profiles';
import { PROFILE_RULES, isReadableType } from '../profiles';
import type { Caller } from './access';
import { bundleInteraction } from './bundles';
import { buildCapabilityStatement } from './capabilityStatement';
import type { FhirCall, FhirResult } from './fhirResult';
import { parseResourceBody, stripServerFields } from './fhirResult';
import { createInteraction, readInteraction, searchInteraction } from './interactions';
import { updateInteraction } from './updateInteraction';
import { buildOpenIdConfiguration, buildSmartConfiguration } from './smartConfiguration';
import type { SmartEndpoints } from './smartConfiguration';

export function smartEndpoints(ctx: SandboxContext, profile: Profile): SmartEndpoints {
  return {
    base: fhirBase(ctx, profile),
    authorizeUrl: `${ctx.origin}/auth/authorize`,
    tokenUrl: `${ctx.origin}/auth/token`,
    jwksUrl: `${ctx.origin}/auth/jwks.json`,
  };
}

function unauthorized(ctx: SandboxContext, profile: Profile, description: string): FhirHttpError {
  return new FhirHttpError(401, outcome(issue('login', description)), {
    'WWW-Authenticate': `Bearer realm="${fhirBase(ctx, profile)}", error="invalid_token", error_description="${description}"`,
  });
}

/** A valid, unexpired bearer token for THIS base (user tokens are bound to their aud). */
function authenticate(ctx: SandboxContext, req: IncomingMessage, profile: Profile): Caller {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) {
    throw unauthorized(ctx, profile, 'An access token is required (Authorization: Bearer ...)');
  }
  const token = ctx.auth.findAccessToken(match[1]);
  if (!token) {
    throw unauthorized(ctx, profile, 'The access token is unknown, revoked or expired');
  }
  if (token.profile && token.profile !== profile) {
    throw unauthorized(
      ctx,
      profile,
      `The access token was issued for ${fhirBase(ctx, token.profile)}`,
    );
  }
  const launch = token.grant?.launch;
  return {
    scopes: token.scopes,
    patient: launch?.patient,
    practitioner: launch?.practitioner,
    admin: !token.grant,
  };
}

function preferReturn(req: IncomingMessage): string {
  const prefer = header(req, 'prefer') ?? '';
  return /return=(minimal|representation|OperationOutcome)/.exec(prefer)?.[1] ?? 'representation';
}

function requireJsonBody(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type && type !== 'application/fhir+json' && type !== 'application/json') {
    throw fail(415, 'not-supported', `Send application/fhir+json, not ${type}`);
  }
}

/** Unauthenticated discovery documents under a base; undefined if `rest` is not one. */
function discovery(
  ctx: SandboxContext,
  profile: Profile,
  rest: string[],
): { fhir: CapabilityStatement } | { json: object } | undefined {
  const endpoints = smartEndpoints(ctx, profile);
  switch (rest.join('/')) {
    case 'metadata':
      return {
        fhir: buildCapabilityStatement(
          profile,
          endpoints.base,
          endpoints.authorizeUrl,
          endpoints.tokenUrl,
        ),
      };
    case '.well-known/smart-configuration':
      return { json: buildSmartConfiguration(profile, endpoints) };
    case '.well-known/openid-configuration':
      return { json: buildOpenIdConfiguration(endpoints) };
    default:
      return undefined;
  }
}

async function dispatch(
  call: FhirCall,
  method: string,
  rest: string[],
  url: URL,
  req: IncomingMessage,
  body: Buffer | undefined,
): Promise<FhirResult> {
  const [type, id, ...more] = rest;
  if (!type) {
    if (method === 'POST') {
      requireJsonBody(req);
      return bundleInteraction(call, body);
    }
    throw notSupported('System-level search is not supported; search a resource type', 'POST');
  }
  if (!isReadableType(type)) {
    throw fail(404, 'not-found', `Resource type "${type}" is not served by this sandbox`);
  }
  if (more.length || id === '_search' || id === '_history') {
    throw notSupported(
      `${method} ${rest.join('/')} is not supported (read, search, create and update only)`,
      'GET',
    );
  }
  if (id) {
    if (method === 'PUT') {
      requireJsonBody(req);
      return updateInteraction(call, type, id, body, header(req, 'if-match'));
    }
    if (method !== 'GET') {
      const updatable = (PROFILE_RULES[call.profile].updatableTypes as readonly string[]).includes(
        type,
      );
      throw notSupported(
        `This sandbox supports read, search, create and update only, not ${method} on ${type}/${id}`,
        updatable ? 'GET, PUT' : 'GET',
      );
    }
    return readInteraction(call, type, id);
  }
  if (method === 'GET') {
    return searchInteraction(call, type, url.searchParams);
  }
  if (method === 'POST') {
    requireJsonBody(req);
    const resource = stripServerFields(parseResourceBody(body, type));
    return createInteraction(call, resource, header(req, 'if-none-exist'));
  }
  throw notSupported(`${method} on ${type} is not supported`, 'GET, POST');
}

/** Everything under `/{profile}/fhir`: discovery documents, then authenticated FHIR. */
export async function handleFhirRequest(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  profile: Profile,
  rest: string[],
  url: URL,
  body: Buffer | undefined,
): Promise<void> {
  try {
    const method = req.method ?? 'GET';
    const document = method === 'GET' ? discovery(ctx, profile, rest) : undefined;
    if (document) {
      if ('fhir' in document) {
        sendFhir(res, 200, document.fhir);
      } else {
        sendJson(res, 200, document.json);
      }
      return;
    }
    const caller = authenticate(ctx, req, profile);
    const call: FhirCall = {
      ctx,
      profile,
      base: fhirBase(ctx, profile),
      caller,
      preferReturn: preferReturn(req),
    };
    const result = await dispatch(call, method, rest, url, req, body);
    sendFhir(res, result.status, result.body, result.headers);
  } catch (err) {
    if (err instanceof FhirHttpError) {
      sendFhir(res, err.status, err.outcome, err.headers);
      return;
    }
    throw err;
  }
}
