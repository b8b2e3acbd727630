import type { ReactNode } from 'react';
import type { Condition, DocumentReference, Patient, Procedure } from '@medplum/fhirtypes';
import { useSession } from '../../session/SessionContext';
import type { ClinicalModule } from '../../clinical';
import { medicationInput } from './clinical';
import type { MedicationReads } from './clinical';
import {
  NO_RESCUE_NALOXONE,
  TABLES_FAILED,
  capped,
  describeAgonist,
  describeHistory,
  describeLanguage,
  describeNaloxone,
  describeOlderNaloxone,
  NO_RECENT_NALOXONE,
  OLDER_NALOXONE_LABEL,
  describeOverdose,
  describeProblem,
  orderOverdoses,
  orderProblems,
} from './panelText';
import type { Read } from './read';
import { describeReadProblem } from './readProblem';
import { unreadableNote } from './unreadableNote';

interface Search<T> {
  matches: T[];
  truncated: boolean;
}

/** The chart reads the panel uses; the app's `Chart` fits, and tests pass plain objects. */
export interface PanelChart extends MedicationReads {
  clinical: Read<ClinicalModule>;
  patient: Read<Patient>;
  conditions: Read<Search<Condition>>;
  priorDocuments: Read<Search<DocumentReference>>;
  priorProcedures: Read<Search<Procedure>>;
}

function Problem({ error }: { error: unknown }) {
  return <span className="fact-problem">{describeReadProblem(error)}</span>;
}

/** Fields the EHR sent unreadably (dropped at the read boundary): the line may be incomplete. */
function Unreadable({ resources }: { resources: readonly (object | undefined)[] }) {
  const note = unreadableNote(resources);
  return note ? <span className="fact-problem fact-item">{note}</span> : null;
}

function Items({ items }: { items: readonly string[] }) {
  const { shown, more } = capped(items);
  return (
    <>
      {shown.map((text, i) => (
        <span key={`${i}:${text}`} className="fact-item" dir="auto">
          {text}
        </span>
      ))}
      {more > 0 ? <span className="fact-more"> and {more} more</span> : null}
    </>
  );
}

interface LineProps {
  testId: string;
  label: string;
  alert?: boolean;
  children: ReactNode;
}

function Line({ testId, label, alert = false, children }: LineProps) {
  return (
    <li data-testid={testId} className={alert ? 'fact-alert' : ''}>
      <strong>{label} </strong>
      {children}
    </li>
  );
}

/**
 * What a line can say before its own content: still loading, its read failed, or the
 * clinical tables failed (never a reassuring default). `undefined` means: show the content.
 */
function gate(
  tables: Read<ClinicalModule>,
  reads: readonly Read<unknown>[],
): ReactNode | undefined {
  const failed = reads.find((r) => r.isError);
  if (failed) return <Problem error={failed.error} />;
  if (tables.isError) return <span className="fact-problem">{TABLES_FAILED}</span>;
  if (tables.isPending || reads.some((r) => r.isPending)) return 'Loading…';
  return undefined;
}

const MEDICATION_READS = [
  ['medicationRequests', 'Medication orders'],
  ['medicationStatements', 'Reported medications'],
  ['medicationDispenses', 'Dispensed medications'],
  ['medicationAdministrations', 'Medications given in clinic'],
] as const;

/** A medication read that failed is named; the others still count (each degrades on its own). */
function MedicationGaps({ chart }: { chart: MedicationReads }) {
  const gaps = MEDICATION_READS.filter(([key]) => chart[key].isError);
  return (
    <>
      {gaps.map(([key, name]) => (
        <span key={key} className="fact-problem fact-item">
          {name}: {describeReadProblem(chart[key].error)}
        </span>
      ))}
    </>
  );
}

function medicationGate(chart: PanelChart): ReactNode | undefined {
  const reads = MEDICATION_READS.map(([key]) => chart[key]);
  if (reads.every((r) => r.isError)) return <Problem error={reads[0]?.error} />;
  return gate(
    chart.clinical,
    reads.filter((r) => !r.isError),
  );
}

function useFindings(chart: PanelChart, module: ClinicalModule | undefined) {
  const { context } = useSession();
  const conditions = chart.conditions.data?.matches;
  const input = medicationInput(chart, context.serverUrl, new Date(), conditions);
  const overdoses = module && conditions ? orderOverdoses(module.findOverdoses(conditions)) : [];
  // An overdose is shown on its own line; listing it again among the problems adds nothing.
  const overdoseIds = new Set(overdoses.map((o) => o.evidence.id));
  const problems =
    module && conditions
      ? orderProblems(module.findProblems(conditions)).filter(
          (p) => p.kind === 'oud' || !overdoseIds.has(p.evidence.id),
        )
      : [];
  return {
    problems,
    overdoses,
    meds: module && input ? module.classifyMedications(input) : undefined,
    language:
      module && chart.patient.data ? module.preferredLanguage(chart.patient.data) : undefined,
    history:
      module && (chart.priorDocuments.data || chart.priorProcedures.data)
        ? module.priorEducation(
            chart.priorDocuments.data?.matches ?? [],
            chart.priorProcedures.data?.matches ?? [],
          )
        : [],
  };
}

/** "Why this handout": each line degrades on its own when its read fails. */
export function RelevancePanel({ chart }: { chart: PanelChart }) {
  const tables = chart.clinical;
  const module = tables.data;
  const { problems, overdoses, meds, language, history } = useFindings(chart, module);
  const conditionsGate = gate(tables, [chart.conditions]);
  const medsGate = medicationGate(chart);
  const languageGate = gate(tables, [chart.patient]);
  const historyReads = [chart.priorDocuments, chart.priorProcedures];
  // The DocumentReference read decides: every plan writes one, and notes-only writes
  // nothing else, so without it "not documented before" would be a guess. A failed Procedure
  // read alone still lets the line speak (each event also has its DocumentReference).
  const historyGate = chart.priorDocuments.isError ? (
    <Problem error={chart.priorDocuments.error} />
  ) : (
    gate(
      tables,
      historyReads.filter((r) => !r.isError),
    )
  );
  const truncated = chart.conditions.data?.truncated ? (
    <span className="fact-note"> (first pages only)</span>
  ) : null;
  const noRescue = Boolean(meds && meds.rescueNaloxone.length === 0) || tables.isError;
  const conditionResources = chart.conditions.data?.matches ?? [];
  const medicationResources = MEDICATION_READS.flatMap(([key]) => [
    ...(chart[key].data?.matches ?? []),
    ...(chart[key].data?.medications ?? []),
  ]);
  const historyResources = [
    ...(chart.priorDocuments.data?.matches ?? []),
    ...(chart.priorProcedures.data?.matches ?? []),
  ];
  const languageAlert = Boolean(language && (!language.isEnglish || language.interpreterRequired));

  return (
    <section className="relevance app-chrome" aria-labelledby="relevance-title">
      <h2 id="relevance-title">Why this handout</h2>
      <ul className="facts">
        <Line testId="fact-oud" label="Problem list:">
          {conditionsGate ?? (
            <>
              {problems.some((p) => p.kind === 'oud') ? null : 'No opioid use disorder recorded. '}
              <Items items={problems.map(describeProblem)} />
              {truncated}
              <Unreadable resources={conditionResources} />
            </>
          )}
        </Line>
        <Line testId="fact-overdose" label="Overdose history:">
          {conditionsGate ?? (
            <>
              {overdoses.length === 0 ? 'None recorded.' : null}
              <Items items={overdoses.map(describeOverdose)} />
              {truncated}
              <Unreadable resources={conditionResources} />
            </>
          )}
        </Line>
        <Line testId="fact-medications" label="Opioid agonist therapy:">
          {medsGate ?? (
            <>
              {meds?.agonists.length === 0 ? 'None on the medication list.' : null}
              <Items items={meds?.agonists.map(describeAgonist) ?? []} />
              <MedicationGaps chart={chart} />
              <Unreadable resources={medicationResources} />
            </>
          )}
        </Line>
        <Line testId="fact-naloxone" label="Naloxone:" alert={noRescue}>
          {medsGate ?? (
            <>
              {meds && meds.rescueNaloxone.length > 0 ? 'On the medication list: ' : null}
              <Items items={meds?.rescueNaloxone.map(describeNaloxone) ?? []} />
              {meds && meds.rescueNaloxone.length === 0
                ? meds.olderNaloxone.length > 0
                  ? NO_RECENT_NALOXONE
                  : NO_RESCUE_NALOXONE
                : null}
              {meds && meds.olderNaloxone.length > 0 ? (
                <span className="fact-item">
                  {OLDER_NALOXONE_LABEL} {meds.olderNaloxone.map(describeOlderNaloxone).join('; ')}
                </span>
              ) : null}
              {meds && meds.otherNaloxone.length > 0 ? (
                <span className="fact-item">
                  Inpatient-only, not counted as a take-home kit:{' '}
                  {meds.otherNaloxone.map(describeNaloxone).join('; ')}
                </span>
              ) : null}
              <MedicationGaps chart={chart} />
              <Unreadable resources={medicationResources} />
            </>
          )}
        </Line>
        <Line testId="fact-language" label="Preferred language:" alert={languageAlert}>
          {languageGate ?? (
            <>
              {language ? describeLanguage(language) : 'Not recorded.'}
              <Unreadable resources={[chart.patient.data]} />
            </>
          )}
        </Line>
        <Line testId="fact-history" label="Previously given:">
          {historyGate ??
            (history.length === 0 ? (
              <>
                Not documented before.
                <Unreadable resources={historyResources} />
              </>
            ) : (
              <>
                <Items items={history.slice(0, 3).map(describeHistory)} />
                <Unreadable resources={historyResources} />
              </>
            ))}
        </Line>
      </ul>
    </section>
  );
}
