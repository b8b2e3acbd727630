import type { FhirAuthorization, HookRequest } from '../types';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseAuthorization(v: unknown): FhirAuthorization | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (
    !isObject(v) ||
    typeof v.access_token !== 'string' ||
    typeof v.scope !== 'string' ||
    typeof v.subject !== 'string'
  ) {
    return 'fhirAuthorization needs access_token, scope and subject strings';
  }
  return {
    access_token: v.access_token,
    token_type: 'Bearer',
    expires_in: typeof v.expires_in === 'number' ? v.expires_in : 0,
    scope: v.scope,
    subject: v.subject,
    ...(typeof v.patient === 'string' ? { patient: v.patient } : {}),
  };
}

/** Prefetch values that are neither a resource nor null are dropped, so they count as missing. */
function parsePrefetch(v: Record<string, unknown>): NonNullable<HookRequest['prefetch']> {
  return Object.fromEntries(
    Object.entries(v).filter(
      ([, value]) => value === null || (isObject(value) && typeof value.resourceType === 'string'),
    ),
  ) as NonNullable<HookRequest['prefetch']>;
}

/** A hook call checked at the boundary; a string is the message for a 400. */
export function parseHookRequest(body: unknown, expectedHook: string): HookRequest | string {
  if (!isObject(body)) return 'The request body must be a JSON object';
  if (body.hook !== expectedHook) return `This service answers the "${expectedHook}" hook`;
  if (typeof body.hookInstance !== 'string' || !body.hookInstance) {
    return 'hookInstance must be a non-empty string';
  }
  if (!isObject(body.context)) return 'context must be an object';
  if (body.prefetch !== undefined && body.prefetch !== null && !isObject(body.prefetch)) {
    return 'prefetch must be an object';
  }
  if (body.fhirServer !== undefined && typeof body.fhirServer !== 'string') {
    return 'fhirServer must be a string';
  }
  const fhirAuthorization = parseAuthorization(body.fhirAuthorization);
  if (typeof fhirAuthorization === 'string') return fhirAuthorization;
  return {
    hook: body.hook,
    hookInstance: body.hookInstance,
    context: body.context,
    ...(typeof body.fhirServer === 'string' ? { fhirServer: body.fhirServer } : {}),
    ...(fhirAuthorization ? { fhirAuthorization } : {}),
    ...(isObject(body.prefetch) ? { prefetch: parsePrefetch(body.prefetch) } : {}),
  };
}
