// Parley's own export: newline-delimited JSON with everything a site owns (docs/migrating.md
// describes the lines). Never sessions, tokens, edit-token hashes, passwords or the webhook secret.
import { parseReasons } from '../comments/stored-reasons.js';
import type { Site } from '../store/types.js';
import { articlesOf, commentsOf, isoOrNull, type ExportArticle, type ExportComment, type ExportStore } from './source.js';

export const PARLEY_FORMAT_VERSION = 1;

export function articleLine(article: ExportArticle): string {
  return JSON.stringify({
    type: 'article',
    key: article.key,
    url: article.url,
    title: article.title,
    closed: article.closed,
    firstCommentAt: isoOrNull(article.firstCommentAt),
  });
}

export function commentLine(comment: ExportComment): string {
  return JSON.stringify({
    type: 'comment',
    id: comment.id,
    article: comment.articleKey,
    parentId: comment.parentId,
    depth: comment.depth,
    status: comment.status,
    reasons: parseReasons(comment.reasons),
    name: comment.name,
    email: comment.email,
    url: comment.url,
    avatar: comment.avatar,
    bodySource: comment.bodySource,
    html: comment.html,
    ip: comment.ip,
    userAgent: comment.userAgent,
    moderator: comment.moderator,
    deleted: comment.deleted,
    createdAt: new Date(comment.createdAt).toISOString(),
    editedAt: isoOrNull(comment.editedAt),
    source: comment.source,
    sourceId: comment.sourceId,
    parentSource: comment.parentIdentity?.source ?? null,
    parentSourceId: comment.parentIdentity?.sourceId ?? null,
    featured: comment.featured,
    // The rows, not the count: an import writes them and recounts, so the count stays equal to
    // the rows and a reader who liked before can unlike on the new server (same PARLEY_SECRET).
    reactions: comment.reactions.map((r) => ({ readerKey: r.readerKey, ipKey: r.ipKey, createdAt: new Date(r.createdAt).toISOString() })),
  });
}

/** The export as text chunks (one per page of rows), each ending with a newline. */
export async function* parleyExport(store: ExportStore, site: Site, now: number): AsyncGenerator<string> {
  yield `${JSON.stringify({ type: 'parley', version: PARLEY_FORMAT_VERSION, site: site.slug, exportedAt: new Date(now).toISOString() })}\n`;
  // The secrets (Akismet key, moderation hook) stay on the server: an export file travels.
  const settings = { ...site.settings, akismetKey: null, moderationHook: null };
  yield `${JSON.stringify({ type: 'site', slug: site.slug, settings })}\n`;
  let articles = 0;
  for await (const page of articlesOf(store, site.id)) {
    articles += page.length;
    yield page.map((a) => `${articleLine(a)}\n`).join('');
  }
  let comments = 0;
  for await (const page of commentsOf(store, site.id)) {
    comments += page.length;
    yield page.map((c) => `${commentLine(c)}\n`).join('');
  }
  yield `${JSON.stringify({ type: 'end', articles, comments })}\n`;
}
