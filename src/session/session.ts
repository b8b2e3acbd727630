import type { AppConfig, IssuerConfig } from '../config/appConfig';
import type { LaunchContext } from '../fhir/context';
import type { FhirTransport } from '../fhir/transport';

/** A completed launch: what every screen below App works with. */
export interface Session {
  config: AppConfig;
  issuer: IssuerConfig;
  context: LaunchContext;
  transport: FhirTransport;
}
