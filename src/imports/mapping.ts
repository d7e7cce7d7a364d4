// The import mapping rules as pure functions: statuses per source, websites, bodies, names, article keys.
import type { CommentStatus } from '../db/schema.js';
import { anonymiseIp } from '../comments/ip.js';
import { renderBody, sanitiseHtml } from '../comments/render.js';
import { cleanLine, cleanText } from '../comments/text.js';
import type { ImportComment, SourceArticle } from './records.js';

/** WordPress `wp:comment_approved`: 1, 0, spam, trash (and post-trashed, a comment of a trashed post). */
export function wordpressStatus(approved: string): CommentStatus {
  switch (approved.trim().toLowerCase()) {
    case '1':
    case 'approve':
    case 'approved':
      return 'approved';
    case 'spam':
      return 'spam';
    case 'trash':
    case 'post-trashed':
      return 'trash';
    default:
      return 'pending';
  }
}

/** Disqus posts: spam wins; deleted posts are kept as placeholders (see `deleted`); the rest are public. */
export function disqusStatus(isSpam: boolean): CommentStatus {
  return isSpam ? 'spam' : 'approved';
}

/** Isso `mode`: 1 accepted, 2 waiting for moderation, 4 deleted (a placeholder kept for its replies). */
export function issoStatus(mode: number): { status: CommentStatus; deleted: boolean } {
  if (mode === 2) return { status: 'pending', deleted: false };
  if (mode === 4) return { status: 'approved', deleted: true };
  return { status: 'approved', deleted: false };
}

/** A commenter's website, kept only when it is an absolute http(s) URL. */
export function websiteOf(value: string | null): { url: string | null; dropped: boolean } {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return { url: null, dropped: false };
  try {
    const url = new URL(trimmed);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname && url.href.length <= 2048) {
      return { url: url.href, dropped: false };
    }
  } catch {
    // not a URL at all: dropped below
  }
  return { url: null, dropped: true };
}

const BLOCK = /<(p|div|blockquote|ul|ol|pre|table|h[1-6])[\s>]/i;

/**
 * WordPress stores comment text with bare line breaks and adds paragraphs when it shows them
 * (wpautop): blank lines make paragraphs, single line breaks make <br>. Bodies that already have
 * block markup (Disqus, Remark42) are left as they are.
 */
export function autoParagraphs(html: string): string {
  const text = html.replace(/\r\n?/g, '\n').trim();
  if (text === '' || BLOCK.test(text)) return text;
  return text
    .split(/\n\s*\n/)
    .map((para) => `<p>${para.trim().replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Every link gets the rel a posted comment's links get (the sanitiser keeps, but does not add, one). */
export function withLinkRel(html: string): string {
  return html.replace(/<a href="([^"]*)">/g, '<a href="$1" rel="nofollow ugc noopener">');
}

/** The stored HTML of an imported body: HTML through the comment allowlist, Markdown as posted comments are, text escaped. */
export function bodyHtml(body: string, format: ImportComment['bodyFormat']): string {
  const clean = cleanText(body);
  if (format === 'markdown') return renderBody(clean);
  if (format === 'text') return withLinkRel(sanitiseHtml(autoParagraphs(escapeHtml(clean))));
  return withLinkRel(sanitiseHtml(autoParagraphs(clean)));
}

/** A name on one line, at most 100 characters; sources without one (pingbacks, anonymous) get "Anonymous". */
export function nameOf(value: string): string {
  const name = [...cleanLine(value).replace(/\s+/g, ' ')].slice(0, 100).join('');
  return name === '' ? 'Anonymous' : name;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

/** An email kept only when it looks like one (it names the avatar and makes a known author). */
export function emailOf(value: string): string {
  const email = value.trim();
  return email.length <= 254 && EMAIL.test(email) ? email : '';
}

export type KeyMode = 'path' | 'url' | 'id';

/** An article's key: its permalink's path (default), the whole URL, or the source's id for the post. */
export function articleKey(article: SourceArticle, mode: KeyMode): string {
  if (article.key !== undefined) return article.key.slice(0, 512);
  if (mode === 'id' || !article.url) return article.ref.slice(0, 512);
  if (mode === 'url') return article.url.slice(0, 512);
  try {
    const url = new URL(article.url);
    return (url.pathname + url.search).slice(0, 512) || '/';
  } catch {
    return article.url.slice(0, 512);
  }
}

/** What is stored for one imported comment (the store adds article and parent). */
export interface ImportRow {
  id: number | null;
  article: string;
  source: string;
  sourceId: string;
  parentSource: string | null;
  parentSourceId: string | null;
  status: CommentStatus;
  reasons: string;
  name: string;
  email: string;
  url: string | null;
  avatar: string;
  bodySource: string;
  html: string;
  ip: string | null;
  userAgent: string | null;
  moderator: number;
  deleted: number;
  createdAt: number;
  editedAt: number | null;
  featured: number;
  /** Reaction rows to write with the comment; the store recounts `comments.reactions` from them. */
  reactions: Array<{ readerKey: string; ipKey: string; createdAt: number }>;
}

/** Maps a validated record to its row; `avatar` is the keyed hash the service computed for it. */
export function toImportRow(comment: ImportComment, avatar: string): { row: ImportRow; websiteDropped: boolean } {
  const website = websiteOf(comment.url);
  const deleted = comment.deleted;
  const html = deleted ? '' : comment.source === 'parley' && comment.bodyFormat === 'html' ? withLinkRel(sanitiseHtml(comment.body)) : bodyHtml(comment.body, comment.bodyFormat);
  return {
    websiteDropped: !deleted && website.dropped,
    row: {
      id: comment.id ?? null,
      article: comment.article,
      source: comment.source,
      sourceId: comment.sourceId,
      parentSource: comment.parentSourceId === null ? null : (comment.parentSource ?? comment.source),
      parentSourceId: comment.parentSourceId,
      status: comment.status,
      reasons: JSON.stringify(comment.reasons ?? []),
      name: deleted ? '' : nameOf(comment.name),
      email: deleted ? '' : emailOf(comment.email),
      url: deleted ? null : website.url,
      avatar: deleted ? '' : avatar,
      bodySource: deleted ? '' : (comment.bodySource ?? cleanText(comment.body)),
      html,
      ip: deleted ? null : anonymiseIp(comment.ip),
      userAgent: deleted ? null : comment.userAgent ? cleanLine(comment.userAgent).slice(0, 500) : null,
      moderator: comment.moderator ? 1 : 0,
      deleted: deleted ? 1 : 0,
      createdAt: Date.parse(comment.createdAt),
      editedAt: comment.editedAt ? Date.parse(comment.editedAt) : null,
      // Only what was approved and not deleted can be featured (as setFeatured enforces).
      featured: comment.featured && comment.status === 'approved' && !deleted ? 1 : 0,
      reactions: (comment.reactions ?? []).map((r) => ({ readerKey: r.readerKey, ipKey: r.ipKey, createdAt: Date.parse(r.createdAt) })),
    },
  };
}
