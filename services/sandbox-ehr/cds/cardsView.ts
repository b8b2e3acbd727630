import type { LaunchContext } from '../auth/authState';
import type { Html } from '../pages/html';
import { html } from '../pages/html';
import type { CdsAnswer, CdsCard } from './cdsClient';

export const CARDS_STYLE = `
section.cds { padding: .5rem 1rem; background: #eef2f6; display: grid; gap: .5rem; }
section.cds h2 { font-size: .95rem; margin: 0; color: #3a4756; }
article.cds-card { background: #fff; border: 1px solid #c9d2dc; border-left: 6px solid #1f5f99; border-radius: 6px; padding: .5rem .75rem; }
article.cds-card.warning { border-left-color: #b54708; }
article.cds-card.critical { border-left-color: #b42318; }
article.cds-card p { margin: .2rem 0; }
article.cds-card .indicator { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; font-weight: 700; }
article.cds-card.warning .indicator { color: #93370d; }
article.cds-card .source { color: #566372; font-size: .85rem; }
article.cds-card form { display: inline; }
article.cds-card button { padding: .35rem .9rem; margin: .25rem .5rem 0 0; }
.cds-note { color: #566372; font-size: .9rem; margin: 0; }
`;

/**
 * A SMART link becomes a launch through the sandbox's own /launch contract: same patient,
 * user, encounter and EHR profile, opened in the EHR frame. The card's URL itself is not
 * followed: the sandbox launches only its one registered app.
 */
function smartLinkForm(label: string, launch: LaunchContext): Html {
  return html`<form method="get" action="/launch">
    <input type="hidden" name="patient" value="${launch.patient}" />
    <input type="hidden" name="practitioner" value="${launch.practitioner}" />
    <input type="hidden" name="encounter" value="${launch.encounter ?? ''}" />
    <input type="hidden" name="profile" value="${launch.profile}" />
    <input type="hidden" name="need_patient_banner" value="${String(launch.needPatientBanner)}" />
    <input type="hidden" name="frame" value="1" />
    <button type="submit">${label}</button>
  </form>`;
}

function linkView(link: CdsCard['links'][number], launch: LaunchContext): Html {
  if (link.type === 'smart') return smartLinkForm(link.label, launch);
  return /^https?:\/\//.test(link.url)
    ? html`<a href="${link.url}" rel="noopener noreferrer" target="_blank">${link.label}</a>`
    : html``;
}

function cardView(card: CdsCard, launch: LaunchContext, extra?: (c: CdsCard) => Html): Html {
  return html`<article class="cds-card ${card.indicator}" aria-label="${card.summary}">
    <p class="indicator">${card.indicator}</p>
    <p><strong>${card.summary}</strong></p>
    ${card.detail ? html`<p>${card.detail}</p>` : ''}
    <p class="source">Source: ${card.source.label}</p>
    ${extra ? extra(card) : ''} ${card.links.map((l) => linkView(l, launch))}
  </article>`;
}

/** The cards a CDS service returned, above the chart; nothing at all when no service is set up. */
export function cardsSection(
  answer: CdsAnswer | undefined,
  launch: LaunchContext,
  extra?: (c: CdsCard) => Html,
): Html {
  if (!answer) return html``;
  if (!answer.ok) {
    return html`<section class="cds" aria-label="Decision support">
      <p class="cds-note" role="status">Decision support unavailable: ${answer.message}.</p>
    </section>`;
  }
  if (answer.cards.length === 0) return html``;
  return html`<section class="cds" aria-label="Decision support">
    <h2>Decision support</h2>
    ${answer.cards.map((c) => cardView(c, launch, extra))}
  </section>`;
}
