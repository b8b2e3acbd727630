/**
 * The unit tests' FHIR server is the sandbox EHR's engine (tests/support/fhirTestServer.ts).
 * These names stay so the tests that import them keep working.
 */
export {
  createFhirTestServer as createMemoryFhirServer,
  type FaultResponse,
  type FhirTestServer as MemoryFhirServer,
  type FhirTestServerOptions as MemoryServerOptions,
  type LoggedRequest,
} from '../../../../tests/support/fhirTestServer';
