import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, If-None-Exist, Prefer, If-Match';
const EXPOSED_HEADERS = 'Location, ETag, Content-Location, Last-Modified, Retry-After';

/**
 * The app runs on its own origin and calls the FHIR bases, the discovery documents and
 * the token endpoint from the browser. Only the configured app origin is echoed: any
 * other page gets no CORS headers, so the browser keeps it out.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, appOrigin: string): void {
  res.setHeader('Vary', 'Origin');
  if (req.headers.origin === appOrigin) {
    res.setHeader('Access-Control-Allow-Origin', appOrigin);
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
}

/** Answer a CORS preflight (OPTIONS). */
export function answerPreflight(
  req: IncomingMessage,
  res: ServerResponse,
  appOrigin: string,
): void {
  applyCors(req, res, appOrigin);
  if (req.headers.origin === appOrigin) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204);
  res.end();
}
