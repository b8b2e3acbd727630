import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * JavaScript sizes of a production build, as a browser loads them: shared by `npm run bench`
 * and the size-budget test. Sizes are gzip -9 (node:zlib), per file, summed.
 *
 * - launch page: every script and modulepreload in dist/launch/index.html, plus whatever
 *   those chunks import statically (what the browser must fetch before the launch runs);
 * - app initial: the same for dist/index.html;
 * - PDF chunk(s): the chunks holding pdf-lib, recognised by content;
 * - total: every .js file in the build.
 */

export interface ChunkSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface ChunkGroup {
  files: string[];
  bytes: number;
  gzip: number;
}

export interface BundleReport {
  launchPage: ChunkGroup;
  appInitial: ChunkGroup;
  /** The patient's SMART Health Link viewer (dist/view/index.html), JavaScript only. */
  viewerPage: ChunkGroup;
  /** Chunks holding jose's JWE code or qrcode that the app loads before it runs (must be empty). */
  shareInAppInitial: string[];
  pdf: ChunkGroup;
  total: ChunkGroup;
  chunks: ChunkSize[];
  /** PDF chunks reachable from an entry page without a dynamic import() (must be empty). */
  pdfInInitial: string[];
  /** PDF chunks named by a <script> or modulepreload in an HTML page (must be empty). */
  pdfInHtml: string[];
  /** PDF chunks the app reaches through a dynamic import() (all of them, normally). */
  pdfLazyFromApp: string[];
}

/** Files (relative to dist, posix) named by <script src> and <link rel="modulepreload"> tags. */
export function htmlScripts(html: string, htmlPath: string): string[] {
  const found: string[] = [];
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  for (const tag of tags) {
    const isScript = /^<script/i.test(tag);
    const isPreload = /\brel\s*=\s*["']?modulepreload/i.test(tag);
    if (!isScript && !isPreload) continue;
    const url = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (!url || /^(https?:)?\/\//i.test(url) || !/\.m?js(\?|$)/.test(url)) continue;
    const path = url.startsWith('/')
      ? url.slice(1)
      : posix.normalize(posix.join(posix.dirname(htmlPath), url));
    found.push(path.split('?')[0] ?? path);
  }
  return found;
}

/** Chunks a module imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from`). */
export function staticImports(code: string, file: string): string[] {
  const specifiers = new Set<string>();
  const patterns = [
    /\bfrom\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g,
    /\bimport\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) if (match[1]) specifiers.add(match[1]);
  }
  return [...specifiers].map((s) => posix.normalize(posix.join(posix.dirname(file), s)));
}

/** Chunks a module loads on demand (`import("./x.js")`). */
export function dynamicImports(code: string, file: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)) {
    if (match[1]) found.add(posix.normalize(posix.join(posix.dirname(file), match[1])));
  }
  return [...found];
}

/** pdf-lib, recognised by what only it contains. */
export function isPdfLibChunk(code: string): boolean {
  return /\bPDFDocument\b/.test(code) && /(pdf-lib|StandardFonts|PDFPageLeaf)/.test(code);
}

function listJs(distDir: string, dir = ''): string[] {
  const entries = readdirSync(join(distDir, dir), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listJs(distDir, rel);
    return /\.m?js$/.test(entry.name) ? [rel] : [];
  });
}

function group(files: Iterable<string>, sizes: Map<string, ChunkSize>): ChunkGroup {
  const list = [...new Set(files)].sort();
  const members = list.map((file) => {
    const size = sizes.get(file);
    if (!size) throw new Error(`${file} is referenced but not in the build`);
    return size;
  });
  return {
    files: list,
    bytes: members.reduce((sum, c) => sum + c.bytes, 0),
    gzip: members.reduce((sum, c) => sum + c.gzip, 0),
  };
}

export function analyseBundle(distDir: string): BundleReport {
  const files = listJs(distDir);
  const code = new Map(files.map((file) => [file, readFileSync(join(distDir, file), 'utf8')]));
  const sizes = new Map<string, ChunkSize>(
    files.map((file) => {
      const buffer = readFileSync(join(distDir, file));
      return [file, { file, bytes: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length }];
    }),
  );

  // Strings in library code can look like imports (React's `import('./MyComponent')` in an
  // error message): only files that exist in the build count.
  const closure = (roots: string[], followDynamic = false): string[] => {
    const seen = new Set<string>();
    const queue = [...roots];
    while (queue.length) {
      const file = queue.shift() as string;
      if (seen.has(file)) continue;
      const source = code.get(file);
      if (source === undefined) throw new Error(`${file} is referenced but not in the build`);
      seen.add(file);
      const next = [
        ...staticImports(source, file),
        ...(followDynamic ? dynamicImports(source, file) : []),
      ];
      queue.push(...next.filter((f) => code.has(f)));
    }
    return [...seen];
  };
  const page = (htmlPath: string) =>
    htmlScripts(readFileSync(join(distDir, htmlPath), 'utf8'), htmlPath);

  const launchHtml = page('launch/index.html');
  const appHtml = page('index.html');
  const launchFiles = closure(launchHtml);
  const appFiles = closure(appHtml);
  const viewerFiles = closure(page('view/index.html'));
  // jose's JWE encrypter and the QR encoder, recognised by content.
  const isShareChunk = (source: string) =>
    /CompactEncrypt|JWE Protected Header/.test(source) || /Mask pattern|getBCHDigit/.test(source);
  const pdfFiles = files.filter((file) => isPdfLibChunk(code.get(file) ?? ''));
  const initial = new Set([...launchFiles, ...appFiles]);

  return {
    launchPage: group(launchFiles, sizes),
    appInitial: group(appFiles, sizes),
    viewerPage: group(viewerFiles, sizes),
    shareInAppInitial: appFiles.filter((file) => isShareChunk(code.get(file) ?? '')),
    pdf: group(pdfFiles, sizes),
    total: group(files, sizes),
    chunks: [...sizes.values()].sort((a, b) => b.gzip - a.gzip),
    pdfInInitial: pdfFiles.filter((file) => initial.has(file)),
    pdfInHtml: pdfFiles.filter((file) => launchHtml.includes(file) || appHtml.includes(file)),
    pdfLazyFromApp: pdfFiles.filter((file) => closure(appHtml, true).includes(file)),
  };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
