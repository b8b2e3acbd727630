import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../scripts/csp';
import { validateConfig } from '../../../src/config/appConfig';
import type { AppConfig } from '../../../src/config/appConfig';

const ROOT = resolve(import.meta.dirname, '../../..');
const shipped = validateConfig(
  JSON.parse(readFileSync(join(ROOT, 'public/config.json'), 'utf8')) as unknown,
);

/** Directive name -> its source list, failing on a directive given twice. */
function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives.has(name), `${name} appears twice`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

function config(urls: string[]): AppConfig {
  return validateConfig({
    clientId: 'heroin-education',
    scopes: 'launch openid fhirUser',
    issuers: urls.map((url, i) => ({ url, label: `EHR ${i}` })),
  });
}

const SCHEME_SOURCES: Record<string, string[]> = {
  'img-src': ['data:', 'blob:'],
  'worker-src': ['blob:'],
};

const MULTI = config([
  'https://fhir.epic.example.org/interconnect-fhir-oauth/api/FHIR/R4',
  'https://fhir.epic.example.org/other-tenant/api/FHIR/R4/',
  'https://fhir-ehr.cerner.example.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d',
  'https://hapi.example.net:8443/fhir',
  'http://127.0.0.1:4010/full/fhir',
]);

describe('buildCsp', () => {
  it('allows no inline code, no eval and no wildcard source anywhere', () => {
    for (const policy of [
      buildCsp(shipped),
      buildCsp(MULTI, { frameAncestors: ['https://ehr.example.org'] }),
    ]) {
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval/);
      for (const [name, sources] of parse(policy)) {
        for (const source of sources) {
          expect(source, `${name} ${source}`).not.toContain('*');
          // A bare scheme (`https:`) allows every host: only data:/blob: for images and workers.
          if (/^[a-z][a-z0-9+.-]*:$/i.test(source)) {
            expect(SCHEME_SOURCES[name] ?? [], `${name} ${source}`).toContain(source);
          }
        }
      }
    }
  });

  it('loads scripts, styles and fonts from the app origin only; no plugins, no <base>', () => {
    const directives = parse(buildCsp(MULTI));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('font-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
  });

  it('connect-src is the app origin plus exactly the configured issuers’ and share service origins', () => {
    expect(parse(buildCsp(shipped)).get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:4010',
      'http://127.0.0.1:4030',
    ]);
    expect(parse(buildCsp({ ...shipped, shareServiceUrl: null })).get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:4010',
    ]);
    const connect = parse(buildCsp(MULTI)).get('connect-src') ?? [];
    expect(connect[0]).toBe("'self'");
    expect(connect.slice(1).sort()).toEqual(
      [
        'http://127.0.0.1:4010',
        'https://fhir-ehr.cerner.example.com',
        'https://fhir.epic.example.org',
        'https://hapi.example.net:8443',
      ].sort(),
    );
    // origins only: a path would widen nothing, but it would not match a token endpoint either
    expect(connect.some((source) => /^https?:\/\/[^/]+\/./.test(source))).toBe(false);
  });

  it('adds an authorization server on another origin only when asked (extraConnect)', () => {
    const connect = parse(
      buildCsp(MULTI, {
        extraConnect: ['https://authorization.cerner.example.com/tenants/x/protocols/oauth2/token'],
      }),
    ).get('connect-src');
    expect(connect).toContain('https://authorization.cerner.example.com');
    expect(connect).toHaveLength(6);
  });

  it('frame-ancestors is the app origin by default and exactly the given EHR origins otherwise', () => {
    expect(parse(buildCsp(shipped)).get('frame-ancestors')).toEqual(["'self'"]);
    expect(
      parse(
        buildCsp(shipped, {
          frameAncestors: ['https://ehr.example.org', 'https://launch.smarthealthit.org'],
        }),
      ).get('frame-ancestors'),
    ).toEqual(['https://ehr.example.org', 'https://launch.smarthealthit.org']);
  });

  it('the CLI prints the same header value for a config.json file', () => {
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/csp.ts', 'public/config.json', '--frame-ancestors', 'https://ehr.example.org'],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `${buildCsp(shipped, { frameAncestors: ['https://ehr.example.org'] })}\n`,
    );
  });
});

describe('the HTML entry points need nothing the policy forbids', () => {
  it.each(['index.html', 'launch/index.html'])(
    '%s has no inline script, style or handler',
    (file) => {
      const html = readFileSync(join(ROOT, file), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/\bsrc=/);
        expect(body?.trim()).toBe('');
      }
      expect(html).not.toMatch(/<style\b/i);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
      expect(html).not.toMatch(/javascript:/i);
      expect(html).toContain('<meta name="referrer" content="no-referrer" />');
    },
  );
});

describe('origins given on the command line', () => {
  it('refuses a value that would smuggle in another directive or a path', () => {
    expect(() => buildCsp(shipped, { frameAncestors: ['https://ehr; script-src *'] })).toThrow();
    expect(() => buildCsp(shipped, { frameAncestors: ['http://ehr.example.org'] })).toThrow();
    expect(() =>
      buildCsp(shipped, { frameAncestors: ['https://ehr.example.org/chart'] }),
    ).toThrow();
    expect(() => buildCsp(shipped, { frameAncestors: ['*'] })).toThrow();
    expect(buildCsp(shipped, { frameAncestors: ['https://ehr.example.org/'] })).toContain(
      'frame-ancestors https://ehr.example.org;',
    );
  });
});
