import type { Resource } from '@medplum/fhirtypes';
import { isObject } from '../errors';

/**
 * The one place chart data is checked as it enters the app: every resource from readResource and
 * searchAll passes through checkResource, keyed by resourceType, so a new read gets it by using
 * the shared functions. Per field, never per resource:
 * - a known field of the wrong type (`description: 42`, `coding` as an object, `birthDate` as
 *   an object) is removed, so it reads as "not recorded", and its path is kept for
 *   `unreadableFields` (the line can say the EHR sent something unreadable);
 * - every string is cut at MAX_CHART_STRING characters with a visible "…" (a 1 MB name must not
 *   reach layout or the PDF), and every list inside a resource at MAX_CHART_ITEMS;
 * - fields the app does not know are kept, with the same caps applied.
 * Attachment `data` and `url` are not cut: the write path reads its own note text from them.
 */

export const MAX_CHART_STRING = 200;
export const MAX_CHART_ITEMS = 50;
export const ELLIPSIS = '…';

type Spec = 'string' | 'number' | 'boolean' | 'any' | { [field: string]: Spec } | [Spec];

const STRING_UNCAPPED = new Set(['data', 'url']);

const coding: Spec = { system: 'string', code: 'string', display: 'string', version: 'string' };
const concept: Spec = { text: 'string', coding: [coding] };
const reference: Spec = { reference: 'string', display: 'string', type: 'string' };
const identifier: Spec = { system: 'string', value: 'string', use: 'string' };
const period: Spec = { start: 'string', end: 'string' };
const quantity: Spec = { value: 'number', unit: 'string', system: 'string', code: 'string' };
const humanName: Spec = {
  use: 'string',
  text: 'string',
  family: 'string',
  given: ['string'],
  prefix: ['string'],
  suffix: ['string'],
};
const dosage: Spec = { text: 'string', patientInstruction: 'string', sequence: 'number' };
const attachment: Spec = {
  contentType: 'string',
  language: 'string',
  data: 'string',
  url: 'string',
  size: 'number',
  hash: 'string',
  title: 'string',
  creation: 'string',
};
const medication: Record<string, Spec> = {
  status: 'string',
  medicationCodeableConcept: concept,
  medicationReference: reference,
  subject: reference,
};

const COMMON: Record<string, Spec> = {
  resourceType: 'string',
  id: 'string',
  meta: { versionId: 'string', lastUpdated: 'string' },
  identifier: [identifier],
};

const SPECS: Record<string, Record<string, Spec>> = {
  Patient: {
    name: [humanName],
    birthDate: 'string',
    gender: 'string',
    active: 'boolean',
    deceasedBoolean: 'boolean',
    deceasedDateTime: 'string',
    communication: [{ language: concept, preferred: 'boolean' }],
  },
  Practitioner: { name: [humanName], active: 'boolean' },
  Encounter: {
    status: 'string',
    class: coding,
    type: [concept],
    subject: reference,
    period,
    serviceProvider: reference,
  },
  Condition: {
    clinicalStatus: concept,
    verificationStatus: concept,
    category: [concept],
    code: concept,
    subject: reference,
    encounter: reference,
    onsetDateTime: 'string',
    abatementDateTime: 'string',
    recordedDate: 'string',
  },
  MedicationRequest: {
    ...medication,
    intent: 'string',
    authoredOn: 'string',
    requester: reference,
    dosageInstruction: [dosage],
  },
  Medication: { code: concept, status: 'string' },
  MedicationStatement: {
    ...medication,
    effectiveDateTime: 'string',
    effectivePeriod: period,
    dateAsserted: 'string',
    dosage: [dosage],
  },
  MedicationDispense: {
    ...medication,
    whenPrepared: 'string',
    whenHandedOver: 'string',
    quantity,
    daysSupply: quantity,
    dosageInstruction: [dosage],
  },
  MedicationAdministration: {
    ...medication,
    effectiveDateTime: 'string',
    effectivePeriod: period,
    dosage: { text: 'string' },
  },
  DocumentReference: {
    status: 'string',
    docStatus: 'string',
    type: concept,
    category: [concept],
    subject: reference,
    date: 'string',
    author: [reference],
    description: 'string',
    securityLabel: [concept],
    content: [{ attachment, format: coding }],
    context: { encounter: [reference], period },
  },
  Procedure: {
    status: 'string',
    category: concept,
    code: concept,
    subject: reference,
    encounter: reference,
    performedDateTime: 'string',
    performedPeriod: period,
    recorder: reference,
    performer: [{ actor: reference }],
    reasonCode: [concept],
    reasonReference: [reference],
    report: [reference],
    note: [{ text: 'string' }],
  },
};

const unreadable = new WeakMap<object, string[]>();

/** Paths of fields the EHR sent in a form the app cannot read (removed by checkResource). */
export function unreadableFields(resource: object | undefined): string[] {
  return (resource && unreadable.get(resource)) ?? [];
}

/**
 * Checks one resource (see the module comment). Returns a new object; the caller has already
 * made sure it is an object with a string resourceType.
 */
export function checkResource<T extends Resource>(raw: Record<string, unknown>): T {
  const type = typeof raw.resourceType === 'string' ? raw.resourceType : '';
  const spec = { ...(SPECS[type] ?? {}), ...COMMON };
  const issues: string[] = [];
  const checked = checkObject(raw, spec, type, issues);
  if (issues.length) unreadable.set(checked, issues);
  return checked as unknown as T;
}

function checkObject(
  value: Record<string, unknown>,
  spec: Record<string, Spec>,
  path: string,
  issues: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    // JSON.parse makes `__proto__` an own key; copying it by assignment would set a prototype.
    if (key === '__proto__') continue;
    const fieldSpec = Object.hasOwn(spec, key) ? spec[key] : undefined;
    const checked = check(field, fieldSpec ?? 'any', `${path}.${key}`, key, issues);
    if (checked !== undefined) out[key] = checked;
  }
  return out;
}

function check(value: unknown, spec: Spec, path: string, key: string, issues: string[]): unknown {
  if (value === undefined) return undefined;
  if (spec === 'any') return capAny(value, key);
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return wrong(path, issues);
    const items = value
      .slice(0, MAX_CHART_ITEMS)
      .map((item, i) => check(item, spec[0], `${path}[${i}]`, key, issues))
      .filter((item) => item !== undefined);
    return items;
  }
  if (typeof spec === 'object') {
    return isObject(value) ? checkObject(value, spec, path, issues) : wrong(path, issues);
  }
  if (typeof value !== spec) return wrong(path, issues);
  if (spec === 'number' && !Number.isFinite(value)) return wrong(path, issues);
  return typeof value === 'string' ? capString(value, key) : value;
}

function wrong(path: string, issues: string[]): undefined {
  issues.push(path);
  return undefined;
}

function capString(value: string, key: string): string {
  if (STRING_UNCAPPED.has(key) || value.length <= MAX_CHART_STRING) return value;
  // Cut on code points, not UTF-16 units, so no half of a surrogate pair is left behind.
  return `${Array.from(value.slice(0, MAX_CHART_STRING * 2))
    .slice(0, MAX_CHART_STRING - 1)
    .join('')}${ELLIPSIS}`;
}

/** Fields the app does not know: kept, with the same size caps. */
function capAny(value: unknown, key: string, depth = 0): unknown {
  if (typeof value === 'string') return capString(value, key);
  if (depth > 20) return undefined;
  if (Array.isArray(value))
    return value.slice(0, MAX_CHART_ITEMS).map((item) => capAny(item, key, depth + 1));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (k !== '__proto__') out[k] = capAny(v, k, depth + 1);
    return out;
  }
  return value;
}
