/**
 * Which SMART launch this window belongs to. fhirclient keeps one "current" state per origin
 * in sessionStorage (SMART_KEY), and sessionStorage is shared by every same-origin frame in a
 * tab: an EHR showing two patients in two frames would make a reload of the first frame pick
 * up the second patient's launch. window.name belongs to one frame and survives its reloads,
 * so the state key is kept there too. It is not a secret: the state it names lives in this
 * origin's sessionStorage only.
 */
const PREFIX = 'heroin-education-launch:';

export function rememberStateKey(stateKey: string, win: Window = window): void {
  win.name = `${PREFIX}${stateKey}`;
}

export function rememberedStateKey(win: Window = window): string | undefined {
  return win.name.startsWith(PREFIX) ? win.name.slice(PREFIX.length) || undefined : undefined;
}
