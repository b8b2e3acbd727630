import { describe, expect, it, vi } from 'vitest';
import { FhirError } from './errors';
import { abortableSleep, delayBeforeRetry, withRetry } from './retry';

function failing(errors: FhirError[], value = 'ok') {
  const fn = vi.fn((attempt: number) => {
    const error = errors[attempt - 1];
    return error ? Promise.reject(error) : Promise.resolve(value);
  });
  return fn;
}

const instant = (waits: number[]) => ({
  sleep: (ms: number) => {
    waits.push(ms);
    return Promise.resolve();
  },
  random: () => 0.5,
});

describe('withRetry', () => {
  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    const waits: number[] = [];
    const onWait = vi.fn();
    const fn = failing([new FhirError({ kind: 'rate-limited', status: 429, retryAfterMs: 2_000 })]);
    await expect(withRetry(fn, { ...instant(waits), onWait })).resolves.toBe('ok');
    expect(waits).toEqual([2_000]);
    expect(onWait).toHaveBeenCalledWith(2_000, expect.objectContaining({ kind: 'rate-limited' }));
    expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2]);
  });

  it('gives up at once when Retry-After is beyond the cap', async () => {
    const waits: number[] = [];
    const error = new FhirError({ kind: 'rate-limited', status: 429, retryAfterMs: 120_000 });
    const fn = failing([error]);
    await expect(withRetry(fn, instant(waits))).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('backs off exponentially with jitter on 5xx, network and timeout', async () => {
    const waits: number[] = [];
    const fn = failing([
      new FhirError({ kind: 'server', status: 503 }),
      new FhirError({ kind: 'network' }),
      new FhirError({ kind: 'timeout' }),
    ]);
    await expect(withRetry(fn, { ...instant(waits), attempts: 4, baseDelayMs: 100 })).resolves.toBe(
      'ok',
    );
    // equal jitter with random()=0.5: 3/4 of 100, 200, 400
    expect(waits).toEqual([75, 150, 300]);
  });

  it('caps the backoff and keeps a jittered delay within [half, full]', () => {
    const error = new FhirError({ kind: 'server', status: 500 });
    expect(
      delayBeforeRetry(error, 10, { baseDelayMs: 500, maxDelayMs: 8_000, random: () => 0 }),
    ).toBe(4_000);
    expect(
      delayBeforeRetry(error, 10, { baseDelayMs: 500, maxDelayMs: 8_000, random: () => 0.999999 }),
    ).toBe(8_000);
    // 429 without Retry-After backs off like a 5xx
    expect(
      delayBeforeRetry(new FhirError({ kind: 'rate-limited', status: 429 }), 1, {
        random: () => 0,
      }),
    ).toBe(250);
  });

  it.each([
    ['401', new FhirError({ kind: 'unauthorized', status: 401 })],
    ['403', new FhirError({ kind: 'forbidden', status: 403 })],
    ['404', new FhirError({ kind: 'not-found', status: 404 })],
    ['409', new FhirError({ kind: 'conflict', status: 409 })],
    ['412', new FhirError({ kind: 'conflict', status: 412 })],
    ['422', new FhirError({ kind: 'unprocessable', status: 422 })],
    ['malformed', new FhirError({ kind: 'malformed' })],
    ['refused', new FhirError({ kind: 'refused' })],
  ])('never retries %s', async (_name, error) => {
    const waits: number[] = [];
    const fn = failing([error]);
    await expect(withRetry(fn, instant(waits))).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('rethrows the last error after the last attempt', async () => {
    const errors = [500, 502, 503].map((status) => new FhirError({ kind: 'server', status }));
    const fn = failing(errors);
    await expect(withRetry(fn, instant([]))).rejects.toBe(errors[2]);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('maps non-FHIR errors and does not retry them', async () => {
    const fn = vi.fn(() => Promise.reject(new RangeError('bug')));
    await expect(withRetry(fn, instant([]))).rejects.toMatchObject({ kind: 'other' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('stops when aborted during a wait, and does not start when already aborted', async () => {
    const controller = new AbortController();
    const fn = failing([new FhirError({ kind: 'server', status: 500 })]);
    const run = withRetry(fn, { signal: controller.signal, baseDelayMs: 10_000 });
    await vi.waitFor(() => expect(fn).toHaveBeenCalledTimes(1));
    controller.abort();
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(fn).toHaveBeenCalledTimes(1);

    const never = vi.fn(() => Promise.resolve('x'));
    await expect(withRetry(never, { signal: controller.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(never).not.toHaveBeenCalled();
  });

  it('abortableSleep resolves after the time and rejects on abort', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ kind: 'aborted' });
  });
});
