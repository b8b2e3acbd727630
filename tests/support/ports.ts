import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A port nobody listens on right now (the OS picks it), for a server that must know its origin first. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** An explicit port from the environment, or undefined to let the tests choose a free one. */
export function portFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${raw} is not a port number`);
  }
  return port;
}

/** One clear line instead of an unhandled EADDRINUSE stack. */
export function busyPortMessage(
  error: unknown,
  what: string,
  port: number,
  envName: string,
): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `${what} port ${port} is busy: free it, or set ${envName} to another port (or leave it unset to pick a free one)`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
