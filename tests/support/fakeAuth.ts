import type { AuthSource } from '../../src/fhir/transport';

/** A stand-in for fhirclient's Client: a fixed token, optionally a refresh that swaps it. */
export function fakeAuth(
  token = 'test-token',
  refreshed?: string,
): AuthSource & { refreshes: number } {
  let current = token;
  const state = {
    refreshes: 0,
    getAuthorizationHeader: () => `Bearer ${current}`,
    refreshIfNeeded: () => Promise.resolve(),
    refresh: () => {
      state.refreshes += 1;
      if (refreshed) current = refreshed;
      return Promise.resolve();
    },
    getState: (path: string) =>
      path === 'tokenResponse.refresh_token' && refreshed ? 'r' : undefined,
  };
  return state;
}
