// What the widget keeps about the reader for reports and reactions (localStorage, never cookies): a
// random reader id (the server only ever stores a keyed hash of it), and which comments this reader
// liked or reported, so the buttons show the reader's own state without asking the server.

import { read, write } from './memory.js';

const READER_KEY = 'parley:reader';
/** Ids kept per site and kind; the oldest are forgotten first. */
const MAX_IDS = 2000;

let made: string | null = null;

/** This browser's reader id (24 random base64url characters), made on first use; without storage it lasts as long as the page. */
export function readerId(): string {
  const stored = read(READER_KEY);
  if (typeof stored === 'string' && /^[\w-]{16,64}$/.test(stored)) return stored;
  made ??= btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18)))).replace(/\+/g, '-').replace(/\//g, '_');
  write(READER_KEY, made);
  return made;
}

export type Mark = 'liked' | 'reported';

const markKey = (site: string, mark: Mark) => `parley:${mark}:${site}`;

export function marked(site: string, mark: Mark): Set<number> {
  const value = read(markKey(site, mark));
  return new Set(Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);
}

export function setMark(site: string, mark: Mark, id: number, on: boolean): void {
  const ids = [...marked(site, mark)].filter((v) => v !== id);
  if (on) ids.push(id);
  write(markKey(site, mark), ids.slice(-MAX_IDS));
}
