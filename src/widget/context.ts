// What every part of one widget instance shares.
import type { Api } from './api.js';
import type { WidgetOptions } from './options.js';
import type { Strings } from './strings/types.js';

export interface Context {
  opts: WidgetOptions;
  api: Api;
  t: Strings;
  /** The language actually used (a key of the string tables). */
  lang: string;
  /** Tells screen readers, politely. */
  announce(message: string): void;
}
