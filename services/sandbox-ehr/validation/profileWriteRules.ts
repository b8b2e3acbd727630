import type { DocumentReference, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { issue } from '../outcome';
import type { Profile } from '../profiles';
import { visitElements } from './visitElements';

export interface WriteRuleContext {
  profile: Profile;
  /** The FHIR base of the request, to accept absolute author references. */
  base: string;
  /** The signed-in user as a relative reference, e.g. `Practitioner/pr-chen`. */
  fhirUser?: string;
}

interface ParsedContentType {
  mediaType: string;
  params: Map<string, string>;
}

function parseContentType(value: string): ParsedContentType {
  const [mediaType = '', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const part of rest) {
    const [key, val] = part.split('=');
    if (key && val) {
      params.set(key.trim().toLowerCase(), val.trim().replace(/^"|"$/g, ''));
    }
  }
  return { mediaType: mediaType.trim().toLowerCase(), params };
}

/** Oracle Millennium rejects date-only values: every dateTime must carry a time. */
function requireTimeOnDateTimes(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  visitElements(resource, (value) => {
    if (
      value.type === 'dateTime' &&
      typeof value.value === 'string' &&
      !value.value.includes('T')
    ) {
      issues.push(
        issue(
          'business-rule',
          `This EHR requires a time on every date: "${value.value}" has none (use e.g. ${value.value.length === 10 ? value.value : '2026-01-31'}T10:00:00Z)`,
          value.path,
        ),
      );
    }
  });
  return issues;
}

function oracleDocumentRules(
  doc: DocumentReference,
  ctx: WriteRuleContext,
): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const contents = doc.content ?? [];
  if (contents.length !== 1) {
    issues.push(
      issue(
        'business-rule',
        `This EHR accepts exactly one DocumentReference.content entry, found ${contents.length}`,
        'DocumentReference.content',
      ),
    );
  }
  contents.forEach((content, i) => {
    const contentType = content.attachment.contentType;
    if (!contentType) {
      return;
    }
    const parsed = parseContentType(contentType);
    if (parsed.mediaType.startsWith('text/') && !parsed.params.has('charset')) {
      issues.push(
        issue(
          'business-rule',
          `Text content types must name a charset, e.g. "${parsed.mediaType}; charset=utf-8"`,
          `DocumentReference.content[${i}].attachment.contentType`,
        ),
      );
    }
  });
  const authors = doc.author ?? [];
  if (authors.length > 1) {
    issues.push(
      issue(
        'business-rule',
        'This EHR accepts one author, the signed-in user',
        'DocumentReference.author',
      ),
    );
  }
  const allowed = ctx.fhirUser ? [ctx.fhirUser, `${ctx.base}/${ctx.fhirUser}`] : [];
  authors.forEach((author, i) => {
    if (!author.reference || !allowed.includes(author.reference)) {
      issues.push(
        issue(
          'business-rule',
          `The author must be the signed-in user (${ctx.fhirUser ?? 'none in this token'})`,
          `DocumentReference.author[${i}]`,
        ),
      );
    }
  });
  return issues;
}

function epicDocumentRules(doc: DocumentReference): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  // `?? []` because rules may run on bodies that failed validation too.
  (doc.content ?? []).forEach((content, i) => {
    const path = `DocumentReference.content[${i}].attachment`;
    const { mediaType } = parseContentType(content.attachment.contentType ?? '');
    if (mediaType !== 'text/plain') {
      issues.push(
        issue(
          'business-rule',
          `This EHR stores notes as text/plain only, not "${content.attachment.contentType ?? ''}"`,
          `${path}.contentType`,
        ),
      );
    }
    if (!content.attachment.data || content.attachment.url) {
      issues.push(
        issue('business-rule', 'The note text must be inline base64 `data`, not a `url`', path),
      );
    }
  });
  if (!doc.context?.encounter?.length) {
    issues.push(
      issue(
        'business-rule',
        'This EHR files notes against an encounter: context.encounter is required',
        'DocumentReference.context.encounter',
      ),
    );
  }
  return issues;
}

/** The profile's own rules for a resource being created (beyond FHIR validity). */
export function checkProfileWriteRules(
  resource: Resource,
  ctx: WriteRuleContext,
): OperationOutcomeIssue[] {
  if (ctx.profile === 'no-transaction') {
    return [
      ...(resource.resourceType === 'DocumentReference' ? oracleDocumentRules(resource, ctx) : []),
      ...requireTimeOnDateTimes(resource),
    ];
  }
  if (ctx.profile === 'notes-only' && resource.resourceType === 'DocumentReference') {
    return epicDocumentRules(resource);
  }
  return [];
}
