import type * as AttachModule from './attach';

/**
 * The write path (builders, plans, proof of every write, look-after-write) only runs when the
 * clinician presses Attach, so it is fetched on demand, like pdf-lib, and preloaded as soon as
 * the form is used: it keeps the app's first load within its budget. A chunk that fails to load fails the
 * attach like any other error: the draft stays and Retry loads it again.
 */
let loading: Promise<typeof AttachModule> | undefined;

export function preloadAttach(): void {
  loading ??= import('./attach');
  // A failed preload is retried on the next call; the attach itself reports the error.
  loading.catch(() => {
    loading = undefined;
  });
}

export async function attachEducation(
  ...args: Parameters<typeof AttachModule.attachEducation>
): ReturnType<typeof AttachModule.attachEducation> {
  preloadAttach();
  const module = await (loading as Promise<typeof AttachModule>);
  return module.attachEducation(...args);
}
