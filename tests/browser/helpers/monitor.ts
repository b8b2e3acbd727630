import type { BrowserContext, Page } from 'playwright-core';

/**
 * Everything a page (and its frames) says and asks for: console messages, page errors, every
 * request URL, and Content-Security-Policy violations (the `securitypolicyviolation` event in
 * every frame, plus Chromium's console report of a blocked load).
 */
export interface PageMonitor {
  console: string[];
  pageErrors: string[];
  requests: string[];
  cspViolations: string[];
}

const BINDING = '__reportCspViolation';

export async function monitorPage(context: BrowserContext, page: Page): Promise<PageMonitor> {
  const seen: PageMonitor = { console: [], pageErrors: [], requests: [], cspViolations: [] };
  await context.exposeBinding(BINDING, (_source, report: string) => {
    seen.cspViolations.push(report);
  });
  await context.addInitScript((binding: string) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as Record<string, (text: string) => void>)[binding];
      report?.(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} on ${document.location.origin}${document.location.pathname}`,
      );
    });
  }, BINDING);
  page.on('console', (message) => {
    const text = `${message.type()}: ${message.text()}`;
    seen.console.push(text);
    if (/Content Security Policy/i.test(message.text())) seen.cspViolations.push(text);
  });
  page.on('pageerror', (error) => seen.pageErrors.push(error.message));
  page.on('request', (request) => seen.requests.push(request.url()));
  return seen;
}

/**
 * Which of `needles` occur in `haystack` as a whole word (as is, URL-decoded or form-decoded).
 * Short needles (a 3-letter given name) are matched case-sensitively so that random tokens in
 * URLs (launch ids, codes) cannot cause a false alarm.
 */
export function leaks(haystack: readonly string[], needles: readonly string[]): string[] {
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return value;
    }
  };
  const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = needles.map((needle) => ({
    needle,
    pattern: new RegExp(
      `(^|[^\\p{L}\\p{N}])${escape(needle)}($|[^\\p{L}\\p{N}])`,
      needle.length < 5 ? 'u' : 'iu',
    ),
  }));
  const found: string[] = [];
  for (const line of haystack) {
    const forms = [line, decode(line)];
    for (const { needle, pattern } of patterns) {
      if (forms.some((form) => pattern.test(form))) {
        found.push(`"${needle}" in ${line.slice(0, 200)}`);
      }
    }
  }
  return found;
}
