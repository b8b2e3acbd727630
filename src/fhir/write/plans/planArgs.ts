import type { LaunchContext } from '../../context';
import type { RetryOptions } from '../../retry';
import type { FhirTransport } from '../../transport';
import type { UnsentResources } from '../unsentResources';
import type { RunLog } from '../runLog';
import type { EducationRecord, WritePlan } from '../types';

/** What every plan executor gets: the guarded unsent, a counting transport and the run log. */
export interface PlanArgs {
  transport: FhirTransport;
  context: LaunchContext;
  plan: WritePlan;
  record: EducationRecord;
  unsent: UnsentResources;
  log: RunLog;
  signal?: AbortSignal;
  retry?: RetryOptions;
}
