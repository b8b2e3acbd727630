import { OperationOutcomeError, validateResource } from '@medplum/core';
import type {
  Attachment,
  CodeableConcept,
  Coding,
  OperationOutcomeIssue,
  Resource,
} from '@medplum/fhirtypes';
import { issue } from '../outcome';
import { expandValueSet } from './valueSets';
import { visitElements } from './visitElements';

function codingMatches(coding: Coding | undefined, systemCodes: Set<string>): boolean {
  return Boolean(
    coding?.system && coding.code && systemCodes.has(`${coding.system}|${coding.code}`),
  );
}

/**
 * What MemoryRepository skips: @medplum/core's validateResource checks structure,
 * cardinality and primitive formats but treats required bindings as always satisfied,
 * so `DocumentReference.status: "bogus"` would be stored. Check every required binding
 * whose value set is enumerable offline (status codes, gender, docStatus...).
 */
function checkRequiredBindings(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  visitElements(resource, (value, element) => {
    const binding = element.binding;
    if (binding?.strength !== 'required' || !binding.valueSet) {
      return;
    }
    const expansion = expandValueSet(binding.valueSet);
    if (!expansion) {
      return;
    }
    const valueSetName = binding.valueSet.split('|')[0] ?? binding.valueSet;
    if (value.type === 'code' || value.type === 'string' || value.type === 'uri') {
      if (typeof value.value === 'string' && !expansion.codes.has(value.value)) {
        issues.push(
          issue(
            'code-invalid',
            `Value "${value.value}" is not in the required value set ${valueSetName}`,
            value.path,
          ),
        );
      }
    } else if (value.type === 'Coding') {
      if (!codingMatches(value.value as Coding, expansion.systemCodes)) {
        issues.push(
          issue(
            'code-invalid',
            `Coding is not in the required value set ${valueSetName}`,
            value.path,
          ),
        );
      }
    } else if (value.type === 'CodeableConcept') {
      const concept = value.value as CodeableConcept;
      if (!concept.coding?.some((c) => codingMatches(c, expansion.systemCodes))) {
        issues.push(
          issue(
            'code-invalid',
            `CodeableConcept needs a coding from the required value set ${valueSetName}`,
            value.path,
          ),
        );
      }
    }
  });
  return issues;
}

/** An attachment without a content type cannot be rendered by any EHR. */
function checkAttachmentContentTypes(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  visitElements(resource, (value) => {
    if (value.type === 'Attachment' && !(value.value as Attachment).contentType) {
      issues.push(
        issue('required', 'Attachment.contentType is required', `${value.path}.contentType`),
      );
    }
  });
  return issues;
}

/** All error issues for a resource about to be stored; empty means valid. */
export function validateForWrite(resource: Resource): OperationOutcomeIssue[] {
  let structural: OperationOutcomeIssue[] = [];
  try {
    structural = validateResource(resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) {
      throw err;
    }
    structural = err.outcome.issue ?? [];
  }
  const issues = [
    ...structural.filter((i) => i.severity === 'error' || i.severity === 'fatal'),
    ...checkRequiredBindings(resource),
    ...checkAttachmentContentTypes(resource),
  ];
  return issues.map((i) => ({ ...i, diagnostics: i.diagnostics ?? i.details?.text }));
}
