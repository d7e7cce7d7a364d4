// The widget's languages, one table each. English is built into widget.js; the others are served
// as JSON by GET /widget/strings/{lang}.json (src/routes/widget-strings.ts), so that adding a
// language costs widget.js nothing.
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import type { Strings } from './types.js';

export type { FieldName, Strings } from './types.js';

export const translations = new Map<string, Strings>([
  ['en', en],
  ['ar', ar],
  ['de', de],
]);
