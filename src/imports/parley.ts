// Parley's own export (see docs/migrating.md): NDJSON with a header, the site, articles, comments and a trailer.
import { z } from 'zod';
import { commentStatuses } from '../db/schema.js';
import { lines, type Bytes } from './bytes.js';
import { ImportFileError, type ParsedRecord } from './records.js';

const header = z.object({ type: z.literal('parley'), version: z.literal(1) });
const site = z.object({ type: z.literal('site'), settings: z.record(z.string(), z.unknown()) });
const article = z.object({
  type: z.literal('article'),
  key: z.string().min(1).max(512),
  url: z.string().nullable(),
  title: z.string().nullable(),
  closed: z.boolean(),
});
const comment = z.object({
  type: z.literal('comment'),
  id: z.number().int().positive(),
  article: z.string(),
  parentId: z.number().int().positive().nullable(),
  status: z.enum(commentStatuses),
  reasons: z.array(z.string()).default([]),
  name: z.string(),
  email: z.string(),
  url: z.string().nullable(),
  bodySource: z.string(),
  html: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  moderator: z.boolean(),
  deleted: z.boolean(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  source: z.string().nullable().default(null),
  sourceId: z.string().nullable().default(null),
  /** The parent's identity (written by exports since it was added; older files name the parent by id only). */
  parentSource: z.string().nullable().default(null),
  parentSourceId: z.string().nullable().default(null),
  /** Written by exports since featured comments and reactions arrived; older files have neither. */
  featured: z.boolean().default(false),
  reactions: z.array(z.object({ readerKey: z.string(), ipKey: z.string(), createdAt: z.string() })).default([]),
});
const end = z.object({ type: z.literal('end'), articles: z.number(), comments: z.number() });

/** A comment's identity: where it came from, or ("parley", its id) for one born in Parley. */
const identity = (c: { id: number; source: string | null; sourceId: string | null }) =>
  c.source && c.sourceId ? { source: c.source, sourceId: c.sourceId } : { source: 'parley', sourceId: String(c.id) };

export async function* parseParley(source: Bytes): AsyncIterable<ParsedRecord> {
  // Parents come before their replies; remembering each id's identity lets a reply name its parent's.
  const identities = new Map<number, { source: string; sourceId: string }>();
  let seenHeader = false;
  let ended = false;
  for await (const { line, number } of lines(source)) {
    if (line.trim() === '') continue;
    const where = `line ${number}`;
    if (ended) throw new ImportFileError('there is more after the end line', where);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ImportFileError('not a JSON line (is the file cut off?)', where);
    }
    const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
    if (!seenHeader) {
      if (!header.safeParse(value).success) throw new ImportFileError('not a Parley export (no {"type":"parley","version":1} header)', where);
      seenHeader = true;
      continue;
    }
    const parsed =
      type === 'site' ? site.safeParse(value) : type === 'article' ? article.safeParse(value) : type === 'comment' ? comment.safeParse(value) : type === 'end' ? end.safeParse(value) : null;
    if (!parsed) throw new ImportFileError(`unknown line type ${JSON.stringify(type)}`, where);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ImportFileError(`${issue?.path.join('.') ?? ''} ${issue?.message ?? 'not valid'}`.trim(), where);
    }
    const data = parsed.data;
    if (data.type === 'site') yield { type: 'settings', settings: data.settings };
    else if (data.type === 'article') yield { type: 'article', article: { ref: data.key, key: data.key, url: data.url, title: data.title, closed: data.closed } };
    else if (data.type === 'end') ended = true;
    else {
      const own = identity(data);
      // Only identities other than the default ("parley", id) need remembering.
      if (own.source !== 'parley') identities.set(data.id, own);
      const parent =
        data.parentId === null
          ? null
          : data.parentSource && data.parentSourceId
            ? { source: data.parentSource, sourceId: data.parentSourceId }
            : (identities.get(data.parentId) ?? { source: 'parley', sourceId: String(data.parentId) });
      yield {
        type: 'comment',
        articleRef: data.article,
        comment: {
          ...own,
          id: data.id,
          parentSource: parent?.source ?? null,
          parentSourceId: parent?.sourceId ?? null,
          status: data.status,
          reasons: data.reasons,
          name: data.name,
          email: data.email,
          url: data.url,
          ip: data.ip,
          userAgent: data.userAgent,
          moderator: data.moderator,
          deleted: data.deleted,
          createdAt: data.createdAt,
          editedAt: data.editedAt,
          body: data.html,
          bodySource: data.bodySource,
          bodyFormat: 'html',
          featured: data.featured,
          reactions: data.reactions,
        },
      };
    }
  }
  if (!seenHeader) throw new ImportFileError('the file is empty');
  if (!ended) throw new ImportFileError('the file has no end line: it is cut off', 'end of file');
}
