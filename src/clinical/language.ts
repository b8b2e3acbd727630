import type { Patient } from '@medplum/fhirtypes';
import type { LanguageFinding } from './findings';
import { codings, field, isObject, objects, str } from './safeRead';

const INTERPRETER_REQUIRED = 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired';

/**
 * ISO 639-2/B, 639-2/T and 639-3 codes EHRs send instead of BCP-47, mapped to the ISO 639-1
 * subtag BCP-47 requires (BCP-47 uses the two-letter code when one exists). Covers the
 * languages most often recorded in Canadian and US charts.
 */
// prettier-ignore
const ISO_639_2_3_TO_1: Readonly<Record<string, string>> = {
  eng: 'en', fra: 'fr', fre: 'fr', spa: 'es', deu: 'de', ger: 'de', ita: 'it', por: 'pt',
  zho: 'zh', chi: 'zh', ara: 'ar', rus: 'ru', ukr: 'uk', pol: 'pl', pan: 'pa', hin: 'hi',
  urd: 'ur', ben: 'bn', guj: 'gu', tam: 'ta', tel: 'te', vie: 'vi', kor: 'ko', jpn: 'ja',
  tgl: 'tl', fas: 'fa', per: 'fa', heb: 'he', tur: 'tr', ell: 'el', gre: 'el', nld: 'nl',
  dut: 'nl', ron: 'ro', rum: 'ro', som: 'so', amh: 'am', tir: 'ti', swa: 'sw', hat: 'ht',
  iku: 'iu', cre: 'cr', oji: 'oj', hun: 'hu', ces: 'cs', cze: 'cs', slk: 'sk', slo: 'sk',
  hrv: 'hr', srp: 'sr', bos: 'bs', alb: 'sq', sqi: 'sq', hye: 'hy', arm: 'hy', kat: 'ka',
  geo: 'ka', pus: 'ps', kur: 'ku', tha: 'th', khm: 'km', lao: 'lo', mya: 'my', bur: 'my',
  nep: 'ne', sin: 'si', ind: 'id', msa: 'ms', may: 'ms', yid: 'yi',
};

/** BCP-47 form of a recorded language code: en-ca -> en-CA, fre -> fr, eng-US -> en-US. */
export function normalizeLanguageTag(code: string): string {
  const [primary = '', ...rest] = code.trim().replace(/_/g, '-').split('-');
  const lower = primary.toLowerCase();
  const mapped = ISO_639_2_3_TO_1[lower] ?? lower;
  const subtags = rest.map((s) =>
    s.length === 2
      ? s.toUpperCase()
      : s.length === 4
        ? s[0]?.toUpperCase() + s.slice(1).toLowerCase()
        : s.toLowerCase(),
  );
  return [mapped, ...subtags].join('-');
}

function displayName(tag: string): string | undefined {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    // Intl echoes unknown codes back unchanged: that is not a name.
    return name && name.toLowerCase() !== tag.toLowerCase() ? name : undefined;
  } catch {
    return undefined;
  }
}

function interpreterRequired(patient: unknown): boolean | undefined {
  const ext = objects(field(patient, 'extension')).find((e) => e.url === INTERPRETER_REQUIRED);
  return typeof ext?.valueBoolean === 'boolean' ? ext.valueBoolean : undefined;
}

/**
 * The preferred language (the `preferred` communication, else the first). English in any
 * spelling (en, eng, en-US, en-CA) is served by the en-CA edition; anything else is not yet.
 */
export function preferredLanguage(patient: Patient): LanguageFinding | undefined {
  const all = objects(field(patient, 'communication'));
  const chosen = all.find((c) => c.preferred === true) ?? all[0];
  if (!chosen || !isObject(chosen.language)) return undefined;
  const coding = codings(chosen.language).find((c) => c.code);
  const text = str(chosen.language.text);
  const required = interpreterRequired(patient);
  if (coding?.code) {
    const tag = normalizeLanguageTag(coding.code);
    return {
      tag,
      name: displayName(tag) ?? coding.display ?? text ?? coding.code,
      isEnglish: tag.split('-')[0] === 'en',
      interpreterRequired: required,
    };
  }
  if (!text) return undefined;
  // Text only ("English", "French"): the words are all we have.
  return {
    tag: text,
    name: text,
    isEnglish: /^\s*english\b/i.test(text),
    interpreterRequired: required,
  };
}
