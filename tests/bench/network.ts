import type { BrowserContext, Page } from 'playwright-core';

/**
 * Every request the browser sends, from the DevTools protocol rather than Playwright's request
 * events: CDP also reports CORS preflights (OPTIONS), which Playwright hides.
 */

export interface NetRequest {
  requestId: string;
  url: string;
  method: string;
  /** CDP resource type: Document, Fetch, Script, Other (preflights), ... */
  type: string;
  /** Wall-clock ms when the request was sent. */
  start: number;
  /** Wall-clock ms when the response body finished loading (undefined while in flight). */
  end?: number;
  status?: number;
}

export interface NetworkLog {
  requests: NetRequest[];
  stop(): Promise<void>;
}

export async function recordNetwork(context: BrowserContext, page: Page): Promise<NetworkLog> {
  const cdp = await context.newCDPSession(page);
  const requests: NetRequest[] = [];
  const latest = new Map<string, NetRequest>();
  /** CDP `timestamp` is monotonic seconds; `wallTime` (on requestWillBeSent only) is epoch seconds. */
  let offsetMs: number | undefined;
  const wall = (timestamp: number) => timestamp * 1000 + (offsetMs ?? 0);

  cdp.on('Network.requestWillBeSent', (event) => {
    offsetMs ??= event.wallTime * 1000 - event.timestamp * 1000;
    const request: NetRequest = {
      requestId: event.requestId,
      url: event.request.url,
      method: event.request.method,
      type: event.type ?? 'Other',
      start: wall(event.timestamp),
    };
    requests.push(request);
    latest.set(event.requestId, request);
  });
  cdp.on('Network.responseReceived', (event) => {
    const request = latest.get(event.requestId);
    if (request) request.status = event.response.status;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const request = latest.get(event.requestId);
    if (request) request.end = wall(event.timestamp);
  });
  cdp.on('Network.loadingFailed', (event) => {
    const request = latest.get(event.requestId);
    if (request) request.end = wall(event.timestamp);
  });
  await cdp.send('Network.enable');
  return {
    requests,
    stop: async () => {
      await cdp.detach().catch(() => undefined);
    },
  };
}

export const isPreflight = (r: NetRequest): boolean => r.method === 'OPTIONS';
