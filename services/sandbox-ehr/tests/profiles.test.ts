import type {
  Bundle,
  BundleEntry,
  CapabilityStatement,
  DocumentReference,
  Procedure,
  Provenance,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSandbox } from './harness';
import {
  adminToken,
  diagnostics,
  educationDoc,
  fhir,
  getTokens,
  startTestSandbox,
  storedCount,
  textAttachment,
} from './harness';

let sandbox: TestSandbox;
let admin: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startTestSandbox();
  admin = await adminToken(sandbox);
  for (const profile of ['full', 'no-transaction', 'notes-only'] as const) {
    tokens[profile] = (
      await getTokens(sandbox, { profile, encounter: 'enc-oud-bup' })
    ).access_token;
  }
});
afterAll(() => sandbox.dispose());

function procedure(overrides: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure',
    status: 'completed',
    code: {
      coding: [{ system: 'http://snomed.info/sct', code: '424407005' }],
      text: 'Education: P277',
    },
    subject: { reference: 'Patient/pat-oud-bup' },
    encounter: { reference: 'Encounter/enc-oud-bup' },
    performedDateTime: '2026-11-27T10:00:00Z',
    ...overrides,
  };
}

function post(profile: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fhir(sandbox.base(profile as 'full'), path, tokens[profile], { body, headers });
}

const PDF = {
  attachment: {
    contentType: 'application/pdf',
    data: Buffer.from('%PDF-1.4').toString('base64'),
    title: 'Handout',
  },
};

describe('no-transaction profile (Oracle-like)', () => {
  it('refuses a Bundle POST', async () => {
    const { status, body } = await post('no-transaction', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [],
    });
    expect(status).toBe(405);
    expect(diagnostics(body)).toContain('transaction');
  });

  it('refuses two content entries', async () => {
    const { status, body } = await post(
      'no-transaction',
      'DocumentReference',
      educationDoc({ content: [textAttachment('a'), PDF] }),
    );
    expect(status).toBe(422);
    expect(diagnostics(body)).toContain('exactly one');
  });

  it('refuses a text content type without charset', async () => {
    const { status, body } = await post(
      'no-transaction',
      'DocumentReference',
      educationDoc({ content: [textAttachment('a', 'text/plain')] }),
    );
    expect(status).toBe(422);
    expect(diagnostics(body)).toContain('charset');
  });

  it('refuses dates without a time', async () => {
    const doc = await post(
      'no-transaction',
      'DocumentReference',
      educationDoc({
        context: {
          encounter: [{ reference: 'Encounter/enc-oud-bup' }],
          period: { start: '2026-11-27' },
        },
      }),
    );
    expect(doc.status).toBe(422);
    expect(diagnostics(doc.body)).toContain('time');
    const proc = await post(
      'no-transaction',
      'Procedure',
      procedure({ performedDateTime: '2026-11-27' }),
    );
    expect(proc.status).toBe(422);
  });

  it('refuses a second author, or an author who is not the signed-in user', async () => {
    const two = await post(
      'no-transaction',
      'DocumentReference',
      educationDoc({
        author: [{ reference: 'Practitioner/pr-chen' }, { reference: 'Practitioner/pr-okafor' }],
      }),
    );
    expect(two.status).toBe(422);
    const other = await post(
      'no-transaction',
      'DocumentReference',
      educationDoc({ author: [{ reference: 'Practitioner/pr-okafor' }] }),
    );
    expect(other.status).toBe(422);
    expect(diagnostics(other.body)).toContain('signed-in user');
  });

  it('accepts a conforming DocumentReference, Procedure and Provenance, with conditional create', async () => {
    const doc = educationDoc();
    const ifNoneExist = `identifier=urn:ietf:rfc:3986|${doc.identifier?.[0]?.value ?? ''}`;
    const first = await post('no-transaction', 'DocumentReference', doc, {
      'If-None-Exist': ifNoneExist,
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toMatch(
      new RegExp(`^${sandbox.base('no-transaction')}/DocumentReference/[^/]+/_history/`),
    );
    expect(first.headers.get('etag')).toMatch(/^W\//);
    const again = await post('no-transaction', 'DocumentReference', doc, {
      'If-None-Exist': ifNoneExist,
    });
    expect(again.status).toBe(200);
    expect((again.body as DocumentReference).id).toBe((first.body as DocumentReference).id);

    const proc = await post(
      'no-transaction',
      'Procedure',
      procedure({
        report: [{ reference: `DocumentReference/${(first.body as DocumentReference).id ?? ''}` }],
      }),
    );
    expect(proc.status).toBe(201);
    const provenance: Provenance = {
      resourceType: 'Provenance',
      // Versioned, as Provenance targets usually are: the Location of the create.
      target: [{ reference: proc.headers.get('location')?.split('/fhir/')[1] ?? '' }],
      recorded: '2026-11-27T10:00:00Z',
      agent: [
        { who: { reference: 'Practitioner/pr-chen' } },
        { who: { display: 'Heroin education app' }, role: [{ text: 'assembler' }] },
      ],
    };
    expect(provenance.target[0]?.reference).toMatch(/^Procedure\/[^/]+\/_history\//);
    const created = await post('no-transaction', 'Provenance', provenance);
    expect(created.status, diagnostics(created.body)).toBe(201);
  });
});

describe('notes-only profile (Epic-like)', () => {
  it('refuses a PDF', async () => {
    const { status, body } = await post(
      'notes-only',
      'DocumentReference',
      educationDoc({ content: [PDF] }),
    );
    expect(status).toBe(422);
    expect(diagnostics(body)).toContain('text/plain');
  });

  it('refuses a note without context.encounter', async () => {
    const { status, body } = await post(
      'notes-only',
      'DocumentReference',
      educationDoc({ context: undefined }),
    );
    expect(status).toBe(422);
    expect(diagnostics(body)).toContain('encounter');
  });

  it('refuses Procedure and Provenance create', async () => {
    expect((await post('notes-only', 'Procedure', procedure())).status).toBe(405);
    const provenance = {
      resourceType: 'Provenance',
      target: [{ reference: 'Patient/pat-oud-bup' }],
      recorded: '2026-11-27T10:00:00Z',
      agent: [{ who: { reference: 'Practitioner/pr-chen' } }],
    };
    expect((await post('notes-only', 'Provenance', provenance)).status).toBe(405);
  });

  it('refuses If-None-Exist', async () => {
    const { status, body } = await post('notes-only', 'DocumentReference', educationDoc(), {
      'If-None-Exist': 'identifier=x',
    });
    expect(status).toBe(400);
    expect(diagnostics(body)).toContain('conditional create');
  });

  it('refuses transactions and batches', async () => {
    for (const type of ['transaction', 'batch']) {
      const { status } = await post('notes-only', '', {
        resourceType: 'Bundle',
        type,
        entry: [{ request: { method: 'GET', url: 'Patient/pat-oud-bup' } }],
      });
      expect(status).toBe(405);
    }
  });

  it('accepts a base64 text/plain note with an encounter', async () => {
    const { status } = await post('notes-only', 'DocumentReference', educationDoc());
    expect(status).toBe(201);
  });

  it('declares all this in its CapabilityStatement', async () => {
    const { body } = await fhir<CapabilityStatement>(
      sandbox.base('notes-only'),
      'metadata',
      undefined,
    );
    const rest = body?.rest?.[0];
    expect(rest?.interaction ?? []).not.toContainEqual({ code: 'transaction' });
    const doc = rest?.resource?.find((r) => r.type === 'DocumentReference');
    expect(doc?.conditionalCreate).toBe(false);
    expect(doc?.interaction).toContainEqual({ code: 'create' });
    expect(rest?.resource?.find((r) => r.type === 'Procedure')?.interaction).not.toContainEqual({
      code: 'create',
    });
  });
});

function educationTransaction(
  identifier: string,
  procedureStatus: Procedure['status'] = 'completed',
): Bundle {
  const docUrl = `urn:uuid:${crypto.randomUUID()}`;
  const procUrl = `urn:uuid:${crypto.randomUUID()}`;
  const entries: BundleEntry[] = [
    {
      fullUrl: docUrl,
      resource: educationDoc({
        identifier: [{ system: 'urn:ietf:rfc:3986', value: identifier }],
        content: [textAttachment('x'), PDF],
      }),
      request: {
        method: 'POST',
        url: 'DocumentReference',
        ifNoneExist: `identifier=urn:ietf:rfc:3986|${identifier}`,
      },
    },
    {
      fullUrl: procUrl,
      resource: procedure({
        status: procedureStatus,
        identifier: [{ system: 'urn:ietf:rfc:3986', value: identifier }],
        report: [{ reference: docUrl }],
      }),
      request: {
        method: 'POST',
        url: 'Procedure',
        ifNoneExist: `identifier=urn:ietf:rfc:3986|${identifier}`,
      },
    },
    {
      resource: {
        resourceType: 'Provenance',
        target: [{ reference: docUrl }, { reference: procUrl }],
        recorded: '2026-11-27T10:00:00Z',
        agent: [{ who: { reference: 'Practitioner/pr-chen' } }],
      },
      request: { method: 'POST', url: 'Provenance' },
    },
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

describe('full profile', () => {
  it('runs a transaction with ifNoneExist; a retry returns the existing resources', async () => {
    const identifier = `urn:uuid:${crypto.randomUUID()}`;
    const first = await post('full', '', educationTransaction(identifier));
    expect(first.status).toBe(200);
    const firstBundle = first.body as Bundle;
    expect(firstBundle.type).toBe('transaction-response');
    expect(firstBundle.entry?.map((e) => e.response?.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const proc = firstBundle.entry?.[1]?.resource as Procedure;
    const docId = firstBundle.entry?.[0]?.resource?.id ?? '';
    expect(proc.report?.[0]?.reference).toBe(`DocumentReference/${docId}`);
    // The identifier value is an urn:uuid too; only references are rewritten.
    expect((firstBundle.entry?.[0]?.resource as DocumentReference).identifier?.[0]?.value).toBe(
      identifier,
    );

    const docsBefore = await storedCount(
      sandbox,
      admin,
      `DocumentReference?identifier=${encodeURIComponent(identifier)}`,
    );
    const second = await post('full', '', educationTransaction(identifier));
    const secondBundle = second.body as Bundle;
    expect(secondBundle.entry?.[0]?.response?.status).toBe('200 OK');
    expect(secondBundle.entry?.[1]?.response?.status).toBe('200 OK');
    expect(secondBundle.entry?.[0]?.resource?.id).toBe(docId);
    expect(
      await storedCount(
        sandbox,
        admin,
        `DocumentReference?identifier=${encodeURIComponent(identifier)}`,
      ),
    ).toBe(docsBefore);
    expect(
      await storedCount(sandbox, admin, `Procedure?identifier=${encodeURIComponent(identifier)}`),
    ).toBe(1);
  });

  it('stores nothing when one entry is invalid', async () => {
    const identifier = `urn:uuid:${crypto.randomUUID()}`;
    const { status, body } = await post(
      'full',
      '',
      educationTransaction(identifier, 'bogus' as Procedure['status']),
    );
    expect(status).toBe(422);
    expect(JSON.stringify(body)).toContain('Bundle.entry[1]');
    expect(
      await storedCount(
        sandbox,
        admin,
        `DocumentReference?identifier=${encodeURIComponent(identifier)}`,
      ),
    ).toBe(0);
    expect(
      await storedCount(sandbox, admin, `Procedure?identifier=${encodeURIComponent(identifier)}`),
    ).toBe(0);
  });

  it('checks scope for every transaction entry', async () => {
    const limited = await getTokens(sandbox, { knobs: { deny_scopes: 'patient/Provenance.c' } });
    const { status, body } = await fhir(sandbox.base('full'), '', limited.access_token, {
      body: educationTransaction(`urn:uuid:${crypto.randomUUID()}`),
    });
    expect(status).toBe(403);
    expect(diagnostics(body)).toContain('Provenance');
  });

  it('validates: a bad DocumentReference status is 422 naming the field', async () => {
    const { status, body } = await post(
      'full',
      'DocumentReference',
      educationDoc({ status: 'bogus' as DocumentReference['status'] }),
    );
    expect(status).toBe(422);
    expect(JSON.stringify(body)).toContain('DocumentReference.status');
  });

  it('validates: an attachment without contentType and an unknown encounter are 422', async () => {
    const noType = await post(
      'full',
      'DocumentReference',
      educationDoc({ content: [{ attachment: { data: 'eA==' } }] }),
    );
    expect(noType.status).toBe(422);
    expect(JSON.stringify(noType.body)).toContain('contentType');
    const unknown = await post(
      'full',
      'DocumentReference',
      educationDoc({ context: { encounter: [{ reference: 'Encounter/nope' }] } }),
    );
    expect(unknown.status).toBe(422);
  });

  it("refuses writing to another patient's record", async () => {
    const { status } = await post(
      'full',
      'DocumentReference',
      educationDoc({ subject: { reference: 'Patient/pat-french' }, context: undefined }),
    );
    expect(status).toBe(403);
  });

  it("refuses a conditional create that matches another patient's record", async () => {
    const french = (await getTokens(sandbox, { patient: 'pat-french' })).access_token;
    const ifNoneExist =
      'identifier=urn:ietf:rfc:3986|urn:uuid:3f2b8c1e-7d4a-4e2b-9a61-5c0d8e9f1a27';
    const doc = educationDoc({ subject: { reference: 'Patient/pat-french' }, context: undefined });
    const { status } = await fhir(sandbox.base('full'), 'DocumentReference', french, {
      body: doc,
      headers: { 'If-None-Exist': ifNoneExist },
    });
    expect(status).toBe(403);
  });

  it('honours Prefer: return=minimal', async () => {
    const { status, body, headers } = await post('full', 'DocumentReference', educationDoc(), {
      Prefer: 'return=minimal',
    });
    expect(status).toBe(201);
    expect(body).toBeUndefined();
    expect(headers.get('location')).toContain('/DocumentReference/');
  });

  it('answers a read that arrives during a long batch before the batch ends', async () => {
    const finished: string[] = [];
    const batch = post('full', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: Array.from({ length: 80 }, () => ({
        request: { method: 'GET', url: 'Condition?patient=pat-oud-bup' },
      })),
    }).then(() => finished.push('batch'));
    // The read leaves once the batch is being worked through.
    await new Promise((done) => setTimeout(done, 5));
    const read = fhir(sandbox.base('full'), 'Patient/pat-oud-bup', tokens.full).then((r) => {
      expect(r.status).toBe(200);
      finished.push('read');
    });
    await Promise.all([batch, read]);
    expect(finished).toEqual(['read', 'batch']);
  });

  it('runs a batch entry by entry', async () => {
    const { status, body } = await post('full', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient/pat-oud-bup' } },
        { request: { method: 'GET', url: 'Patient/pat-french' } },
        { request: { method: 'POST', url: 'DocumentReference' }, resource: educationDoc() },
      ],
    });
    expect(status).toBe(200);
    expect((body as Bundle).entry?.map((e) => e.response?.status)).toEqual([
      '200 OK',
      '403',
      '201 Created',
    ]);
  });
});
