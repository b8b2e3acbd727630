/**
 * Content-Security-Policy for a deployment, generated from config.json:
 *   npx tsx scripts/csp.ts [path/to/config.json] [--frame-ancestors "https://ehr.example.org"]
 * `connect-src` lists only the configured FHIR servers and their SMART endpoints' origins.
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

export function buildCsp(config: AppConfig, options: CspOptions = {}): string {
  const origins = new Set<string>();
  for (const issuer of config.issuers) origins.add(new URL(issuer.url).origin);
  for (const extra of options.extraConnect ?? []) origins.add(new URL(extra).origin);
  const connect = ["'self'", ...[...origins].sort()].join(' ');
  const ancestors = options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'self'";
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
  const configPath = args.find((a) => !a.startsWith('--')) ?? 'public/config.json';
  const frameIndex = args.indexOf('--frame-ancestors');
  const frameAncestors =
    frameIndex >= 0 ? (args[frameIndex + 1] ?? '').split(/\s+/).filter(Boolean) : [];
  const config = validateConfig(JSON.parse(readFileSync(configPath, 'utf8')));
  process.stdout.write(`${buildCsp(config, { frameAncestors })}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
