import type { Agent } from 'node:http';
import { request } from 'node:http';

/** One load-test answer: how long it took and whether it was the answer wanted. */
export interface Timed {
  ms: number;
  ok: boolean;
}

/** The `q` quantile of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/**
 * POSTs a JSON `body` over `agent` and times it to the end of the answer; `ok` when the status
 * is 200 and the text holds `expect`. A failure or a 5 s timeout is a not-ok answer, never a
 * throw, so a load run counts it and goes on.
 */
export function timedPost(
  url: string,
  agent: Agent,
  body: string,
  expect: string,
  headers: Record<string, string> = {},
): Promise<Timed> {
  return new Promise((done) => {
    const started = performance.now();
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...headers,
        },
        timeout: 5000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          done({
            ms: performance.now() - started,
            ok: res.statusCode === 200 && text.includes(expect),
          }),
        );
      },
    );
    req.on('error', () => done({ ms: performance.now() - started, ok: false }));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}
