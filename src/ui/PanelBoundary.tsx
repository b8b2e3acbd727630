import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  /** What the panel is, for the fallback text ("the patient banner"). */
  name: string;
  children: ReactNode;
}

/**
 * One panel that cannot render (a malformed resource from the EHR, a bug) must not blank the
 * screen: the rest keeps working and the draft stays in sessionStorage.
 */
export class PanelBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Deliberately not logged: the error may quote patient data.
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p className="panel-failed app-chrome" role="alert">
        {`Part of the screen (${this.props.name}) could not be shown, probably because the EHR sent data the app cannot read. Anything you typed is kept in this tab.`}
      </p>
    );
  }
}
