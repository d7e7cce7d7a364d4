// Parsed records → import batches: articles get their keys, comments their article's key, and
// batches close at a number of comments (local writes) or of bytes (under a server's body limit).
import { articleKey, type KeyMode } from './mapping.js';
import type { ImportArticle, ImportBatchInput, ImportCommentInput, ParsedRecord } from './records.js';
import { IMPORT_BATCH_MAX } from './records.js';

export interface BatchOptions {
  key: KeyMode;
  /** Comments per batch (at most IMPORT_BATCH_MAX when sent to a server). */
  maxComments: number;
  /** Bytes of JSON per batch; Infinity when nothing is sent over HTTP. */
  maxBytes: number;
  dryRun: boolean;
  pingbacks: boolean;
  /** A Parley file's site settings. */
  onSettings?: (settings: unknown) => void | Promise<void>;
}

export interface ParsedBatch {
  batch: ImportBatchInput & { articles: ImportArticle[]; comments: ImportCommentInput[] };
  /** Records the parser left out, per reason. */
  skipped: Record<string, number>;
}

const encoder = new TextEncoder();

/** Room for the batch's own JSON around the records. */
const ENVELOPE_BYTES = 200;

export async function* toBatches(records: AsyncIterable<ParsedRecord>, options: BatchOptions): AsyncIterable<ParsedBatch> {
  const keys = new Map<string, string>();
  const fresh = (): ParsedBatch => ({
    batch: { dryRun: options.dryRun, pingbacks: options.pingbacks, articles: [], comments: [] },
    skipped: {},
  });
  let current = fresh();
  let bytes = ENVELOPE_BYTES;
  const countBytes = Number.isFinite(options.maxBytes);
  const maxRecords = options.maxComments;

  const full = (size: number) =>
    current.batch.comments.length + current.batch.articles.length > 0 &&
    (current.batch.comments.length >= maxRecords || current.batch.articles.length >= IMPORT_BATCH_MAX || (countBytes && bytes + size > options.maxBytes));

  for await (const record of records) {
    if (record.type === 'settings') {
      await options.onSettings?.(record.settings);
      continue;
    }
    if (record.type === 'skip') {
      current.skipped[record.reason] = (current.skipped[record.reason] ?? 0) + 1;
      continue;
    }
    let size = 0;
    let add: () => void;
    if (record.type === 'article') {
      const key = articleKey(record.article, options.key);
      keys.set(record.article.ref, key);
      const article: ImportArticle = { key, url: record.article.url, title: record.article.title, closed: record.article.closed };
      if (countBytes) size = JSON.stringify(article).length + 1;
      add = () => current.batch.articles.push(article);
    } else {
      const key = keys.get(record.articleRef);
      if (key === undefined) {
        current.skipped.missing_article = (current.skipped.missing_article ?? 0) + 1;
        continue;
      }
      const comment: ImportCommentInput = { ...record.comment, article: key };
      if (countBytes) size = encoder.encode(JSON.stringify(comment)).length + 1;
      add = () => current.batch.comments.push(comment);
    }
    if (full(size)) {
      yield current;
      current = fresh();
      bytes = ENVELOPE_BYTES;
    }
    add();
    bytes += size;
  }
  if (current.batch.comments.length + current.batch.articles.length > 0 || Object.keys(current.skipped).length > 0) yield current;
}
