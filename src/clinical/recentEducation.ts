import type { PriorEducation } from './findings';

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
    return age < windowHours * 3_600_000;
  });
}
