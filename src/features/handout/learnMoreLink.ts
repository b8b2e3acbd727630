/**
 * The learn-more site comes from runtime config, which an operator edits by hand. Only an
 * http(s) address becomes a link: anything else (a typo, `javascript:`) is shown as text so
 * the preview can never run script from config.
 */
export function safeLinkHref(site: string): string | null {
  try {
    const url = new URL(site);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
