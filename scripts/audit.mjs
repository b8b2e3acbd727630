// Fails when production dependencies have high or critical advisories (`npm audit`).
// When the advisory service cannot be reached (a registry mirror without the audit
// endpoint answers 405), it says so loudly and does not pretend the check passed.
import { execFileSync } from 'node:child_process';

let raw;
try {
  raw = execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
} catch (error) {
  // npm audit exits non-zero when it finds advisories; the JSON is still on stdout.
  raw = error.stdout ?? '';
}

let report;
try {
  report = JSON.parse(raw);
} catch {
  console.error('audit: npm audit printed no JSON');
  process.exit(1);
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const reason = report.message ?? report.error?.summary ?? 'no answer';
  console.warn(`audit: NOT CHECKED, the advisory service could not be reached (${reason})`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `audit: production dependencies: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
);
process.exit(serious > 0 ? 1 : 0);
