import type { ServerResponse } from 'node:http';
import { send } from '../http/httpUtil';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      if (part instanceof Html) {
        out += part.value;
      } else if (part !== undefined && part !== null && part !== false) {
        out += escapeHtml(String(part));
      }
    }
    out += strings[i + 1] ?? '';
  });
  return new Html(out);
}

const BASE_STYLE = `
:root { color-scheme: light; --ink: #1d2733; --muted: #566372; --line: #c9d2dc; --accent: #1f5f99; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: #f4f6f8; line-height: 1.45; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p.lede { color: var(--muted); margin-top: 0; }
fieldset { border: 1px solid var(--line); border-radius: 8px; background: #fff; margin: 0 0 1rem; padding: .75rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: block; margin: .5rem 0 .25rem; font-weight: 500; }
label.inline { display: flex; gap: .5rem; align-items: baseline; font-weight: 400; }
select, input[type=number], input[type=text] { font: inherit; width: 100%; padding: .45rem .5rem; border: 1px solid #8a97a6; border-radius: 6px; background: #fff; }
.hint { color: var(--muted); font-size: .9rem; margin: .15rem 0 0; }
button { font: inherit; font-weight: 600; padding: .6rem 1.4rem; border-radius: 6px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.error { border-left: 4px solid #b42318; background: #fff; padding: 1rem; }
`;

export interface PageOptions {
  title: string;
  body: Html;
  /** Extra CSP directives, e.g. frame-src for the EHR frame page. */
  csp?: string[];
  /** Extra CSS appended to the base style. */
  style?: string;
}

/** A self-contained page: no external assets, no scripts. */
export function sendPage(
  res: ServerResponse,
  status: number,
  { title, body, csp = [], style = '' }: PageOptions,
): void {
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          ${new Html(BASE_STYLE + style)}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`;
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    ...csp,
  ].join('; ');
  send(res, status, page.value, 'text/html; charset=utf-8', {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}

export function sendErrorPage(
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
): void {
  sendPage(res, status, {
    title,
    body: html`<main>
      <h1>${title}</h1>
      <div class="error" role="alert"><p>${message}</p></div>
      <p><a href="/">Back to the sandbox launcher</a></p>
    </main>`,
  });
}
