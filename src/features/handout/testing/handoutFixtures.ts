import { DEFAULT_HANDOUT } from '../content';
import type { HandoutRenderInput, VisitHeader } from '../renderInput';

export const VISIT: VisitHeader = {
  patientName: 'Jane Q. Example',
  birthDate: '1984-03-02',
  date: '2026-11-27',
  clinicianName: 'Dr A. Chen',
};

export const LEARN_MORE_URL = 'https://www.healthwise.net/patientEd';

export const LONG_WORD = 'W'.repeat(150) + 'z'.repeat(150);

/** Notes a clinician (or a paste) might produce; each must come out literally and safely. */
export const HOSTILE_NOTES = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  rtl: 'שלום, נתראה ביום שלישי',
  arabic: 'مرحبا بك',
  emoji: 'See you soon 👍🏽🙂',
  cjk: '下次见 Tuesday',
  longWord: LONG_WORD,
  multiline: 'Line one\n\n  Line three, indented\nLine four',
} as const;

export function renderInput(overrides: Partial<HandoutRenderInput> = {}): HandoutRenderInput {
  return {
    handout: DEFAULT_HANDOUT,
    visit: VISIT,
    patientNote: 'Call the clinic on Monday.',
    learnMoreUrl: LEARN_MORE_URL,
    ...overrides,
  };
}
