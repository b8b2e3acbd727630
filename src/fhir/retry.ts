import { FhirError, asFhirError } from './errors';

export interface RetryOptions {
  /** Total tries, the first included. Default 3. */
  attempts?: number;
  /** First backoff for 5xx / network / timeout; doubles each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Ceiling of the exponential backoff. Default 8 s. */
  maxDelayMs?: number;
  /**
   * Longest Retry-After we wait for. A 429 asking for longer ends the run instead: waiting less
   * than the server asked only earns another 429, and the clinician should not stare at a
   * spinner for minutes. Default 30 s.
   */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests: 0 <= random() < 1, used for jitter. */
  random?: () => number;
  /** Told before each wait (the UI can say "server busy, retrying in 3 s"). */
  onWait?: (ms: number, error: FhirError) => void;
}

export const RETRY_DEFAULTS = {
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
} as const;

/**
 * Runs `fn` and retries it on transient failures only: 429 (after Retry-After), 5xx, network
 * errors and timeouts. Anything else (401 session over, 403, 404, 409/412, 400/422, malformed,
 * refused, aborted) is rethrown at once. After the last attempt the last error is rethrown.
 * Callers must make `fn` idempotent; `attempt` (1-based) lets it look before retrying a write.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? RETRY_DEFAULTS.attempts);
  const sleep = opts.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt += 1) {
    throwIfAborted(opts.signal);
    try {
      return await fn(attempt);
    } catch (thrown) {
      const error = asFhirError(thrown);
      if (opts.signal?.aborted) throw new FhirError({ kind: 'aborted' });
      const wait = attempt < attempts ? delayBeforeRetry(error, attempt, opts) : undefined;
      if (wait === undefined) throw error;
      opts.onWait?.(wait, error);
      await sleep(wait, opts.signal);
    }
  }
}

/** How long to wait before the next attempt, or undefined when this error is not worth retrying. */
export function delayBeforeRetry(
  error: FhirError,
  attempt: number,
  opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'> = {},
): number | undefined {
  if (!error.transient) return undefined;
  if (error.kind === 'rate-limited' && error.retryAfterMs !== undefined) {
    const cap = opts.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
    return error.retryAfterMs <= cap ? error.retryAfterMs : undefined;
  }
  const base = opts.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const max = opts.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const exponential = Math.min(max, base * 2 ** (attempt - 1));
  // "Equal jitter": half fixed, half random, so many clients that failed together spread out
  // without any of them retrying immediately.
  const random = opts.random ?? Math.random;
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FhirError({ kind: 'aborted' });
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FhirError({ kind: 'aborted' }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new FhirError({ kind: 'aborted' }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
