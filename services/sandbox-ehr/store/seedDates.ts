/**
 * Seed values written `{{today-90d}}` become a date that many days before the seed is
 * loaded. A naloxone dispense "3 months ago" must stay inside the app's 12-month window
 * however long after this seed was written the sandbox runs; a fixed date would silently
 * turn the demo into "not on the medication list" a year later.
 */
const RELATIVE_DATE = /^\{\{today([+-]\d{1,5})d\}\}$/;

function shifted(days: number, now: Date): string {
  const date = new Date(now.getTime() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

export function resolveSeedDates<T>(value: T, now: Date): T {
  if (typeof value === 'string') {
    const match = RELATIVE_DATE.exec(value);
    return (match ? shifted(Number(match[1]), now) : value) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => resolveSeedDates(item, now)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveSeedDates(item, now)]),
    ) as T;
  }
  return value;
}
