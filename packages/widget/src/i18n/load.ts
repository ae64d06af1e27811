import type { Translation } from './translation.ts';

/**
 * The texts of one language, loaded on demand: a page downloads only the language it shows.
 * The build (vite.config.ts, `packTexts`) replaces this module: each language chunk then carries only
 * its texts, in a fixed order, and the keys live here once.
 */
export const loadTexts = async (lang: 'bg' | 'en'): Promise<Translation> =>
  (await (lang === 'bg' ? import('./bg.ts') : import('./en.ts'))).default;
