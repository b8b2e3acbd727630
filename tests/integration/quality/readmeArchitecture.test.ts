import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's architecture map is a promise to a newcomer: every file and folder it names is
 * where it says. Top-level lines name paths from the repository root; indented lines name paths
 * inside the folder of the top-level line above them.
 */
const root = resolve(import.meta.dirname, '../../..');

function architecturePaths(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Architecture'));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const paths: string[] = [];
  let parent = '';
  for (const line of block.split('\n').filter(Boolean)) {
    const indented = line.startsWith('  ');
    const names = line.trim().split(/\s{2,}/)[0] ?? '';
    for (const name of names.split(/,\s*|\s+/).filter(Boolean)) {
      const path = indented ? `${parent}${name}` : name;
      paths.push(path);
      if (!indented && name.endsWith('/')) parent = name;
    }
  }
  return paths;
}

describe('the README architecture map', () => {
  it('names at least the app, the FHIR module and the services', () => {
    expect(architecturePaths()).toEqual(
      expect.arrayContaining(['src/fhir/', 'src/fhir/transport.ts', 'services/sandbox-ehr/']),
    );
  });

  it('every file and folder it names exists where it says', () => {
    expect(architecturePaths().filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });
});
