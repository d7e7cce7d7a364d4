// Picks the reader's language: English is built in; another language's table comes from the Parley server.
import { en } from './strings/en.js';
import { languages } from './strings/languages.js';
import type { Strings } from './strings/types.js';

/** The primary subtag of a BCP 47 tag: `ar-EG` → `ar`. */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

export async function loadStrings(base: URL, tag: string): Promise<{ lang: string; t: Strings }> {
  const lang = primaryLanguage(tag);
  if (lang !== 'en' && languages.includes(lang)) {
    try {
      const res = await fetch(new URL(`widget/strings/${lang}.json`, base).href, { credentials: 'omit' });
      if (res.ok) return { lang, t: { ...en, ...((await res.json()) as Partial<Strings>) } };
    } catch {
      // Unreachable: English it is.
    }
  }
  return { lang: 'en', t: en };
}
