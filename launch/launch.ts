import FHIR from 'fhirclient';
import './launch.css';
import { ConfigError, loadConfig } from '../src/config/appConfig';
import type { AppConfig, IssuerConfig } from '../src/config/appConfig';
import { authorizeOptions, newStateKey, planLaunch, standaloneScopes } from './launchPlan';
import { rememberStateKey } from '../src/session/launchState';
import { refuseRedirects } from '../src/fhir/refuseRedirects';

refuseRedirects();

const root = document.getElementById('launch') as HTMLElement;

function show(title: string, message: string, problem = true): HTMLElement {
  root.replaceChildren();
  const h1 = document.createElement('h1');
  h1.textContent = title;
  const p = document.createElement('p');
  p.textContent = message;
  if (problem) p.className = 'problem';
  root.append(h1, p);
  return root;
}

function authorize(config: AppConfig, issuer: IssuerConfig, scope: string, standalone: boolean) {
  const stateKey = newStateKey();
  rememberStateKey(stateKey);
  const redirectUri = new URL('/', window.location.href).href;
  const options = authorizeOptions(config, issuer, scope, stateKey, redirectUri, standalone);
  // An array of configs makes fhirclient enforce issMatch; a single object would skip it.
  // fhirclient's runtime accepts an array; its typings do not say so.
  const request = standalone ? options : [options];
  return FHIR.oauth2.authorize(request as unknown as Parameters<typeof FHIR.oauth2.authorize>[0]);
}

function showServerPicker(config: AppConfig): void {
  show(
    'Choose the EHR to connect to',
    'Pick a FHIR server; its patient picker will ask for the patient.',
    false,
  );
  const list = document.createElement('ul');
  for (const issuer of config.issuers) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = issuer.label;
    button.addEventListener('click', () => {
      show('Connecting…', `Opening ${issuer.label}…`, false);
      authorize(config, issuer, standaloneScopes(config.scopes), true).catch(failed);
    });
    item.append(button);
    list.append(item);
  }
  root.append(list);
}

function failed(error: unknown): void {
  const message = error instanceof Error ? error.message : '';
  let detail = 'The EHR could not be reached.';
  if (error instanceof ConfigError) detail = error.message;
  // fhirclient's words when the server does not offer PKCE S256 (pkceMode 'required').
  else if (/PKCE/i.test(message)) {
    detail = 'The EHR does not support the secure sign-in (PKCE S256) this app requires.';
  }
  show(
    'The app could not start',
    `${detail} Close this window and open the app again from the patient's chart.`,
  );
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const plan = planLaunch(config, new URLSearchParams(window.location.search));
  switch (plan.kind) {
    case 'refused':
      show(
        'This launch was refused',
        `${plan.reason} Nothing was sent. Ask your EHR administrator to check the app's configuration.`,
      );
      return;
    case 'standalone':
      showServerPicker(config);
      return;
    case 'ehr':
      await authorize(config, plan.issuer, config.scopes, false);
      return;
  }
}

main().catch(failed);
