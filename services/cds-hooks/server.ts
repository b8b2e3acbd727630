import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Coding } from '@medplum/fhirtypes';
import type { ClinicalModule } from '../../src/clinical/findings';
import type { ReplayCache } from './auth/replayCache';
import { MemoryReplayCache } from './auth/replayCache';
import { createVerifier } from './auth/verifyRequest';
import type { CdsConfig } from './config';
import { resolvePrefetch } from './fhir/prefetch';
import { chartFrom } from './hooks/chart';
import type { HookDeps } from './hooks/handlers';
import { discharge, orderSign, patientView } from './hooks/handlers';
import { SERVICES } from './hooks/services';
import { applyCors, readJson, sendJson } from './http/body';
import { parseHookRequest } from './http/parseRequest';
import type { Logger, RequestLog } from './log';
import { stdoutLogger } from './log';
import type { Card, HookName, HookRequest } from './types';

export interface CdsServiceOptions {
  config: CdsConfig;
  clinical: ClinicalModule;
  naloxoneSpray: Coding;
  replay?: ReplayCache;
  logger?: Logger;
  /** For tests: the fetch used to read missing prefetch, and the clock. */
  fetch?: typeof fetch;
  now?: () => Date;
}

const HANDLERS: Record<
  HookName,
  (r: HookRequest, c: ReturnType<typeof chartFrom>, d: HookDeps) => Card[]
> = {
  'patient-view': patientView,
  'order-sign': orderSign,
  'encounter-discharge': discharge,
};

type Outcome = Omit<RequestLog, 'method' | 'path' | 'ms'> & { body: unknown };

/** The request handler alone, so tests and the bench can mount it without a port of their own. */
export function createCdsHandler(opts: CdsServiceOptions) {
  const { config } = opts;
  const verifier = createVerifier(config.clients, opts.replay ?? new MemoryReplayCache());
  const logger = opts.logger ?? stdoutLogger;
  const deps: HookDeps = {
    clinical: opts.clinical,
    config,
    naloxoneSpray: opts.naloxoneSpray,
    now: opts.now ?? (() => new Date()),
  };
  const feedback = new Map<string, number>();

  async function runHook(
    service: (typeof SERVICES)[number],
    request: HookRequest,
  ): Promise<Outcome> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // An in-time answer with no card beats a late one: the EHR is waiting to draw the chart.
    const late = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ status: 200, cards: 0, note: 'budget exhausted', body: { cards: [] } });
      }, config.fhirBudgetMs);
    });
    const work = (async (): Promise<Outcome> => {
      const values = await resolvePrefetch(request, service.prefetch, {
        fhirServers: config.fhirServers,
        signal: controller.signal,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
      const cards = HANDLERS[service.hook](request, chartFrom(values), deps);
      return { status: 200, cards: cards.length, body: { cards } };
    })();
    try {
      return await Promise.race([work, late]);
    } catch {
      if (controller.signal.aborted) return late;
      return { status: 200, cards: 0, note: 'hook failed', body: { cards: [] } };
    } finally {
      clearTimeout(timer);
      controller.abort();
      work.catch(() => undefined);
    }
  }

  async function route(req: IncomingMessage, path: string): Promise<Outcome> {
    const method = req.method ?? 'GET';
    if (path === '/health' && method === 'GET') {
      return { status: 200, body: { status: 'ok', feedback: Object.fromEntries(feedback) } };
    }
    const match = /^\/cds-services(?:\/([A-Za-z0-9-]+)(\/feedback)?)?$/.exec(path);
    if (!match) return { status: 404, body: { error: 'Not found' } };
    const [, id, isFeedback] = match;
    const service = id ? SERVICES.find((s) => s.id === id) : undefined;
    if (id && !service) return { status: 404, body: { error: `No CDS service "${id}"` } };
    const wantMethod = id ? 'POST' : 'GET';
    if (method !== wantMethod) return { status: 405, body: { error: `Use ${wantMethod}` } };
    const verdict = await verifier.verify(req.headers.authorization, `${config.publicUrl}${path}`);
    if (!verdict.ok) {
      return { status: 401, note: `refused: ${verdict.reason}`, body: { error: 'Unauthorized' } };
    }
    if (!service) return { status: 200, body: { services: SERVICES } };
    const body = await readJson(req);
    if (!body.ok) return { status: body.status, body: { error: body.message } };
    if (isFeedback) {
      const items = (body.value as { feedback?: unknown }).feedback;
      if (!Array.isArray(items))
        return { status: 400, body: { error: 'feedback must be an array' } };
      // Counted per service, nothing else kept: feedback may name cards shown for a patient.
      feedback.set(service.id, (feedback.get(service.id) ?? 0) + items.length);
      return { status: 200, note: `feedback=${items.length}`, body: {} };
    }
    const request = parseHookRequest(body.value, service.hook);
    if (typeof request === 'string') return { status: 400, body: { error: request } };
    return runHook(service, request);
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    applyCors(req, res);
    let outcome: Outcome;
    if (req.method === 'OPTIONS') {
      outcome = { status: 204, body: undefined };
    } else {
      try {
        outcome = await route(req, path);
      } catch {
        outcome = { status: 500, note: 'internal error', body: { error: 'Internal error' } };
      }
    }
    if (outcome.body === undefined) {
      res.writeHead(outcome.status).end();
    } else {
      sendJson(res, outcome.status, outcome.body);
    }
    const { body: _body, ...entry } = outcome;
    logger({ method: req.method ?? '?', path, ms: performance.now() - started, ...entry });
  };
}

export interface RunningCdsService {
  origin: string;
  close(): Promise<void>;
}

/** Listen on 127.0.0.1 unless told (a container listens on 0.0.0.0); port 0 = any free port. */
export async function startCdsService(
  port: number,
  opts: CdsServiceOptions,
  host = '127.0.0.1',
): Promise<RunningCdsService> {
  const mounted: { handler?: ReturnType<typeof createCdsHandler> } = {};
  const server = createServer((req, res) => {
    if (mounted.handler) void mounted.handler(req, res);
    else res.writeHead(503).end();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${bound}`;
  // An empty publicUrl means "wherever this listens" (tests on port 0).
  mounted.handler = createCdsHandler({
    ...opts,
    config: { ...opts.config, publicUrl: opts.config.publicUrl || origin },
  });
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
