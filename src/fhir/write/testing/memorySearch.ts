import type { Resource } from '@medplum/fhirtypes';

/** Search matching for the in-memory test server: only the parameters the write path uses. */

interface Loose {
  subject?: { reference?: string };
  identifier?: { system?: string; value?: string }[];
  type?: { coding?: { system?: string; code?: string }[] };
  date?: string;
  performedDateTime?: string;
  recorded?: string;
  target?: { reference?: string }[];
  agent?: { who?: { reference?: string } }[];
  encounter?: { reference?: string };
  meta?: { tag?: { system?: string; code?: string }[] };
}

function refMatches(ref: string | undefined, value: string, type: string): boolean {
  if (!ref) return false;
  const wanted = value.includes('/') ? value : `${type}/${value}`;
  return ref === wanted || ref.endsWith(`/${wanted}`);
}

function dateMatches(actual: string | undefined, value: string): boolean {
  if (!actual) return false;
  const prefix = /^(ge|le|gt|lt|eq)/.exec(value)?.[1] ?? 'eq';
  const wanted = Date.parse(value.slice(prefix === 'eq' && !value.startsWith('eq') ? 0 : 2));
  const time = Date.parse(actual);
  switch (prefix) {
    case 'ge':
      return time >= wanted;
    case 'gt':
      return time > wanted;
    case 'le':
      return time <= wanted;
    case 'lt':
      return time < wanted;
    default:
      return Math.floor(time / 1000) === Math.floor(wanted / 1000);
  }
}

export function matches(resource: Resource, name: string, value: string): boolean {
  const r = resource as unknown as Loose;
  switch (name) {
    case 'patient':
    case 'subject':
      return refMatches(r.subject?.reference, value, 'Patient');
    case 'encounter':
      return refMatches(r.encounter?.reference, value, 'Encounter');
    case 'identifier': {
      const [system, code] = value.includes('|') ? value.split('|') : [undefined, value];
      return (r.identifier ?? []).some(
        (i) => i.value === code && (system === undefined || i.system === system),
      );
    }
    case 'type': {
      const [system, code] = value.split('|');
      return (r.type?.coding ?? []).some((c) => c.system === system && c.code === code);
    }
    case 'date':
      return dateMatches(r.date ?? r.performedDateTime, value);
    case 'recorded':
      return dateMatches(r.recorded, value);
    case 'target':
      return (r.target ?? []).some((t) => refMatches(t.reference, value, ''));
    case '_tag': {
      const [system, code] = value.includes('|') ? value.split('|') : [undefined, value];
      return (r.meta?.tag ?? []).some(
        (t) => t.code === code && (system === undefined || t.system === system),
      );
    }
    case 'agent':
      return (r.agent ?? []).some((a) => refMatches(a.who?.reference, value, ''));
    default:
      return false; // an unknown parameter matches nothing (a strict server)
  }
}
