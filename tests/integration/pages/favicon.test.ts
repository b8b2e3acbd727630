import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

// Without an icon link every browser asks for /favicon.ico and logs a 404 console error.
describe('favicon', () => {
  it.each(['index.html', 'launch/index.html'])(
    '%s links an SVG icon that exists in public/',
    (page) => {
      const html = readFileSync(join(root, page), 'utf8');
      const href = /<link rel="icon" type="image\/svg\+xml" href="\/([^"]+)"/.exec(html)?.[1];
      expect(href).toBe('favicon.svg');
      expect(existsSync(join(root, 'public', href ?? ''))).toBe(true);
    },
  );
});
