import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resource } from '@medplum/fhirtypes';
import { bundle } from './fixtureCharts';

export interface SeenRequest {
  path: string;
  authorization: string | undefined;
}

export interface FakeFhir {
  base: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** A FHIR server for one chart: searches return its resources of the type asked for. */
export async function startFakeFhir(
  resources: Resource[],
  options: { delayMs?: number; redirectTo?: string } = {},
): Promise<FakeFhir> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ path, authorization: req.headers.authorization });
    if (options.redirectTo) {
      res.writeHead(302, { Location: `${options.redirectTo}${path}` }).end();
      return;
    }
    const type = path.replace(/^\/fhir\//, '').split(/[/?]/)[0] ?? '';
    const answer = () => {
      const body = JSON.stringify(bundle(resources.filter((r) => r.resourceType === type)));
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(body);
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/fhir`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
