import type { FhirError } from '../errors';
import type { FhirRequest, FhirResponse, FhirTransport } from '../transport';
import type {
  AttachOutcome,
  DuplicateCopy,
  StepName,
  StepOutcome,
  UncheckedStep,
  WriteProgress,
} from './types';

const PROGRESS_KEY: Record<StepName, 'documentReference' | 'procedure' | 'provenance'> = {
  DocumentReference: 'documentReference',
  Procedure: 'procedure',
  Provenance: 'provenance',
};

/**
 * What one attach run did: progress (ids on the server), per-step outcomes and the request
 * count. Every newly known id is reported through onProgress at once, so the UI can persist it
 * before the next request (a reload mid-run then resumes instead of starting over).
 */
export class RunLog {
  private current: WriteProgress;
  readonly steps: StepOutcome[] = [];
  private readonly duplicates: DuplicateCopy[] = [];
  private readonly uncheckedSteps: UncheckedStep[] = [];
  private requestCount = 0;
  /** An earlier run of this record sent a write (see WriteProgress.attempted). */
  readonly resumed: boolean;

  constructor(
    initial: WriteProgress,
    private readonly onProgress?: (progress: WriteProgress) => void,
  ) {
    this.current = { ...initial };
    this.resumed =
      initial.attempted === true ||
      Object.values(PROGRESS_KEY).some((key) => initial[key] !== undefined);
  }

  get progress(): WriteProgress {
    return { ...this.current };
  }

  idOf(step: StepName): string | undefined {
    return this.current[PROGRESS_KEY[step]];
  }

  /** `id` is undefined only for a Provenance known to exist but not readable. */
  done(step: StepName, status: 'created' | 'existing', id: string | undefined): void {
    this.steps.push({ resource: step, status, ...(id ? { id } : {}) });
    if (!id || this.current[PROGRESS_KEY[step]] === id) return;
    this.current = { ...this.current, [PROGRESS_KEY[step]]: id };
    this.onProgress?.(this.progress);
  }

  isDone(step: StepName): boolean {
    return (
      this.idOf(step) !== undefined ||
      this.steps.some(
        (s) => s.resource === step && (s.status === 'created' || s.status === 'existing'),
      )
    );
  }

  /** Call just before sending a write: persisted at once, so a reload knows to look first. */
  markAttempted(): void {
    if (this.current.attempted) return;
    this.current = { ...this.current, attempted: true };
    this.onProgress?.(this.progress);
  }

  duplicate(copy: DuplicateCopy): void {
    this.duplicates.push(copy);
  }

  hasDuplicate(step: StepName): boolean {
    return this.duplicates.some((d) => d.resource === step);
  }

  /** Look-after-write could not run for this step: not a failure, but said, with its reason. */
  unchecked(step: StepName, error: FhirError): void {
    if (!this.uncheckedSteps.some((u) => u.resource === step))
      this.uncheckedSteps.push({ resource: step, error });
  }

  skipped(step: StepName): void {
    this.steps.push({ resource: step, status: 'skipped' });
  }

  failed(step: StepName, error: FhirError): void {
    this.steps.push({ resource: step, status: 'failed', error });
  }

  /** Wraps the transport so every request (retries included) is counted. */
  counting(transport: FhirTransport): FhirTransport {
    return {
      baseUrl: transport.baseUrl,
      request: <T>(req: FhirRequest): Promise<FhirResponse<T>> => {
        this.requestCount += 1;
        return transport.request<T>(req);
      },
    };
  }

  outcome(planned: StepName[]): AttachOutcome {
    const failed = this.steps.some((s) => s.status === 'failed');
    return {
      progress: this.progress,
      steps: [...this.steps],
      requests: this.requestCount,
      complete: !failed && planned.every((step) => this.isDone(step)),
      duplicates: [...this.duplicates],
      unchecked: [...this.uncheckedSteps],
    };
  }
}
