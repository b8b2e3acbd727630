import type {
  Bundle,
  DocumentReference,
  Procedure,
  Provenance,
  Resource,
} from '@medplum/fhirtypes';
import { FhirError } from '../../../src/fhir/errors';
import type { FhirTransport } from '../../../src/fhir/transport';
import { adminGet, type SandboxProfile } from '../../support/sandboxSession';

async function search<T extends Resource>(origin: string, path: string): Promise<T[]> {
  const bundle = await adminGet<Bundle<T>>(origin, path);
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

export interface Written {
  documentReferences: DocumentReference[];
  procedures: Procedure[];
  provenances: Provenance[];
}

/** What the sandbox really stored for this record key, read with the admin client. */
export async function readBack(
  origin: string,
  profile: SandboxProfile,
  patientId: string,
  key: string,
): Promise<Written> {
  const base = `/${profile}/fhir`;
  const identifier = encodeURIComponent(`urn:ietf:rfc:3986|urn:uuid:${key}`);
  const documentReferences = await search<DocumentReference>(
    origin,
    `${base}/DocumentReference?patient=${patientId}&identifier=${identifier}`,
  );
  const procedures = await search<Procedure>(
    origin,
    `${base}/Procedure?patient=${patientId}&identifier=${identifier}`,
  );
  const provenances = (
    await Promise.all(
      documentReferences.map((doc) =>
        search<Provenance>(
          origin,
          `${base}/Provenance?target=${encodeURIComponent(`DocumentReference/${doc.id ?? ''}`)}`,
        ),
      ),
    )
  ).flat();
  return { documentReferences, procedures, provenances };
}

/**
 * A transport that loses the answer to the first write to each of `urls` (or to the first
 * write at all): the request reaches the real server and is stored, the client sees a network
 * error. What a dropped connection after the server committed looks like.
 */
export function losingAnswers(
  inner: FhirTransport,
  urls?: string[],
): FhirTransport & { dropped: string[] } {
  const state = {
    baseUrl: inner.baseUrl,
    dropped: [] as string[],
    async request<T>(req: Parameters<FhirTransport['request']>[0]) {
      const response = await inner.request<T>(req);
      const wanted = urls ? urls.includes(req.url) : state.dropped.length === 0;
      if (req.method !== 'GET' && wanted && !state.dropped.includes(req.url)) {
        state.dropped.push(req.url);
        throw new FhirError({ kind: 'network' });
      }
      return response;
    },
  };
  return state;
}

export interface SentRequest {
  /** Method and path under the FHIR base, without the query: `POST ` is the transaction. */
  line: string;
  /** The conditional-create criteria it carried: `If-None-Exist`, or each transaction entry's. */
  criteria: string[];
  /** The `Prefer` header, if any. */
  prefer: string | undefined;
}

/** A transport that notes what each request it passes on asked for (what a proxy log shows). */
export function recording(inner: FhirTransport): FhirTransport & { sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  return {
    baseUrl: inner.baseUrl,
    sent,
    request<T>(req: Parameters<FhirTransport['request']>[0]) {
      const path = req.url.startsWith(inner.baseUrl)
        ? req.url.slice(inner.baseUrl.length)
        : req.url;
      const header = req.headers?.['If-None-Exist'];
      const entries = (req.body as Bundle | undefined)?.entry ?? [];
      sent.push({
        line: `${req.method} ${path.replace(/^\//, '').split('?')[0] ?? ''}`,
        criteria: header
          ? [decodeURIComponent(header)]
          : entries.flatMap((e) =>
              e.request?.ifNoneExist ? [decodeURIComponent(e.request.ifNoneExist)] : [],
            ),
        prefer: req.headers?.Prefer,
      });
      return inner.request<T>(req);
    },
  };
}
