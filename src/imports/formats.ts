// Which parser reads a file: named by --format, or found from its first bytes (gzip read transparently).
import { gunzip, isGzip, peek, type Bytes } from './bytes.js';
import { parseDisqus } from './disqus.js';
import { parseIssoJson } from './isso-json.js';
import { parseParley } from './parley.js';
import { ImportFileError, type ParsedRecord } from './records.js';
import { parseRemark42 } from './remark42.js';
import { parseWordpress } from './wordpress.js';

export const importFormats = ['wordpress', 'disqus', 'isso', 'isso-json', 'remark42', 'parley'] as const;
export type ImportFormat = (typeof importFormats)[number];

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** The format a file's first bytes (after gunzip) say it is, or null. */
export function detectFormat(head: Uint8Array): ImportFormat | null {
  const start = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
  if (start.startsWith(SQLITE_MAGIC)) return 'isso';
  const trimmed = start.trimStart();
  if (trimmed.startsWith('<')) {
    if (/<disqus[\s>]/.test(trimmed)) return 'disqus';
    if (/<rss[\s>]/.test(trimmed) || /wordpress\.org\/export/.test(trimmed)) return 'wordpress';
    return null;
  }
  if (trimmed.startsWith('[')) return 'isso-json';
  if (trimmed.startsWith('{')) {
    const firstLine = trimmed.split('\n', 1)[0] ?? '';
    if (/^\{\s*"type"\s*:\s*"parley"/.test(firstLine)) return 'parley';
    if (/"(version|users|posts)"\s*:/.test(firstLine)) return 'remark42';
  }
  return null;
}

/** Peeks, gunzips if need be, and names the format. */
export async function openImport(source: Bytes, format?: ImportFormat): Promise<{ format: ImportFormat; stream: Bytes }> {
  let { head, stream } = await peek(source, 4096);
  if (isGzip(head)) ({ head, stream } = await peek(gunzip(stream), 4096));
  const found = format ?? detectFormat(head);
  if (!found) throw new ImportFileError('cannot tell what kind of export this is: name it with --format');
  return { format: found, stream };
}

/** The streaming parser of a format (Isso's SQLite file is read by the Node CLI, not from bytes). */
export function parserFor(format: Exclude<ImportFormat, 'isso'>, stream: Bytes): AsyncIterable<ParsedRecord> {
  switch (format) {
    case 'wordpress':
      return parseWordpress(stream);
    case 'disqus':
      return parseDisqus(stream);
    case 'isso-json':
      return parseIssoJson(stream);
    case 'remark42':
      return parseRemark42(stream);
    case 'parley':
      return parseParley(stream);
  }
}
