/**
 * The share service client (SMART Health Links; not FHIR, so not in src/fhir). It sends the
 * clinician's access token only to the configured share service, which only hands it back to
 * the EHR to check it. Every failure that is not a refusal reads as "sharing is unavailable":
 * attaching and printing never depend on this service.
 */

export class ShareUnavailable extends Error {
  constructor(readonly status?: number) {
    super('Sharing is unavailable');
    this.name = 'ShareUnavailable';
  }
}

export class ShareRefused extends Error {
  constructor(readonly status: number) {
    super('The share service refused this session');
    this.name = 'ShareRefused';
  }
}

export interface CreatedShare {
  id: string;
  url: string;
  revokeToken: string;
}

async function call(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(20_000),
    });
  } catch {
    throw new ShareUnavailable();
  }
  if (response.status === 401 || response.status === 403) throw new ShareRefused(response.status);
  if (!response.ok) throw new ShareUnavailable(response.status);
  return response;
}

export async function createShare(
  serviceUrl: string,
  token: string,
  body: { iss: string; patient: string; jwe: string; exp: number; passcode?: string },
): Promise<CreatedShare> {
  const response = await call(`${serviceUrl}/api/links`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const value = (await response.json().catch(() => undefined)) as Partial<CreatedShare> | undefined;
  if (
    !value ||
    typeof value.id !== 'string' ||
    typeof value.url !== 'string' ||
    typeof value.revokeToken !== 'string'
  ) {
    throw new ShareUnavailable(response.status);
  }
  // The manifest must be on the configured service: the link will point patients there.
  if (!value.url.startsWith(`${serviceUrl}/`)) throw new ShareUnavailable(response.status);
  return { id: value.id, url: value.url, revokeToken: value.revokeToken };
}

export async function revokeShare(
  serviceUrl: string,
  token: string,
  body: { id: string; iss: string; patient: string; revokeToken: string },
): Promise<void> {
  await call(`${serviceUrl}/api/links/${encodeURIComponent(body.id)}`, {
    method: 'DELETE',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ iss: body.iss, patient: body.patient, revokeToken: body.revokeToken }),
  });
}
