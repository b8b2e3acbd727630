/**
 * Applies the EHR's SMART style (smart_style_url) as CSS custom properties. Only values that
 * look like colours, lengths and font lists are taken: the style JSON comes from outside.
 */
const COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\)|hsla?\([\d\s.,%deg]+\)|[a-z]{3,20})$/i;
const LENGTH = /^\d{1,3}(\.\d+)?(px|rem|em|%)$/;
const FONT = /^[\w\s,'"-]{1,200}$/;

const MAPPING: Record<string, { variable: string; pattern: RegExp }> = {
  color_background: { variable: '--ehr-background', pattern: COLOR },
  color_text: { variable: '--ehr-text', pattern: COLOR },
  color_highlight: { variable: '--ehr-highlight', pattern: COLOR },
  color_error: { variable: '--ehr-error', pattern: COLOR },
  color_success: { variable: '--ehr-success', pattern: COLOR },
  dim_border_radius: { variable: '--ehr-radius', pattern: LENGTH },
  dim_font_size: { variable: '--ehr-font-size', pattern: LENGTH },
  dim_spacing_size: { variable: '--ehr-spacing', pattern: LENGTH },
  font_family_body: { variable: '--ehr-font-body', pattern: FONT },
  font_family_heading: { variable: '--ehr-font-heading', pattern: FONT },
};

export function styleVariables(style: unknown): Record<string, string> {
  if (typeof style !== 'object' || style === null) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(style)) {
    const target = MAPPING[key];
    if (target && typeof value === 'string' && target.pattern.test(value.trim())) {
      out[target.variable] = value.trim();
    }
  }
  return out;
}

/**
 * Best effort: a style that fails to load leaves the app's own calm defaults. Not FHIR I/O (a
 * public style file, fetched without the token), so it stays out of the FHIR module.
 */
export async function applySmartStyle(
  url: string | undefined,
  root = document.documentElement,
): Promise<void> {
  if (!url) return;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && !['127.0.0.1', 'localhost'].includes(parsed.hostname))
      return;
    const response = await fetch(parsed.href, { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return;
    for (const [name, value] of Object.entries(styleVariables(await response.json()))) {
      root.style.setProperty(name, value);
    }
  } catch {
    // keep defaults
  }
}
