import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createMemoryFhirServer,
  type MemoryFhirServer,
  type MemoryServerOptions,
} from './memoryFhirServer';

/**
 * One MSW server per test file; each test serves its own in-memory FHIR server with `serve`.
 * Unhandled requests fail the test, so nothing leaks to a real network.
 */
export function useMswFhir(): { serve: (options?: MemoryServerOptions) => MemoryFhirServer } {
  const msw = setupServer();
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => msw.resetHandlers());
  afterAll(() => msw.close());
  return {
    serve(options = {}) {
      const server = createMemoryFhirServer(options);
      msw.use(...server.handlers);
      return server;
    },
  };
}
