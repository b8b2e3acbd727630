import type { Meta } from '@medplum/fhirtypes';
import { APP_TAG, RECORD_KEY_TAG_SYSTEM, SUBSTANCE_ABUSE_SENSITIVITY } from '../codes';
import { keyUrn } from './idempotency';
import type { EducationRecord } from './types';

/**
 * meta for every resource we write: the app tag (how the app finds its own writes and history),
 * the record-key tag (how a retry finds this attach action's Provenance, which has no
 * identifier in R4) and, when local policy asks for it, the ETH "substance abuse information
 * sensitivity" label.
 */
export function writeMeta(record: EducationRecord): Meta {
  return {
    tag: [{ ...APP_TAG }, recordKeyTag(record.idempotencyKey)],
    ...(record.securityLabel ? { security: [{ ...SUBSTANCE_ABUSE_SENSITIVITY }] } : {}),
  };
}

export function recordKeyTag(key: string): { system: string; code: string } {
  return { system: RECORD_KEY_TAG_SYSTEM, code: keyUrn(key) };
}

/** Search (and ifNoneExist) criterion naming this attach action's resource of any type. */
export function recordKeyTagCriterion(key: string): string {
  return `_tag=${encodeURIComponent(`${RECORD_KEY_TAG_SYSTEM}|${keyUrn(key)}`)}`;
}
