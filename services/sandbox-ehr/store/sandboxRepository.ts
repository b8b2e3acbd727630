import type { WithId } from '@medplum/core';
import { OperationOutcomeError, notFound } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';

interface JournalEntry {
  resourceType: string;
  id: string;
  /** The version that was overwritten, or undefined for a new resource. */
  previous: Resource | undefined;
}

/**
 * MemoryRepository plus the two things the sandbox needs from it:
 * - atomic transactions: MemoryRepository.withTransaction just runs the callback, so a
 *   failure halfway through a transaction Bundle would leave the first entries stored.
 *   Here every write inside withTransaction is journalled and undone on error.
 * - an export of everything stored, for persistence (its maps are private).
 */
export class SandboxRepository extends MemoryRepository {
  private readonly knownTypes = new Set<string>();
  private journal: JournalEntry[] | undefined;
  private transactionDepth = 0;

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    if (this.journal && resource.id) {
      this.journal.push({
        resourceType: resource.resourceType,
        id: resource.id,
        previous: await this.readIfPresent(resource.resourceType, resource.id),
      });
    }
    const stored = await super.createResource(resource);
    if (this.journal && !resource.id) {
      this.journal.push({ resourceType: stored.resourceType, id: stored.id, previous: undefined });
    }
    this.knownTypes.add(stored.resourceType);
    return stored;
  }

  override async withTransaction<TResult>(
    callback: (client: undefined) => Promise<TResult>,
  ): Promise<TResult> {
    // Nested calls (conditional create inside a transaction Bundle) join the outer one.
    const outermost = this.transactionDepth === 0;
    if (outermost) {
      this.journal = [];
    }
    this.transactionDepth++;
    try {
      return await callback(undefined);
    } catch (err) {
      if (outermost) {
        await this.rollback();
      }
      throw err;
    } finally {
      this.transactionDepth--;
      if (outermost) {
        this.journal = undefined;
      }
    }
  }

  /** Every current resource, grouped by type in first-stored order. */
  async exportAll(): Promise<Resource[]> {
    const all: Resource[] = [];
    for (const resourceType of this.knownTypes) {
      const bundle = await this.search({ resourceType: resourceType as Resource['resourceType'] });
      for (const entry of bundle.entry ?? []) {
        if (entry.resource) {
          all.push(entry.resource);
        }
      }
    }
    return all;
  }

  override clear(): void {
    super.clear();
    this.knownTypes.clear();
  }

  private async readIfPresent(resourceType: string, id: string): Promise<Resource | undefined> {
    try {
      return await this.readResource(resourceType, id);
    } catch (err) {
      if (err instanceof OperationOutcomeError && err.outcome.id === notFound.id) {
        return undefined;
      }
      throw err;
    }
  }

  private async rollback(): Promise<void> {
    const journal = this.journal ?? [];
    this.journal = undefined; // the restores below must not be journalled
    for (const entry of journal.reverse()) {
      if (entry.previous) {
        await super.createResource(entry.previous);
      } else {
        await this.deleteResource(entry.resourceType, entry.id).catch(() => undefined);
      }
    }
  }
}
