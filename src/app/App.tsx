import { useSession } from '../session/SessionContext';
import { PanelBoundary } from '../ui/PanelBoundary';
import { PatientBanner } from '../features/context/PatientBanner';
import { RelevancePanel } from '../features/context/RelevancePanel';
import { describeReadProblem, isSessionOver } from '../features/context/readProblem';
import { useChart } from '../features/context/useChart';
import { DocumentationWorkspace } from '../features/documentation/DocumentationWorkspace';

/** One screen: who, why, the handout, and documenting it. */
export function App() {
  const { context } = useSession();
  const chart = useChart();
  const sessionOver = Object.values(chart).some((q) => isSessionOver(q.error));

  return (
    <main className="app app-print-plain">
      {context.needPatientBanner ? (
        <PanelBoundary name="the patient banner">
          <PatientBanner
            patient={chart.patient.data}
            problem={chart.patient.isError ? describeReadProblem(chart.patient.error) : undefined}
          />
        </PanelBoundary>
      ) : null}
      {sessionOver ? (
        <p className="session-over app-chrome" role="alert">
          Your session with the EHR has ended. Anything you typed is kept in this browser tab: open
          the app again from the patient’s chart to continue.
        </p>
      ) : null}
      <PanelBoundary name="why this handout">
        <RelevancePanel chart={chart} />
      </PanelBoundary>
      <PanelBoundary name="the handout and the documentation form">
        <DocumentationWorkspace chart={chart} />
      </PanelBoundary>
    </main>
  );
}
