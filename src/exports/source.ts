// What an export reads: a site's articles and comments, page by page in id order (keyset paging,
// so memory stays constant however large the site is).
import type { ExportStore, ExportArticle, ExportComment } from '../store/types.js';

export type { ExportArticle, ExportComment, ExportStore };

/** Rows per page: small enough for constant memory, large enough that D1's 1,000 queries per invocation cover a million rows. */
export const EXPORT_PAGE = 1000;

/** Keyset paging: asks for the page after the last row of the one before until a short page. */
async function* pages<T, K>(read: (after: K, pageSize: number) => Promise<T[]>, first: K, next: (last: T) => K, pageSize: number): AsyncGenerator<T[]> {
  let after = first;
  for (;;) {
    const page = await read(after, pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = next(last);
  }
}

export function articlesOf(store: ExportStore, siteId: number, pageSize = EXPORT_PAGE): AsyncGenerator<ExportArticle[]> {
  return pages((after: number, size) => store.exportArticles(siteId, after, size), 0, (last) => last.id, pageSize);
}

/** Every comment of the site in id order (parents come before their replies: a reply is always younger). */
export function commentsOf(store: ExportStore, siteId: number, pageSize = EXPORT_PAGE): AsyncGenerator<ExportComment[]> {
  return pages((after: number, size) => store.exportComments(siteId, after, size), 0, (last) => last.id, pageSize);
}

/** Every comment of the site ordered by (article id, comment id), for formats that nest comments in their article. */
export function commentsByArticle(store: ExportStore, siteId: number, pageSize = EXPORT_PAGE): AsyncGenerator<ExportComment[]> {
  return pages(
    (after: { articleId: number; id: number }, size) => store.exportCommentsByArticle(siteId, after, size),
    { articleId: 0, id: 0 },
    (last) => ({ articleId: last.articleId, id: last.id }),
    pageSize,
  );
}

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
