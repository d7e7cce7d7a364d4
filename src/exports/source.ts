// What an export reads: a site's articles and comments, page by page in id order (keyset paging,
// so memory stays constant however large the site is).
import type { ExportStore, ExportArticle, ExportComment } from '../store/types.js';

export type { ExportArticle, ExportComment, ExportStore };

/** Rows per page: small enough for constant memory, large enough that D1's 1,000 queries per invocation cover a million rows. */
export const EXPORT_PAGE = 1000;

export async function* articlesOf(store: ExportStore, siteId: number, pageSize = EXPORT_PAGE): AsyncGenerator<ExportArticle[]> {
  let after = 0;
  for (;;) {
    const page = await store.exportArticles(siteId, after, pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.id;
  }
}

/** Every comment of the site in id order (parents come before their replies: a reply is always younger). */
export async function* commentsOf(store: ExportStore, siteId: number, pageSize = EXPORT_PAGE): AsyncGenerator<ExportComment[]> {
  let after = 0;
  for (;;) {
    const page = await store.exportComments(siteId, after, pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.id;
  }
}

/** Every comment of the site ordered by (article id, comment id), for formats that nest comments in their article. */
export async function* commentsByArticle(store: ExportStore, siteId: number, pageSize = EXPORT_PAGE): AsyncGenerator<ExportComment[]> {
  let after = { articleId: 0, id: 0 };
  for (;;) {
    const page = await store.exportCommentsByArticle(siteId, after, pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = { articleId: last.articleId, id: last.id };
  }
}

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
