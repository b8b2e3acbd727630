import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSandbox } from './harness';
import { APP_ORIGIN, startTestSandbox } from './harness';
import { SEED_STORIES } from '../pages/seedStories';

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.dispose());

const get = (path: string): Promise<Response> =>
  fetch(`${sandbox.origin}${path}`, { redirect: 'manual' });

describe('launcher', () => {
  it('serves the launcher page', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<label for="patient">');
    expect(html).toContain('pat-long-name');
    expect(html).not.toMatch(/<script|<link/);
  });

  it('describes what every seed patient demonstrates, one line each', async () => {
    const html = (await (await get('/')).text()).replace(/\s+/g, ' ');
    for (const [id, story] of Object.entries(SEED_STORIES)) {
      expect(html, id).toContain(`<code>${id}</code>: ${story}`);
    }
    expect(html).not.toContain('Added after the seed.');
  });

  it('redirects /launch to the app launch URL (default profile full)', async () => {
    const response = await get(
      '/launch?patient=pat-oud-bup&practitioner=pr-chen&encounter=enc-oud-bup',
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${APP_ORIGIN}/launch/`);
    expect(location.searchParams.get('iss')).toBe(sandbox.base('full'));
    expect(location.searchParams.get('launch')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('uses the chosen profile base', async () => {
    const response = await get(
      '/launch?patient=pat-french&practitioner=pr-okafor&profile=notes-only',
    );
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('iss')).toBe(
      sandbox.base('notes-only'),
    );
  });

  it('with frame=1 redirects to an EHR page that frames only the app', async () => {
    const response = await get(
      '/launch?patient=pat-odd&practitioner=pr-chen&frame=1&need_patient_banner=false',
    );
    expect(response.status).toBe(302);
    const frameUrl = response.headers.get('location') ?? '';
    expect(frameUrl.startsWith(`${sandbox.origin}/ehr?`)).toBe(true);
    const page = await fetch(frameUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(`frame-src 'self' ${APP_ORIGIN}`);
    const html = await page.text();
    expect(html).toContain('title="Heroin education app"');
    expect(html).toContain(
      'sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"',
    );
    const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(src.startsWith(`${APP_ORIGIN}/launch/?iss=`)).toBe(true);
    expect((await get('/ehr?launch=made-up')).status).toBe(400);
  });

  it.each([
    ['unknown patient', '/launch?patient=nobody&practitioner=pr-chen'],
    ['unknown practitioner', '/launch?patient=pat-odd&practitioner=nobody'],
    ['unknown encounter', '/launch?patient=pat-odd&practitioner=pr-chen&encounter=nope'],
    [
      "another patient's encounter",
      '/launch?patient=pat-odd&practitioner=pr-chen&encounter=enc-french',
    ],
    ['bad profile', '/launch?patient=pat-odd&practitioner=pr-chen&profile=cerner'],
    ['bad knob', '/launch?patient=pat-odd&practitioner=pr-chen&token_lifetime=-5'],
  ])('answers 400 for %s', async (_name, path) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});
