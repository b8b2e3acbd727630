/** Longest chart string printed; chart reads cap at the same length (fhir/reads/checkResource). */
export const MAX_PRINTED_CHART_STRING = 200;

/**
 * Cuts a chart string for print with a visible "…". The PDF gets its own cap on top of the one
 * where chart data enters: a name built from many parts, or a caller that skipped the read
 * check, must still not hand layout a megabyte to wrap (one page per few thousand characters).
 */
export function capText(value: string, max = MAX_PRINTED_CHART_STRING): string {
  if (value.length <= max) return value;
  return `${Array.from(value.slice(0, max * 2))
    .slice(0, max - 1)
    .join('')}…`;
}
