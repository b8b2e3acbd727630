/**
 * Tolerant readers for chart data. Real charts carry malformed fields (a `coding` object instead
 * of an array, a number where a string belongs); the rules treat such a field as absent
 * rather than throw, so one bad resource never hides the rest of the panel.
 */

export interface SafeCoding {
  system: string | undefined;
  code: string | undefined;
  display: string | undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

export function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function codings(concept: unknown): SafeCoding[] {
  return objects(field(concept, 'coding')).map((c) => ({
    system: str(c.system),
    code: str(c.code),
    display: str(c.display),
  }));
}

/** concept.text, else the first coding display: the words the EHR shows for it. */
export function conceptLabel(concept: unknown): string | undefined {
  return str(field(concept, 'text')) ?? codings(concept).find((c) => c.display)?.display;
}

/**
 * All the words recorded for a concept, for name fallbacks. Accents are dropped so the
 * patterns read French charts (Quebec) whether or not the EHR kept them: "opioïdes" and
 * "opioides", "buprénorphine" and "buprenorphine" are the same word.
 */
export function conceptWords(concept: unknown): string {
  return plainWords(
    [str(field(concept, 'text')), ...codings(concept).map((c) => c.display)]
      .filter(Boolean)
      .join(' '),
  );
}

/**
 * Text without diacritics (NFD, combining marks removed) and with typographic apostrophes made
 * plain ("l’utilisation" is "l'utilisation"), for name patterns.
 */
export function plainWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}

/** The first coded value of a status CodeableConcept (clinicalStatus, verificationStatus). */
export function statusCode(concept: unknown): string | undefined {
  return codings(concept)
    .find((c) => c.code)
    ?.code?.toLowerCase();
}

export function dateOf(value: unknown): string | undefined {
  const s = str(value);
  return s && !Number.isNaN(Date.parse(s)) ? s : undefined;
}
