// A WordPress eXtended RSS (WXR 1.2) file, as wp-admin/includes/export.php writes it, so that
// WordPress's own importer (and Parley's) read it: one <item> per article with its comments inside.
import type { Site } from '../store/types.js';
import { articlesOf, commentsByArticle, type ExportArticle, type ExportComment, type ExportStore } from './source.js';
import { cdata, xmlEscape } from './xml-text.js';

/** WordPress's `comment_approved`: 1, 0, spam or trash. */
const APPROVED: Record<ExportComment['status'], string> = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' };

/** `2026-11-24 19:08:14`, the MySQL DATETIME WordPress writes (in GMT here: Parley keeps no site time zone). */
export function wpDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** RSS's RFC 822 date. */
const rssDate = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

/** The site's first allowed origin, the best guess at the WordPress site it came from. */
const baseUrl = (site: Site) => site.settings.origins[0] ?? '';

/** The article's permalink: its URL, else the origin and the key when the key is a path. */
export function articleLink(site: Site, article: ExportArticle): string {
  if (article.url) return article.url;
  return article.key.startsWith('/') ? `${baseUrl(site)}${article.key}` : article.key;
}

/** WordPress's post slug: the last segment of the key's path. */
export function postName(key: string): string {
  const path = key.split(/[?#]/)[0] ?? '';
  const segment = path.split('/').filter(Boolean).at(-1) ?? '';
  return segment.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 200);
}

function header(site: Site, now: number): string {
  const base = xmlEscape(baseUrl(site));
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="Parley" created="${wpDate(now)}" -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>${xmlEscape(site.slug)}</title>
\t<link>${base}</link>
\t<description>Comments exported from Parley</description>
\t<pubDate>${rssDate(now)}</pubDate>
\t<language>en</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>${base}</wp:base_site_url>
\t<wp:base_blog_url>${base}</wp:base_blog_url>
\t<generator>https://github.com/parley</generator>
`;
}

function itemOpen(site: Site, article: ExportArticle, now: number): string {
  const at = article.firstCommentAt ?? now;
  const link = xmlEscape(articleLink(site, article));
  return `\t<item>
\t\t<title>${xmlEscape(article.title ?? article.key)}</title>
\t\t<link>${link}</link>
\t\t<pubDate>${rssDate(at)}</pubDate>
\t\t<dc:creator>${cdata('')}</dc:creator>
\t\t<guid isPermaLink="false">${xmlEscape(article.key)}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata('')}</content:encoded>
\t\t<excerpt:encoded>${cdata('')}</excerpt:encoded>
\t\t<wp:post_id>${article.id}</wp:post_id>
\t\t<wp:post_date>${cdata(wpDate(at))}</wp:post_date>
\t\t<wp:post_date_gmt>${cdata(wpDate(at))}</wp:post_date_gmt>
\t\t<wp:comment_status>${cdata(article.closed ? 'closed' : 'open')}</wp:comment_status>
\t\t<wp:ping_status>${cdata('closed')}</wp:ping_status>
\t\t<wp:post_name>${cdata(postName(article.key))}</wp:post_name>
\t\t<wp:status>${cdata('publish')}</wp:status>
\t\t<wp:post_parent>0</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type>${cdata('post')}</wp:post_type>
\t\t<wp:post_password>${cdata('')}</wp:post_password>
\t\t<wp:is_sticky>0</wp:is_sticky>
\t\t<wp:postmeta>
\t\t\t<wp:meta_key>${cdata('parley_article_key')}</wp:meta_key>
\t\t\t<wp:meta_value>${cdata(article.key)}</wp:meta_value>
\t\t</wp:postmeta>
`;
}

/** A comment meta entry, as WordPress writes them inside <wp:comment>. */
const commentMeta = (key: string, value: string) =>
  `\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>${cdata(key)}</wp:meta_key>\n\t\t\t\t<wp:meta_value>${cdata(value)}</wp:meta_value>\n\t\t\t</wp:commentmeta>\n`;

/**
 * One comment. The body is the stored (sanitised) HTML, which WordPress shows as it is. What WXR has
 * no element for goes in comment meta that WordPress keeps and Parley's importer reads: a deleted
 * comment kept as a placeholder for its replies (approved with no text, so its replies stay
 * visible in WordPress too), a moderator's comment and a featured one. (Reactions are not carried:
 * WordPress has no likes, and their rows only mean something to a Parley.)
 */
export function commentElement(comment: ExportComment): string {
  const date = cdata(wpDate(comment.createdAt));
  return `\t\t<wp:comment>
\t\t\t<wp:comment_id>${comment.id}</wp:comment_id>
\t\t\t<wp:comment_author>${cdata(comment.name)}</wp:comment_author>
\t\t\t<wp:comment_author_email>${cdata(comment.email)}</wp:comment_author_email>
\t\t\t<wp:comment_author_url>${cdata(comment.url ?? '')}</wp:comment_author_url>
\t\t\t<wp:comment_author_IP>${cdata(comment.ip ?? '')}</wp:comment_author_IP>
\t\t\t<wp:comment_date>${date}</wp:comment_date>
\t\t\t<wp:comment_date_gmt>${date}</wp:comment_date_gmt>
\t\t\t<wp:comment_content>${cdata(comment.html)}</wp:comment_content>
\t\t\t<wp:comment_approved>${cdata(APPROVED[comment.status])}</wp:comment_approved>
\t\t\t<wp:comment_agent>${cdata(comment.userAgent ?? '')}</wp:comment_agent>
\t\t\t<wp:comment_type>${cdata('comment')}</wp:comment_type>
\t\t\t<wp:comment_parent>${comment.parentId ?? 0}</wp:comment_parent>
\t\t\t<wp:comment_user_id>0</wp:comment_user_id>
${comment.deleted ? commentMeta('parley_deleted', '1') : ''}${comment.moderator ? commentMeta('parley_moderator', '1') : ''}${comment.featured ? commentMeta('parley_featured', '1') : ''}\t\t</wp:comment>
`;
}

/** Pulls comments (ordered by article, then id) one at a time out of their pages. */
function commentCursor(pages: AsyncGenerator<ExportComment[]>) {
  let page: ExportComment[] = [];
  let index = 0;
  return {
    async peek(): Promise<ExportComment | null> {
      while (index >= page.length) {
        const next = await pages.next();
        if (next.done) return null;
        page = next.value;
        index = 0;
      }
      return page[index] ?? null;
    },
    skip() {
      index += 1;
    },
  };
}

/** The WXR file as text chunks (about one article per chunk). */
export async function* wordpressExport(store: ExportStore, site: Site, now: number): AsyncGenerator<string> {
  yield header(site, now);
  const comments = commentCursor(commentsByArticle(store, site.id));
  for await (const page of articlesOf(store, site.id)) {
    for (const article of page) {
      let chunk = itemOpen(site, article, now);
      for (let c = await comments.peek(); c && c.articleId <= article.id; c = await comments.peek()) {
        // Both streams are in article-id order, so a comment never belongs to an earlier article.
        if (c.articleId === article.id) chunk += commentElement(c);
        comments.skip();
        // An article with very many comments still goes out in bounded pieces.
        if (chunk.length > 64 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      yield `${chunk}\t</item>\n`;
    }
  }
  yield '</channel>\n</rss>\n';
}
