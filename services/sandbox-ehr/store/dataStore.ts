import { fileURLToPath } from 'node:url';
import type { Resource } from '@medplum/fhirtypes';
import { loadDataFile, loadSeedResources, saveDataFile } from './persistence';
import { SandboxRepository } from './sandboxRepository';

export const SEED_DIR = fileURLToPath(new URL('../seed/', import.meta.url));

/**
 * The one data store behind all three FHIR bases: the repository, its file on disk,
 * and a write lock. Writes are serialised so a conditional create cannot race another
 * and a rollback can never undo someone else's write.
 */
export class DataStore {
  readonly repo = new SandboxRepository();
  private readonly dataDir: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** Load the saved data, or the seed when there is none (first start, after reset). */
  async open(): Promise<'saved' | 'seed'> {
    const saved = loadDataFile(this.dataDir);
    await this.replaceAll(saved ?? loadSeedResources(SEED_DIR));
    if (!saved) {
      await this.save();
    }
    return saved ? 'saved' : 'seed';
  }

  async resetToSeed(): Promise<void> {
    await this.withWriteLock(async () => {
      await this.replaceAll(loadSeedResources(SEED_DIR));
      await this.save();
    });
  }

  /** Run a write (and its save) after every earlier write has finished. */
  withWriteLock<T>(write: () => Promise<T>): Promise<T> {
    const result = this.queue.then(write);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async save(): Promise<void> {
    saveDataFile(this.dataDir, await this.repo.exportAll());
  }

  private async replaceAll(resources: Resource[]): Promise<void> {
    this.repo.clear();
    for (const resource of resources) {
      await this.repo.createResource(resource);
    }
  }
}
