/**
 * Whether a `fhirAuthorization.scope` lets the service make one read, so it never asks the
 * FHIR server for more than the client granted. SMART v1 (`.read`, `.*`) and v2 (`.rs`).
 */
export function grants(
  scope: string,
  resourceType: string,
  interaction: 'read' | 'search',
): boolean {
  const letter = interaction === 'read' ? 'r' : 's';
  return scope.split(/\s+/).some((s) => {
    const match = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)$/.exec(s);
    if (!match || (match[2] !== '*' && match[2] !== resourceType)) return false;
    const action = match[3] ?? '';
    return (
      action === 'read' ||
      action === '*' ||
      (/^c?r?u?d?s?$/.test(action) && action.includes(letter))
    );
  });
}

/** `fhirServer` is one of the configured bases (or below one), compared as parsed URLs. */
export function isAllowedServer(fhirServer: string, allowed: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(fhirServer);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  const target = `${url.origin}${url.pathname.replace(/\/*$/, '/')}`;
  return allowed.some((base) => {
    try {
      const b = new URL(base);
      return target.startsWith(`${b.origin}${b.pathname.replace(/\/*$/, '/')}`);
    } catch {
      return false;
    }
  });
}
