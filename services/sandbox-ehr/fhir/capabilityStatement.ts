import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import { getSearchParameter } from '@medplum/core';
import type { Profile } from '../profiles';
import { PROFILE_RULES, READABLE_TYPES } from '../profiles';
import { supportedInclude } from './searchInclude';

/** Search parameters worth declaring; only those the type really has are listed. */
const DECLARED_SEARCH_PARAMS = [
  '_id',
  '_lastUpdated',
  'patient',
  'subject',
  'encounter',
  'identifier',
  'status',
  'clinical-status',
  'category',
  'code',
  'type',
  'date',
  'name',
  'target',
];

function searchParams(resourceType: string): CapabilityStatementRestResourceSearchParam[] {
  return DECLARED_SEARCH_PARAMS.flatMap((name) => {
    const definition = getSearchParameter(resourceType, name);
    return definition ? [{ name, type: definition.type, definition: definition.url }] : [];
  });
}

/**
 * The profile's CapabilityStatement. It must be truthful: the app chooses its write
 * plan from `rest.interaction` (transaction), per-type `create` and `conditionalCreate`.
 */
export function buildCapabilityStatement(
  profile: Profile,
  base: string,
  authorizeUrl: string,
  tokenUrl: string,
): CapabilityStatement {
  const rules = PROFILE_RULES[profile];
  const resources: CapabilityStatementRestResource[] = READABLE_TYPES.map((type) => {
    const creatable = rules.creatableTypes.includes(type);
    const updatable = rules.updatableTypes.includes(type);
    const include = supportedInclude(type);
    return {
      type,
      interaction: [
        { code: 'read' },
        { code: 'search-type' },
        ...(creatable ? [{ code: 'create' as const }] : []),
        ...(updatable ? [{ code: 'update' as const }] : []),
      ],
      versioning: 'versioned',
      readHistory: false,
      updateCreate: false,
      conditionalCreate: creatable && rules.conditionalCreate,
      conditionalUpdate: false,
      conditionalDelete: 'not-supported',
      ...(include ? { searchInclude: [include] } : {}),
      searchParam: searchParams(type),
    };
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-27',
    publisher: 'Heroin education SMART app sandbox (synthetic data only)',
    kind: 'instance',
    software: { name: 'Sandbox EHR', version: '1.0.0' },
    implementation: {
      description: `Sandbox EHR, profile "${profile}": ${rules.description}`,
      url: base,
    },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
              text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)',
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: authorizeUrl },
                { url: 'token', valueUri: tokenUrl },
              ],
            },
          ],
        },
        resource: resources,
        interaction: rules.transactions ? [{ code: 'transaction' }, { code: 'batch' }] : [],
      },
    ],
  };
}
