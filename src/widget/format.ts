// Filling string slots, the count heading, and times in the reader's language.
import type { Strings } from './strings/types.js';

/** Replaces `{slot}`s in one pass, so a value that itself contains `{title}` stays as it is. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (slot, key: string) => values[key] ?? slot);
}

/** Wraps text from a commenter or a site in Unicode isolates, so that it keeps its own direction in any language. */
export const isolate = (text: string) => `\u2068${text}\u2069`;

export function countHeading(t: Strings, lang: string, count: number, title: string): string {
  if (count <= 0) return t.beFirst;
  const category = new Intl.PluralRules(lang).select(count);
  const template = t.responses[category] ?? t.responses.other;
  return fill(template, { n: new Intl.NumberFormat(lang).format(count), title: isolate(title) });
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000_000],
  ['month', 2_592_000_000],
  ['week', 604_800_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 hours ago", "yesterday", "now". */
export function relativeTime(lang: string, iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'second');
}

/** The exact date and time, for the `title` of a `<time>`. */
export function exactTime(lang: string, when: string | number): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(when));
}

/** A clock time, for "try again at …". */
export function clockTime(lang: string, when: number): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(new Date(when));
}
