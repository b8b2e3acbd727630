/** The share code (jose, qrcode, pdf-lib) is fetched only when the clinician shares. */
export const loadShare = () => import('./makeShareLink');
export const loadRevoke = () => import('./shareClient');
