import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { buildCsp } from '../../scripts/csp';
import { validateConfig } from '../../src/config/appConfig';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface AppServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the production build the way a hospital's web server would: static files, the
 * generated Content-Security-Policy, and a config.json whose issuers point at the test
 * sandbox (same file shape, other port).
 */
export async function startAppServer(opts: {
  port: number;
  distDir: string;
  sandboxOrigin: string;
  frameAncestors: string[];
  /** The test's share service; absent = sharing off (`shareServiceUrl: null`). */
  shareOrigin?: string;
}): Promise<AppServer> {
  const shipped = JSON.parse(await readFile(join(opts.distDir, 'config.json'), 'utf8')) as {
    issuers: { url: string; label: string }[];
  };
  const testConfig = {
    ...shipped,
    issuers: shipped.issuers.map((issuer) => ({
      ...issuer,
      url: issuer.url.replace('http://127.0.0.1:4010', opts.sandboxOrigin),
    })),
    shareServiceUrl: opts.shareOrigin ?? null,
  };
  const csp = buildCsp(validateConfig(testConfig), { frameAncestors: opts.frameAncestors });
  const root = resolve(opts.distDir);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const headers = {
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      };
      if (path === '/config.json') {
        res.writeHead(200, { ...headers, 'Content-Type': TYPES['.json'] });
        res.end(JSON.stringify(testConfig));
        return;
      }
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(400).end();
        return;
      }
      if (path.endsWith('/')) file = join(file, 'index.html');
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          ...headers,
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
        res.end(body);
      } catch {
        res.writeHead(404, headers).end('not found');
      }
    })();
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      done();
    });
  });
  return {
    origin: `http://127.0.0.1:${opts.port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
