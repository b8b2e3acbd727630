/**
 * Content-Security-Policy for a deployment, generated from config.json:
 *   npx tsx scripts/csp.ts [path/to/config.json] [--frame-ancestors "https://ehr.example.org ..."]
 *                          [--connect "https://authorization.ehr.example.org ..."]
 * `connect-src` lists only the configured FHIR servers' origins, the share service's origin
 * (`shareServiceUrl`), plus any authorization server
 * on another origin (`--connect`, e.g. an EHR whose token endpoint is on another host).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateConfig } from '../src/config/appConfig';
import type { AppConfig } from '../src/config/appConfig';

export interface CspOptions {
  /** Origins allowed to frame the app (the EHR). Default: none besides our own origin. */
  frameAncestors?: string[];
  /** Extra origins for token/authorize endpoints that live elsewhere than the FHIR base. */
  extraConnect?: string[];
}

/**
 * A CSP source must be an origin and nothing else: a value like "https://ehr; script-src *"
 * would smuggle in a directive. https only, plain http for loopback (the sandbox).
 */
export function cspOrigin(value: string): string {
  if (value === "'self'" || value === "'none'") return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`not an origin: ${JSON.stringify(value)}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
  if (!secure || url.origin === 'null' || !value.startsWith(url.origin)) {
    throw new Error(`not an https origin: ${JSON.stringify(value)}`);
  }
  if (value.replace(/\/$/, '') !== url.origin) {
    throw new Error(`give an origin without a path: ${JSON.stringify(value)}`);
  }
  return url.origin;
}

export function buildCsp(config: AppConfig, options: CspOptions = {}): string {
  const origins = new Set<string>();
  for (const issuer of config.issuers) origins.add(new URL(issuer.url).origin);
  // The share service (SMART Health Links): the app creates links there, the viewer reads them.
  if (config.shareServiceUrl) origins.add(new URL(config.shareServiceUrl).origin);
  for (const extra of options.extraConnect ?? []) origins.add(cspOrigin(new URL(extra).origin));
  const connect = ["'self'", ...[...origins].sort()].join(' ');
  const ancestors = options.frameAncestors?.length
    ? options.frameAncestors.map(cspOrigin).join(' ')
    : "'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
    "worker-src 'self' blob:",
  ].join('; ');
}

function main(): void {
  const args = process.argv.slice(2);
  const flags: Record<string, string[]> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--')) {
      flags[arg] = (args[i + 1] ?? '').split(/\s+/).filter(Boolean);
      i += 1;
    } else positional.push(arg);
  }
  const config = validateConfig(
    JSON.parse(readFileSync(positional[0] ?? 'public/config.json', 'utf8')),
  );
  const csp = buildCsp(config, {
    frameAncestors: flags['--frame-ancestors'] ?? [],
    extraConnect: flags['--connect'] ?? [],
  });
  process.stdout.write(`${csp}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
