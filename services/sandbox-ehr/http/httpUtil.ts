import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Past this we stop draining an oversized upload and drop the connection. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export type ReadBodyResult = { tooLarge: false; body: Buffer } | { tooLarge: true };

/**
 * Read a request body up to MAX_BODY_BYTES. An oversized body is drained (not stored)
 * before answering 413: answering mid-upload makes many clients report a reset
 * connection instead of the 413.
 */
export function readBody(req: IncomingMessage): Promise<ReadBodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        return;
      }
      if (!tooLarge) {
        chunks.push(chunk);
      }
    });
    req.on('end', () =>
      resolve(tooLarge ? { tooLarge } : { tooLarge, body: Buffer.concat(chunks) }),
    );
    req.on('close', () => resolve({ tooLarge: true }));
    req.on('error', reject);
  });
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'Content-Type': contentType });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export function sendFhir(
  res: ServerResponse,
  status: number,
  body: Resource | OperationOutcome | undefined,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  send(res, status, JSON.stringify(body), FHIR_JSON, headers);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

/** The first value of a header that Node may have given as an array. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
