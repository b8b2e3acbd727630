/** CDS Hooks 2.0 wire types this service reads and writes (https://cds-hooks.hl7.org/2.0/). */
import type { Resource } from '@medplum/fhirtypes';

export type HookName = 'patient-view' | 'order-sign' | 'encounter-discharge';

export interface FhirAuthorization {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  subject: string;
  patient?: string;
}

export interface HookRequest {
  hook: string;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: FhirAuthorization;
  context: Record<string, unknown>;
  /** Keyed by the prefetch template names in discovery; `null` means the client found nothing. */
  prefetch?: Record<string, Resource | null | undefined>;
}

export interface Link {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

export interface Action {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Resource;
}

export interface Suggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: Action[];
}

export interface Card {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: {
    label: string;
    url?: string;
    topic?: { system: string; code: string; display: string };
  };
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  links?: Link[];
}

export interface ServiceDefinition {
  id: string;
  hook: HookName;
  title: string;
  description: string;
  prefetch: Record<string, string>;
  usageRequirements?: string;
}
