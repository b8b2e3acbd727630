// `npm start`: the sandbox EHR, the app, the CDS Hooks service and the share service together;
// one Ctrl-C stops all.
import { spawn } from 'node:child_process';

const sandboxPort = process.env.SANDBOX_PORT ?? '4010';
const appPort = process.env.APP_PORT ?? '5173';
const cdsPort = process.env.CDS_PORT ?? '4020';
const sharePort = process.env.SHARE_PORT ?? '4030';
const env = {
  ...process.env,
  SANDBOX_PORT: sandboxPort,
  APP_PORT: appPort,
  CDS_PORT: cdsPort,
  SHARE_PORT: sharePort,
};

const children = [
  spawn('npx', ['tsx', 'services/sandbox-ehr/main.ts'], { stdio: 'inherit', env }),
  spawn('npx', ['vite', '--clearScreen', 'false'], { stdio: 'inherit', env }),
  spawn('npx', ['tsx', 'services/cds-hooks/main.ts'], { stdio: 'inherit', env }),
  spawn('npx', ['tsx', 'services/share/main.ts'], { stdio: 'inherit', env }),
];

console.log(`
  Sandbox EHR:  http://127.0.0.1:${sandboxPort}/   <- open this, pick a patient, press Launch
  App:          http://127.0.0.1:${appPort}/  (launch URL http://127.0.0.1:${appPort}/launch/)
  CDS Hooks:    http://127.0.0.1:${cdsPort}/cds-services  (cards in the sandbox's EHR frame)
  Share:        http://127.0.0.1:${sharePort}/health  (SMART Health Links; PGlite in .share-data/
                unless DATABASE_URL names a PostgreSQL server)
`);

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
