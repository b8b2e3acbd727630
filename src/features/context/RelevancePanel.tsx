import { findOud, classifyMedications, preferredLanguage } from './relevance';
import type { OudFinding } from './relevance';
import { priorEducation } from './priorEducation';
import { describeReadProblem } from './readProblem';
import { formatDate } from './patientDisplay';
import type { Chart } from './useChart';

const STATUS_WORDS: Record<OudFinding['status'], string> = {
  active: 'active',
  remission: 'in remission',
  inactive: 'inactive',
};

/** "Opioid use disorder (F11.20), active since 2024"; the status once, even if the label has it. */
function describeOud(finding: OudFinding): string {
  const status = STATUS_WORDS[finding.status];
  const code = finding.code ? ` (${finding.code})` : '';
  const statusText = finding.label.toLowerCase().includes(status) ? '' : `, ${status}`;
  const since = finding.onset ? ` since ${formatDate(finding.onset).slice(0, 4)}` : '';
  return `${finding.label}${code}${statusText}${since}`;
}

function Problem({ error }: { error: unknown }) {
  return <span className="fact-problem">{describeReadProblem(error)}</span>;
}

/** "Why this handout": each line degrades on its own when its read fails. */
export function RelevancePanel({ chart }: { chart: Chart }) {
  const { conditions, medications, patient, priorDocuments, priorProcedures } = chart;
  const oud = conditions.data ? findOud(conditions.data.matches) : [];
  const meds = medications.data
    ? classifyMedications(medications.data.matches, medications.data.medications)
    : undefined;
  const language = patient.data ? preferredLanguage(patient.data) : undefined;
  const history =
    priorDocuments.data || priorProcedures.data
      ? priorEducation(priorDocuments.data?.matches ?? [], priorProcedures.data?.matches ?? [])
      : undefined;

  return (
    <section className="relevance app-chrome" aria-labelledby="relevance-title">
      <h2 id="relevance-title">Why this handout</h2>
      <ul className="facts">
        <li data-testid="fact-oud">
          <strong>Problem list: </strong>
          {conditions.isPending ? 'Loading…' : null}
          {conditions.isError ? <Problem error={conditions.error} /> : null}
          {conditions.data && oud.length === 0 ? 'No opioid use disorder recorded.' : null}
          {oud.map((finding) => (
            <span key={finding.conditionId ?? finding.label} className="fact-item" dir="auto">
              {describeOud(finding)}
            </span>
          ))}
          {conditions.data?.truncated ? (
            <span className="fact-note"> (first pages only)</span>
          ) : null}
        </li>
        <li data-testid="fact-medications">
          <strong>Opioid agonist therapy: </strong>
          {medications.isPending ? 'Loading…' : null}
          {medications.isError ? <Problem error={medications.error} /> : null}
          {meds && meds.agonists.length === 0 ? 'None on the medication list.' : null}
          {meds?.agonists.map((a) => (
            <span key={a.name} className="fact-item" dir="auto">
              {a.name}
            </span>
          ))}
        </li>
        <li
          data-testid="fact-naloxone"
          className={meds && meds.naloxone.length === 0 ? 'fact-alert' : ''}
        >
          <strong>Naloxone: </strong>
          {medications.isPending ? 'Loading…' : null}
          {medications.isError ? <Problem error={medications.error} /> : null}
          {meds && meds.naloxone.length > 0
            ? `On the list (${meds.naloxone.map((n) => n.name).join(', ')}).`
            : null}
          {meds && meds.naloxone.length === 0
            ? 'Not on the medication list. Discuss a take-home naloxone kit (highlighted in the handout).'
            : null}
        </li>
        <li
          data-testid="fact-language"
          className={language && !language.matchesEdition ? 'fact-alert' : ''}
        >
          <strong>Preferred language: </strong>
          {patient.isError ? <Problem error={patient.error} /> : null}
          {patient.data && !language ? 'Not recorded.' : null}
          {language?.matchesEdition ? language.name : null}
          {language && !language.matchesEdition
            ? `${language.name}. Only the English (Canada) edition of this handout exists: check understanding or use an interpreter.`
            : null}
        </li>
        <li data-testid="fact-history">
          <strong>Previously given: </strong>
          {priorDocuments.isPending && priorProcedures.isPending ? 'Loading…' : null}
          {priorDocuments.isError && priorProcedures.isError ? (
            <Problem error={priorDocuments.error} />
          ) : null}
          {history && history.length === 0 ? 'Not documented before.' : null}
          {history?.slice(0, 3).map((h) => (
            <span key={`${h.resourceType}/${h.id}`} className="fact-item" dir="auto">
              {formatDate(h.date)}
              {h.by ? ` by ${h.by}` : ''}
            </span>
          ))}
        </li>
      </ul>
    </section>
  );
}
