/**
 * `<borica-identify>` and `<borica-sign>`: importing this module defines both tags (once).
 */
import type { BoricaElement } from './base.ts';
import type { BoricaDone } from './events.ts';

export { BoricaIdentify } from './components/identify/identify.ts';
export { BoricaSign } from './components/sign/sign.ts';
export { timing } from './controllers/timing.ts';
export type * from './events.ts';
export type { Strings, Translation } from './i18n/translation.ts';
export type { BoricaElement };

/** For those who prefer `await`: resolves once with `{status, id, kind}` when the session ends. */
export const whenDone = (el: Element): Promise<BoricaDone> => (el as BoricaElement).done;
