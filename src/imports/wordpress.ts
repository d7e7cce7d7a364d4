// WordPress WXR 1.0–1.2 (Tools → Export): each <item> is a post with its <wp:comment>s inside.
import type { Bytes } from './bytes.js';
import { wordpressStatus } from './mapping.js';
import type { ParsedRecord, SourceArticle } from './records.js';
import { parseXml } from './xml.js';

/** Post types that are pages of the site (attachments, menu items, revisions… are not). */
const PAGE_TYPES = new Set(['post', 'page']);

/** Comment types that are readers' comments (`review`: WooCommerce product reviews); the rest are skipped. */
const PUBLIC_COMMENT_TYPES = new Set(['', 'comment', 'pingback', 'trackback', 'review']);

/** WordPress dates are `YYYY-MM-DD HH:MM:SS`; the `_gmt` one is UTC. */
export function wordpressDate(gmt: string | undefined, local: string | undefined): string | null {
  for (const value of [gmt, local]) {
    const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value?.trim() ?? '');
    if (match && !value?.startsWith('0000')) return `${match[1]}T${match[2]}Z`;
  }
  return null;
}

export function parseWordpress(source: Bytes): AsyncIterable<ParsedRecord> {
  let item: Record<string, string> | null = null;
  let itemDepth = 0;
  let article: SourceArticle | null = null;
  let comment: Record<string, string> | null = null;
  let commentDepth = 0;
  /** The <wp:commentmeta> being read (Parley's own WXR marks placeholders and moderators there). */
  let meta: Record<string, string> = {};
  let itemNumber = 0;

  const articleOf = (fields: Record<string, string>): SourceArticle => ({
    ref: fields.post_id || `item-${itemNumber}`,
    url: fields.link || null,
    title: fields.title || null,
    closed: fields.comment_status === 'closed',
  });

  return parseXml<ParsedRecord>(source, {
    open(name, _attributes, depth, emit) {
      if (name === 'item' && !item) {
        item = {};
        itemDepth = depth;
        article = null;
        itemNumber++;
      } else if (name === 'comment' && item && depth === itemDepth + 1) {
        if (!article) {
          article = articleOf(item);
          emit({ type: 'article', article });
        }
        comment = {};
        commentDepth = depth;
      }
    },
    close(name, text, depth, emit) {
      if (comment && depth === commentDepth + 2 && (name === 'meta_key' || name === 'meta_value')) {
        meta[name] = text;
      } else if (comment && name === 'commentmeta' && depth === commentDepth + 1) {
        if (meta.meta_key) comment[`meta:${meta.meta_key}`] = meta.meta_value ?? '';
        meta = {};
      } else if (comment && depth === commentDepth + 1) {
        comment[name] = text;
      } else if (comment && name === 'comment' && depth === commentDepth) {
        const c = comment;
        comment = null;
        const createdAt = wordpressDate(c.comment_date_gmt, c.comment_date);
        const type = c.comment_type === 'pingback' || c.comment_type === 'trackback' ? c.comment_type : 'comment';
        if (!article) return;
        // Plugins keep other things as comments (WooCommerce order notes, action logs…): never public comments.
        if (!PUBLIC_COMMENT_TYPES.has(c.comment_type ?? '')) {
          emit({ type: 'skip', reason: 'other_type' });
          return;
        }
        if (!c.comment_id || !createdAt) {
          emit({ type: 'skip', reason: 'incomplete' });
          return;
        }
        emit({
          type: 'comment',
          articleRef: article.ref,
          comment: {
            source: 'wordpress',
            sourceId: c.comment_id,
            parentSourceId: c.comment_parent && c.comment_parent !== '0' ? c.comment_parent : null,
            status: wordpressStatus(c.comment_approved ?? '0'),
            type,
            name: c.comment_author ?? '',
            email: c.comment_author_email ?? '',
            url: c.comment_author_url || null,
            ip: c.comment_author_IP || null,
            userAgent: c.comment_agent || null,
            createdAt,
            body: c.comment_content ?? '',
            bodyFormat: 'html',
            // Written by Parley's WordPress export: a deleted comment kept for its replies, a moderator's comment, a featured one.
            deleted: c['meta:parley_deleted'] === '1',
            ...(c['meta:parley_moderator'] === '1' ? { moderator: true } : {}),
            ...(c['meta:parley_featured'] === '1' ? { featured: true } : {}),
          },
        });
      } else if (item && !comment && depth === itemDepth + 1) {
        item[name] = text;
      } else if (item && name === 'item' && depth === itemDepth) {
        if (!article && PAGE_TYPES.has(item.post_type ?? 'post') && (item.status ?? 'publish') !== 'auto-draft') {
          emit({ type: 'article', article: articleOf(item) });
        }
        item = null;
      }
    },
  });
}
