/**
 * fhirclient sends its own requests with the global `fetch`: `.well-known/smart-configuration`
 * and `metadata` in authorize(), the code exchange in ready(), and every token refresh. fetch
 * follows 3xx by default, and a 307/308 keeps the method and body, so a token endpoint
 * answering 307 would hand the code, the PKCE verifier or the refresh token to whatever server
 * it names. fhirclient has no option for its token requests, so the app installs this once,
 * before fhirclient runs (main.tsx, launch.ts): every fetch that does not choose its own
 * `redirect` mode refuses redirects. The FHIR transport chooses 'manual' to explain a 3xx.
 */
export function refuseRedirects(target: { fetch: typeof fetch } = globalThis): void {
  const original = target.fetch.bind(target);
  target.fetch = (input, init) => original(input, { ...init, redirect: init?.redirect ?? 'error' });
}
