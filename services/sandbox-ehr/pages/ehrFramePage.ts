import type { ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { CARDS_STYLE, cardsSection } from '../cds/cardsView';
import { callCdsService } from '../cds/cdsClient';
import { appLaunchUrl } from '../launcher/launchRoute';
import { findEncounter, findPatient, findPractitioner } from '../store/chartLookup';
import { encounterLabel, mrnOf, nameOf } from './chartLabels';
import type { Html } from './html';
import { html, sendErrorPage, sendPage } from './html';

const FRAME_STYLE = `
body { display: flex; flex-direction: column; height: 100vh; overflow: hidden; }
header.ehr { background: #23395d; color: #fff; padding: .4rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; align-items: baseline; }
header.ehr .brand { font-weight: 700; letter-spacing: .02em; }
header.ehr .patient { font-size: 1.1rem; font-weight: 600; }
header.ehr dl { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; font-size: .9rem; }
header.ehr dt { opacity: .8; }
header.ehr dd { margin: 0 0 0 .3rem; }
header.ehr div.pair { display: flex; }
header.ehr a { color: #cfe3ff; }
main.ehr-chart { flex: 1; display: flex; flex-direction: column; min-height: 0; }
iframe { flex: 1; width: 100%; border: 0; background: #fff; }
`;

/** The CDS service called when a chart opens (services/cds-hooks). */
const CDS_PATIENT_VIEW = 'heroin-education-patient-view';

/**
 * GET /ehr?launch=<token>: an EHR-like chart with a banner and the app in an iframe.
 * The frame URL is built here from the configured app origin and a launch token the
 * sandbox minted, never taken from the query, so this page cannot frame other sites.
 */
export async function handleEhrFrame(
  ctx: SandboxContext,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const token = url.searchParams.get('launch') ?? '';
  const launch = ctx.auth.findLaunch(token);
  if (!launch) {
    sendErrorPage(
      res,
      400,
      'Unknown launch',
      'This launch is unknown or expired. Start again from the sandbox launcher.',
    );
    return;
  }
  const repo = ctx.store.repo;
  const patient = launch.patient ? await findPatient(repo, launch.patient) : undefined;
  const practitioner = await findPractitioner(repo, launch.practitioner);
  const encounter = launch.encounter ? await findEncounter(repo, launch.encounter) : undefined;
  const src = appLaunchUrl(ctx, launch.profile, token);
  // CDS Hooks patient-view: the chart is opening, ask for cards before drawing it.
  const cds = await callCdsService(ctx, CDS_PATIENT_VIEW, 'patient-view', launch);
  const pair = (label: string, value: string | undefined): Html =>
    html`<div class="pair">
      <dt>${label}</dt>
      <dd>${value ?? 'not recorded'}</dd>
    </div>`;
  sendPage(res, 200, {
    title: `Sandbox EHR: ${patient ? nameOf(patient.name) : 'chart'}`,
    // The framed app signs in by navigating the frame to this sandbox's /auth/authorize.
    csp: [`frame-src 'self' ${ctx.appOrigin}`],
    style: FRAME_STYLE + CARDS_STYLE,
    body: html`<header class="ehr" aria-label="Sandbox EHR chart banner">
        <span class="brand">Sandbox EHR <small>(synthetic data)</small></span>
        <span class="patient" dir="auto">${patient ? nameOf(patient.name) : 'No patient'}</span>
        <dl>
          ${pair('DOB', patient?.birthDate)} ${pair('Sex', patient?.gender)}
          ${pair('MRN', patient ? mrnOf(patient) : undefined)}
          ${pair('Encounter', encounter ? encounterLabel(encounter, false) : 'none')}
          ${pair('User', practitioner ? nameOf(practitioner.name) : launch.practitioner)}
          ${pair('Profile', launch.profile)}
        </dl>
        <a href="/">Launcher</a>
      </header>
      <main class="ehr-chart" aria-label="Sandbox EHR chart">
        ${cardsSection(cds, launch)}
        <iframe
          title="Heroin education app"
          src="${src}"
          sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"
          allow="clipboard-write"
        ></iframe>
      </main>`,
  });
}
