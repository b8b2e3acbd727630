/** What the EHR told us at launch. Every read is scoped by it and every write is checked against it. */
export interface LaunchContext {
  /** The FHIR base URL (the launch's `iss`). */
  serverUrl: string;
  patientId: string;
  encounterId?: string;
  /** Relative reference of the signed-in user, e.g. `Practitioner/pr-chen`. */
  fhirUser?: string;
  /** Scopes the server granted (the token response's `scope`), split on spaces. */
  grantedScopes: string[];
  needPatientBanner: boolean;
  smartStyleUrl?: string;
}
