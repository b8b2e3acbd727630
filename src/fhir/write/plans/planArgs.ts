import type { LaunchContext } from '../../context';
import type { RetryOptions } from '../../retry';
import type { FhirTransport } from '../../transport';
import type { Drafts } from '../drafts';
import type { RunLog } from '../runLog';
import type { EducationRecord, WritePlan } from '../types';

/** What every plan executor gets: the guarded drafts, a counting transport and the run log. */
export interface PlanArgs {
  transport: FhirTransport;
  context: LaunchContext;
  plan: WritePlan;
  record: EducationRecord;
  drafts: Drafts;
  log: RunLog;
  signal?: AbortSignal;
  retry?: RetryOptions;
}
