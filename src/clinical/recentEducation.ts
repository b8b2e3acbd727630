import type { PriorEducation } from './findings';

const DAY_MS = 24 * 3_600_000;

/**
 * The most recent education within the window, if any (history newest first, as returned by
 * priorEducation). The app asks before repeating it; the CDS service asks "within 12 months?".
 */
export function recentEducation(
  history: readonly PriorEducation[],
  windowHours: number,
  now: Date | number = Date.now(),
): PriorEducation | undefined {
  const at = typeof now === 'number' ? now : now.getTime();
  return history.find((e) => {
    const age = at - Date.parse(e.date);
    // A day of clock skew between EHR and app still counts; a record dated further ahead is a
    // data error and must not suppress the question (or a CDS card) for good.
    return age > -DAY_MS && age < windowHours * 3_600_000;
  });
}
