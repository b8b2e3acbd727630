import type { LaunchProblem } from './completeLaunch';

const RELAUNCH = "Close this window and open the app again from the patient's chart.";

function describe(problem: LaunchProblem): { title: string; body: string; detail?: string } {
  switch (problem.kind) {
    case 'config':
      return {
        title: 'The app is not configured correctly',
        body: 'Ask your EHR administrator to fix the app configuration.',
        detail: problem.message,
      };
    case 'ehr-error':
      return {
        title: 'The EHR did not let the app sign in',
        body: `${RELAUNCH} If it happens again, ask your EHR administrator.`,
        detail: `${problem.error}${problem.description ? `: ${problem.description}` : ''}`,
      };
    case 'no-launch':
      return {
        title: 'Open the app from the patient’s chart',
        body: `This page was opened without a launch from the EHR, or the launch is too old. ${RELAUNCH}`,
      };
    case 'token-refused':
      return {
        title: 'The EHR refused the sign-in',
        body: `The sign-in could not be completed (the code may have expired or been used already). ${RELAUNCH}`,
      };
    case 'unknown-server':
      return {
        title: 'Unknown EHR server',
        body: 'The launch came from a FHIR server this app is not set up to trust. Nothing was read.',
      };
    case 'no-patient':
      return {
        title: 'No patient selected',
        body: `The EHR did not say which patient is open. ${RELAUNCH}`,
      };
    case 'bad-context':
      return {
        title: 'The launch was refused',
        body: `The EHR sent a ${problem.field} identifier that is not a valid FHIR id, so the app cannot be sure whose chart it would read or write. Nothing was read or written. ${RELAUNCH} If it happens again, ask your EHR administrator.`,
      };
  }
}

/** A calm page for every way a launch can fail; never a blank screen. */
export function LaunchProblemPage({ problem }: { problem: LaunchProblem }) {
  const { title, body, detail } = describe(problem);
  return (
    <main className="problem-page">
      <h1>{title}</h1>
      <p>{body}</p>
      {detail ? (
        <details>
          <summary>Technical details</summary>
          <p className="detail">{detail}</p>
        </details>
      ) : null}
    </main>
  );
}
