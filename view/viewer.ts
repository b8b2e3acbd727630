/**
 * The patient's viewer (`/view/`): opens a SMART Health Link (`#shlink:/…` or pasted), asks for
 * the passcode when the link says so, fetches the manifest and the file, decrypts in this
 * browser with the key from the link, and shows the handout as HTML (and the PDF). Plain DOM,
 * no framework. Only links to the configured share service are opened (the CSP allows no other).
 */
import { decryptShlFile } from '../src/features/share/shareCrypto';
import { ShlinkError, parseShlink, type ShlPayload } from '../src/features/share/shlink';
import './viewer.css';

const RECIPIENT = 'Patient (handout viewer)';
const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = el<HTMLParagraphElement>('viewer-status');
const passcodeForm = el<HTMLFormElement>('passcode-form');
const linkForm = el<HTMLFormElement>('link-form');
const handout = el<HTMLDivElement>('handout');
const pdf = el<HTMLParagraphElement>('pdf');
const endSection = el<HTMLElement>('end-section');

const say = (text: string) => {
  status.textContent = text;
};

interface Attachment {
  contentType?: string;
  data?: string;
}

async function allowedOrigin(): Promise<string | undefined> {
  try {
    const config = (await (await fetch('/config.json', { cache: 'no-store' })).json()) as {
      shareServiceUrl?: unknown;
    };
    return typeof config.shareServiceUrl === 'string'
      ? new URL(config.shareServiceUrl).origin
      : undefined;
  } catch {
    return undefined;
  }
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const ALLOWED = new Set(['DL', 'DT', 'DD', 'H1', 'H2', 'P', 'SMALL']);

/** Rebuilds only allowed elements, text as text: nothing from the file can run or load. */
function copySafe(from: Node, to: Node): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.textContent ?? ''));
    } else if (node instanceof Element) {
      if (ALLOWED.has(node.tagName)) {
        // The handout's own title becomes the page's second level: the page has its h1.
        const tag = node.tagName === 'H1' ? 'h2' : node.tagName.toLowerCase();
        const copy = document.createElement(tag);
        copySafe(node, copy);
        to.appendChild(copy);
      } else {
        copySafe(node, to);
      }
    }
  }
}

function show(docRef: { resourceType?: string; content?: { attachment?: Attachment }[] }): void {
  if (docRef.resourceType !== 'DocumentReference')
    throw new ShlinkError('The link holds something this viewer cannot show.');
  const attachments = (docRef.content ?? []).map((c) => c.attachment ?? {});
  const html = attachments.find((a) => a.contentType?.startsWith('text/html'));
  const text = attachments.find((a) => a.contentType?.startsWith('text/plain'));
  const pdfFile = attachments.find((a) => a.contentType === 'application/pdf');
  handout.replaceChildren();
  if (html?.data) {
    const parsed = new DOMParser().parseFromString(
      new TextDecoder().decode(bytesOf(html.data)),
      'text/html',
    );
    const article = document.createElement('article');
    copySafe(parsed.body, article);
    handout.appendChild(article);
  } else if (text?.data) {
    const article = document.createElement('article');
    for (const para of new TextDecoder().decode(bytesOf(text.data)).split(/\n{2,}/)) {
      const p = document.createElement('p');
      p.textContent = para;
      article.appendChild(p);
    }
    handout.appendChild(article);
  }
  handout.hidden = false;
  if (pdfFile?.data) {
    const url = URL.createObjectURL(
      new Blob([bytesOf(pdfFile.data) as BlobPart], { type: 'application/pdf' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = 'handout.pdf';
    a.className = 'button';
    a.textContent = 'Download the handout as a PDF';
    pdf.replaceChildren(a);
    pdf.hidden = false;
  }
}

async function fetchFile(file: { embedded?: string; location?: string }): Promise<string> {
  if (typeof file.embedded === 'string') return file.embedded;
  if (typeof file.location !== 'string')
    throw new ShlinkError('The link’s server answered something this viewer cannot read.');
  const response = await fetch(file.location, { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw new ShlinkError('This link has expired or was ended.');
  return response.text();
}

async function open(link: ShlPayload, passcode: string | undefined): Promise<void> {
  say('Opening…');
  let response: Response;
  try {
    response = await fetch(link.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        recipient: RECIPIENT,
        ...(passcode ? { passcode } : {}),
        embeddedLengthMax: 4_000_000,
      }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    say('The handout could not be reached. Check your connection and try again.');
    return;
  }
  if (response.status === 401) {
    const body = (await response.json().catch(() => ({}))) as { remainingAttempts?: number };
    const left = body.remainingAttempts ?? 0;
    passcodeForm.hidden = left === 0;
    say(
      left === 0
        ? 'This link is locked after too many wrong passcodes. Ask your clinician for a new one.'
        : passcode
          ? `That passcode is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.`
          : 'Enter the passcode your clinician gave you.',
    );
    if (left > 0) el<HTMLInputElement>('passcode').focus();
    return;
  }
  if (response.status === 404) {
    say('This link has expired or was ended. Ask your clinician for a new one.');
    return;
  }
  if (!response.ok) {
    say('The handout is unavailable right now. Try again later.');
    return;
  }
  try {
    const manifest = (await response.json()) as {
      files?: { contentType?: string; embedded?: string; location?: string }[];
    };
    const file = manifest.files?.find((f) => f.contentType === 'application/fhir+json');
    if (!file) throw new ShlinkError('The link holds something this viewer cannot show.');
    const content = await decryptShlFile(link.key, await fetchFile(file)).catch((e: unknown) => {
      if (e instanceof ShlinkError) throw e;
      throw new ShlinkError('This link is damaged: the handout could not be unlocked.');
    });
    show(JSON.parse(content) as Parameters<typeof show>[0]);
    passcodeForm.hidden = true;
    endSection.hidden = false;
    el<HTMLButtonElement>('end-button').onclick = () => void end(link, passcode);
    say('');
    status.hidden = true;
  } catch (error) {
    say(
      error instanceof ShlinkError
        ? error.message
        : 'This link is damaged: the handout could not be shown.',
    );
  }
}

async function end(link: ShlPayload, passcode: string | undefined): Promise<void> {
  status.hidden = false;
  const response = await fetch(`${link.url}/end`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(passcode ? { passcode } : {}),
    credentials: 'omit',
  }).catch(() => undefined);
  if (response?.ok || response?.status === 404) {
    handout.hidden = true;
    pdf.hidden = true;
    endSection.hidden = true;
    say('This link is ended: it no longer opens the handout.');
  } else {
    say('The link could not be ended right now. Try again.');
  }
}

async function start(raw: string): Promise<void> {
  let link: ShlPayload;
  try {
    link = parseShlink(raw);
  } catch (error) {
    say(error instanceof ShlinkError ? error.message : 'This is not a SMART Health Link.');
    linkForm.hidden = false;
    return;
  }
  const origin = await allowedOrigin();
  if (!origin || new URL(link.url).origin !== origin) {
    say('This viewer opens only links made by this service.');
    return;
  }
  if (link.exp !== undefined && link.exp * 1000 < Date.now()) {
    say('This link has expired. Ask your clinician for a new one.');
    return;
  }
  linkForm.hidden = true;
  if (link.flag?.includes('P')) {
    passcodeForm.hidden = false;
    say('Enter the passcode your clinician gave you.');
    passcodeForm.onsubmit = (event) => {
      event.preventDefault();
      void open(link, el<HTMLInputElement>('passcode').value);
    };
    return;
  }
  await open(link, undefined);
}

linkForm.onsubmit = (event) => {
  event.preventDefault();
  void start(el<HTMLInputElement>('link-input').value);
};

const fragment = window.location.hash.slice(1);
// The key is in the fragment: take it out of the address bar and the history once read.
if (fragment) history.replaceState(null, '', window.location.pathname);
if (fragment) void start(fragment);
else {
  say('Open the link or QR code you were given, or paste the link here.');
  linkForm.hidden = false;
}
