import type { Translation } from './translation.ts';

/**
 * The texts of one language, loaded on demand: a page downloads only the language it shows. Each
 * language is a chunk of its own with its keys: the core carries no text and no key.
 */
export const loadTexts = async (lang: 'bg' | 'en'): Promise<Translation> =>
  (await (lang === 'bg' ? import('./bg.ts') : import('./en.ts'))).default;
