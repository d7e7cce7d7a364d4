// The normalised records every importer produces and the admin import API takes: one shape for
// WordPress, Disqus, Isso, Remark42 and Parley's own files. The zod schemas are the API's batch shape.
import { z } from 'zod';
import { commentStatuses } from '../db/schema.js';

export const bodyFormats = ['html', 'markdown', 'text'] as const;
export const commentTypes = ['comment', 'pingback', 'trackback'] as const;

const sourceName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a short lowercase name such as "wordpress"');
const sourceId = z.string().min(1).max(200);
const isoDate = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date (ISO 8601, e.g. 2014-01-14T17:32:12Z)');
const optionalText = (max: number) => z.string().max(max).nullable().default(null);

/** A reader's "Like" as Parley stores it: keyed hashes (base64url), never an IP. */
const readerHash = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a keyed hash (base64url)');
export const importReactionSchema = z.strictObject({ readerKey: readerHash, ipKey: readerHash, createdAt: isoDate });

/** Reaction rows one comment may carry in a batch (a very popular comment stays well within a request). */
export const REACTIONS_PER_COMMENT_MAX = 10_000;

export const importArticleSchema = z.strictObject({
  key: z.string().min(1).max(512),
  url: optionalText(2048),
  title: optionalText(1000),
  closed: z.boolean().default(false),
});

export const importCommentSchema = z.strictObject({
  source: sourceName,
  sourceId,
  /** The key of the article, which is in the batch's `articles` or already in Parley. */
  article: z.string().min(1).max(512),
  /** The parent's source id; its source is `parentSource`, else this comment's own. */
  parentSourceId: sourceId.nullable().default(null),
  parentSource: sourceName.nullable().default(null),
  status: z.enum(commentStatuses),
  type: z.enum(commentTypes).default('comment'),
  name: z.string().max(1000).default(''),
  email: z.string().max(1000).default(''),
  url: optionalText(4096),
  ip: optionalText(100),
  userAgent: optionalText(1000),
  createdAt: isoDate,
  body: z.string().max(200_000),
  bodyFormat: z.enum(bodyFormats),
  /** A comment deleted at the source: kept as a placeholder so its replies keep their place. */
  deleted: z.boolean().default(false),
  // Parley's own files carry what Parley stored; other sources leave these out.
  // At most 15 digits, so that the ids Parley gives after it stay safe JavaScript integers.
  id: z.number().int().positive().max(999_999_999_999_999).optional(),
  bodySource: z.string().max(200_000).optional(),
  reasons: z.array(z.string().max(100)).max(50).optional(),
  moderator: z.boolean().optional(),
  editedAt: isoDate.nullable().optional(),
  featured: z.boolean().optional(),
  reactions: z.array(importReactionSchema).max(REACTIONS_PER_COMMENT_MAX).optional(),
});

export const IMPORT_BATCH_MAX = 1000;

export const importBatchSchema = z.strictObject({
  dryRun: z.boolean().default(false),
  /** Import pingbacks and trackbacks too (they are skipped and counted otherwise). */
  pingbacks: z.boolean().default(false),
  articles: z.array(importArticleSchema).max(IMPORT_BATCH_MAX).default([]),
  comments: z.array(importCommentSchema).max(IMPORT_BATCH_MAX).default([]),
});

export type ImportArticle = z.infer<typeof importArticleSchema>;
export type ImportComment = z.infer<typeof importCommentSchema>;
export type ImportBatch = z.infer<typeof importBatchSchema>;
/** What a parser hands over before defaults are applied (the API's input type). */
export type ImportCommentInput = z.input<typeof importCommentSchema>;
export type ImportBatchInput = z.input<typeof importBatchSchema>;

/** An article as a source file describes it, before its key is chosen (`--key path|url|id`). */
export interface SourceArticle {
  /** The source's own id for the post or thread (what comments point at). */
  ref: string;
  url: string | null;
  title: string | null;
  closed: boolean;
  /** A key the source itself gives (Isso's thread uri, a Parley key), used as is. */
  key?: string;
}

/** One item from a parser. */
export type ParsedRecord =
  | { type: 'article'; article: SourceArticle }
  | { type: 'comment'; articleRef: string; comment: Omit<ImportCommentInput, 'article'> }
  /** Parley files: the site's settings (used when the site does not exist yet). */
  | { type: 'settings'; settings: unknown }
  /** Something the parser read and left out on purpose, counted in the report. */
  | { type: 'skip'; reason: string };

/** A file that cannot be imported; `where` names the line or record. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly where: string | null = null,
  ) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'ImportFileError';
  }
}
