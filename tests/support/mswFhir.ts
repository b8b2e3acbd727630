import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createFhirTestServer,
  type FhirTestServer,
  type FhirTestServerOptions,
} from './fhirTestServer';

/**
 * One MSW server per test file; each test serves its own FHIR test server (the sandbox's engine) with `serve`.
 * Unhandled requests fail the test, so nothing leaks to a real network.
 */
export function useMswFhir(): {
  serve: (options?: FhirTestServerOptions) => FhirTestServer;
} {
  const msw = setupServer();
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => msw.resetHandlers());
  afterAll(() => msw.close());
  return {
    serve(options = {}) {
      const server = createFhirTestServer(options);
      msw.use(...server.handlers);
      return server;
    },
  };
}
