import type { Meta } from '@medplum/fhirtypes';
import { APP_TAG, SUBSTANCE_ABUSE_SENSITIVITY } from '../codes';
import type { EducationRecord } from './types';

/**
 * meta for every resource we write: the app tag (how the app finds its own writes and history)
 * and, when local policy asks for it, the ETH "substance abuse information sensitivity" label.
 */
export function writeMeta(record: EducationRecord): Meta {
  return {
    tag: [{ ...APP_TAG }],
    ...(record.securityLabel ? { security: [{ ...SUBSTANCE_ABUSE_SENSITIVITY }] } : {}),
  };
}
