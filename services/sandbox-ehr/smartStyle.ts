/**
 * The SMART style (context-style) the token response points at: colours and fonts of
 * this fake EHR, so the app can be checked to blend in.
 */
export const SMART_STYLE = {
  color_background: '#f4f6f8',
  color_error: '#b42318',
  color_highlight: '#1f5f99',
  color_modal_backdrop: 'rgba(16, 24, 40, 0.6)',
  color_success: '#067647',
  color_text: '#1d2733',
  dim_border_radius: '6px',
  dim_font_size: '16px',
  dim_spacing_size: '16px',
  font_family_body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  font_family_heading: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
};
