// Public API of the handout feature. pdf-lib is not reachable from here except through the
// dynamic import inside buildHandoutPdf().
export { DEFAULT_HANDOUT, getHandout, listHandouts } from './content';
export type { Handout, HandoutSection } from './content';
export { HandoutView, type HandoutViewProps } from './HandoutView';
export { buildHandoutPdf, pdfFileName } from './pdf/buildHandoutPdf';
export type { HandoutPdfInput, HandoutPdfResult } from './pdf/buildHandoutPdf';
export type { HandoutRenderInput, VisitHeader } from './renderInput';
export { renderHandoutText } from './renderText';
