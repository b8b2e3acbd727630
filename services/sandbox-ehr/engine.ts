/**
 * The sandbox EHR's FHIR engine, for the unit tests' FHIR server (tests/support/fhirTestServer.ts)
 * and the tests that check what a profile accepts: the one entry the rest of the repository
 * imports from the sandbox, besides starting it (server.ts).
 */
export { loadFhirDefinitions } from './fhirDefinitions';
export { countMatches, routeRequest } from './fhir/fhirResult';
export { addIncludes, takeInclude } from './fhir/searchInclude';
export {
  applyPaging,
  decorateSearchset,
  normaliseReferenceParams,
  requireKnownSearchParams,
} from './fhir/searchQuery';
export { FhirHttpError } from './outcome';
export { PROFILE_RULES, type Profile } from './profiles';
export { SandboxRepository } from './store/sandboxRepository';
export { checkProfileWriteRules } from './validation/profileWriteRules';
export { validateForWrite } from './validation/validateResource';
