import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { resolveSeedDates } from './seedDates';

export const RESOURCES_FILE = 'resources.json';

function resourcesOf(json: Bundle | Resource): Resource[] {
  if (json.resourceType === 'Bundle') {
    return (json.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  }
  return [json];
}

/** Stored resources from `${dataDir}/resources.json`, or undefined when there is none yet. */
export function loadDataFile(dataDir: string): Resource[] | undefined {
  const file = join(dataDir, RESOURCES_FILE);
  if (!existsSync(file)) {
    return undefined;
  }
  return resourcesOf(JSON.parse(readFileSync(file, 'utf8')) as Bundle);
}

/**
 * Write the whole store as one collection Bundle. Temp file + rename so a crash or a
 * Ctrl-C mid-write never leaves a truncated file that would fail the next start.
 */
export function saveDataFile(dataDir: string, resources: Resource[]): void {
  mkdirSync(dataDir, { recursive: true });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource })),
  };
  const file = join(dataDir, RESOURCES_FILE);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, JSON.stringify(bundle, null, 1));
  renameSync(temp, file);
}

/**
 * Every resource in the seed folder: one JSON file per patient (a Bundle) or resource.
 * Relative dates (`{{today-90d}}`) are fixed at load time, i.e. at first start or reset.
 */
export function loadSeedResources(seedDir: string, now = new Date()): Resource[] {
  return readdirSync(seedDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      const json = JSON.parse(readFileSync(join(seedDir, name), 'utf8')) as Bundle | Resource;
      return resourcesOf(resolveSeedDates(json, now));
    });
}
