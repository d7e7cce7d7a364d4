// The mail string tables by language, and the one function that fills their slots.
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import type { MailStrings } from './types.js';

export type { MailStrings };

export const mailStrings: Record<'en' | 'ar' | 'de', MailStrings> = { en, ar, de };

export function stringsFor(language: string): MailStrings {
  return language === 'ar' || language === 'de' ? mailStrings[language] : en;
}

/** Fills `{slot}`s with values; unknown slots stay as they are. Plain text: escape the result for HTML. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
