import type { Identifier, Resource } from '@medplum/fhirtypes';
import { SYSTEM } from '../codes';

/**
 * The idempotency key travels as a business identifier (`urn:ietf:rfc:3986` + `urn:uuid:<key>`)
 * on the DocumentReference and the Procedure, so conditional create and "look before writing"
 * both find an earlier copy of the same attach action.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function keyUrn(key: string): string {
  return `urn:uuid:${key.toLowerCase()}`;
}

export function recordIdentifier(key: string): Identifier {
  return { system: SYSTEM.uri, value: keyUrn(key) };
}

/** Search (and If-None-Exist) criterion: `identifier=urn:ietf:rfc:3986|urn:uuid:<key>`. */
export function identifierCriterion(key: string): string {
  return `identifier=${SYSTEM.uri}|${keyUrn(key)}`;
}

export function hasRecordIdentifier(resource: Resource, key: string): boolean {
  const identifiers = (resource as { identifier?: Identifier[] }).identifier ?? [];
  const value = keyUrn(key);
  return identifiers.some((id) => id.system === SYSTEM.uri && id.value?.toLowerCase() === value);
}
