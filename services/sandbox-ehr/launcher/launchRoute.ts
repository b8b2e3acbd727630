import type { ServerResponse } from 'node:http';
import type { LaunchContext } from '../auth/authState';
import type { SandboxContext } from '../context';
import { fhirBase } from '../context';
import { redirect } from '../http/httpUtil';
import { sendErrorPage } from '../pages/html';
import type { Profile } from '../profiles';
import { isProfile } from '../profiles';
import { findEncounter, findPatient, findPractitioner } from '../store/chartLookup';

/** The app's launch URL for a launch token: what the EHR opens (or frames). */
export function appLaunchUrl(ctx: SandboxContext, profile: Profile, launchToken: string): string {
  return `${ctx.appOrigin}/launch/?iss=${encodeURIComponent(fhirBase(ctx, profile))}&launch=${launchToken}`;
}

class LaunchError extends Error {}

/** An empty form field counts as absent. */
function optional(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

function seconds(params: URLSearchParams, name: string): number | undefined {
  const raw = optional(params, name);
  if (raw === undefined) {
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 90 * 24 * 3600) {
    throw new LaunchError(`${name} must be a whole number of seconds between 1 and 7776000`);
  }
  return value;
}

/**
 * need_patient_banner defaults to true. The launcher form sends a hidden "false" before
 * the checkbox's "true" (an unchecked box sends nothing), so the last value wins.
 */
function needPatientBanner(params: URLSearchParams): boolean {
  const value = params.getAll('need_patient_banner').at(-1) ?? 'true';
  if (value !== 'true' && value !== 'false') {
    throw new LaunchError('need_patient_banner must be true or false');
  }
  return value === 'true';
}

async function parseLaunch(ctx: SandboxContext, params: URLSearchParams): Promise<LaunchContext> {
  const repo = ctx.store.repo;
  const patientId = optional(params, 'patient');
  const practitionerId = optional(params, 'practitioner');
  const encounterId = optional(params, 'encounter');
  const profile = optional(params, 'profile') ?? 'full';
  if (!patientId || !(await findPatient(repo, patientId))) {
    throw new LaunchError(`Unknown patient "${patientId ?? ''}"`);
  }
  if (!practitionerId || !(await findPractitioner(repo, practitionerId))) {
    throw new LaunchError(`Unknown practitioner "${practitionerId ?? ''}"`);
  }
  if (encounterId) {
    const encounter = await findEncounter(repo, encounterId);
    if (!encounter) {
      throw new LaunchError(`Unknown encounter "${encounterId}"`);
    }
    if (encounter.subject?.reference !== `Patient/${patientId}`) {
      throw new LaunchError(`Encounter "${encounterId}" belongs to another patient`);
    }
  }
  if (!isProfile(profile)) {
    throw new LaunchError('profile must be full, no-transaction or notes-only');
  }
  return {
    profile,
    patient: patientId,
    practitioner: practitionerId,
    encounter: encounterId,
    needPatientBanner: needPatientBanner(params),
    tokenLifetimeSeconds: seconds(params, 'token_lifetime'),
    refreshLifetimeSeconds: seconds(params, 'refresh_lifetime'),
    denyScopes: (optional(params, 'deny_scopes') ?? '').split(/[,\s]+/).filter(Boolean),
    noRefresh: params.get('no_refresh') === '1',
  };
}

/** GET /launch: mint a launch token and send the browser to the app (or the EHR frame). */
export async function handleLaunch(
  ctx: SandboxContext,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  let launch: LaunchContext;
  try {
    launch = await parseLaunch(ctx, url.searchParams);
  } catch (err) {
    if (err instanceof LaunchError) {
      sendErrorPage(res, 400, 'Cannot launch', err.message);
      return;
    }
    throw err;
  }
  const token = ctx.auth.mintLaunch(launch);
  const frame = ['1', 'true'].includes(url.searchParams.get('frame') ?? '');
  redirect(
    res,
    frame ? `${ctx.origin}/ehr?launch=${token}` : appLaunchUrl(ctx, launch.profile, token),
  );
}
