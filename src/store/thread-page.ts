// One page of a thread in SQL: the page's top-level comments (oldest or newest first, after a cursor)
// and every approved reply below them, instead of all of an article's rows, plus the article's
// count, in one statement. Plain SQL text with `?` parameters, run by better-sqlite3 (prepared once)
// and by D1 (one query) alike.
import type { PublicCommentRow } from '../db/schema.js';
import type { ApprovedPage, ApprovedPageQuery } from './types.js';

/** Below this many approved rows a whole read is as cheap as a page: the store reads it all. */
export const PAGE_FROM_ROWS = 400;

/** Approved rows of an article, deleted placeholders included (index only: the whole-read decision). */
export const APPROVED_ROWS_SQL = "select count(*) as n from comments where article_id = ? and status = 'approved'";

/** The public columns of a page's rows (toPageRow), as D1 reads them. */
const ROW_COLUMNS = 'c.id, c.parent_id, c.name, c.url, c.avatar, c.moderator, c.html, c.deleted, c.created_at, c.edited_at, c.source, c.source_id, c.reactions, c.featured';
/** Only what tells a row in memory from a changed one (src/store/sqlite-row-memo.ts), as Node reads them. */
const SHAPE_COLUMNS = 'c.id, c.version';

/**
 * The page's SQL for a sort and whether there is a cursor (four of each, each prepared once on
 * Node); `shape`: (id, version) instead of the public columns, then `root`, `shown`.
 */
export function pageSql(sort: ApprovedPageQuery['sort'], cursor: boolean, shape = false): string {
  const dir = sort === 'newest' ? 'desc' : 'asc';
  const cmp = sort === 'newest' ? '<' : '>';
  const after = cursor ? ` and (created_at ${cmp} ? or (created_at = ? and id ${cmp} ?))` : '';
  return `with recursive page(id) as (
      select id from comments
      where article_id = ? and status = 'approved' and parent_id is null${after}
      order by created_at ${dir}, id ${dir} limit ?
    ), tree(id) as (
      select id from page
      union all
      -- Replies through the parent index (\`+status\`: not through the status index, a scan of every approved comment).
      select c.id from tree t join comments c on c.parent_id = t.id where +c.status = 'approved'
    )
    select ${shape ? SHAPE_COLUMNS : ROW_COLUMNS}, c.parent_id is null as root, n.shown
    -- The count rides along (one statement, one D1 query): the one-row count left-joined to the page's rows.
    from (select count(*) as shown from comments where article_id = ? and status = 'approved' and deleted = 0) n
    left join comments c on c.id in (select id from tree)`;
}

export function pageParams(articleId: number, query: ApprovedPageQuery): unknown[] {
  const after = query.after ? [query.after.createdAt, query.after.createdAt, query.after.id] : [];
  return [articleId, ...after, query.roots, articleId];
}

/** A row of pageSql as the thread builder takes it. */
export function toPageRow(r: Record<string, unknown>): PublicCommentRow {
  return {
    id: Number(r.id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    name: String(r.name),
    url: r.url === null ? null : String(r.url),
    avatar: String(r.avatar),
    moderator: Boolean(r.moderator),
    html: String(r.html),
    deleted: Boolean(r.deleted),
    createdAt: Number(r.created_at),
    editedAt: r.edited_at === null ? null : Number(r.edited_at),
    source: r.source === null ? null : String(r.source),
    sourceId: r.source_id === null ? null : String(r.source_id),
    reactions: Number(r.reactions),
    featured: Boolean(r.featured),
  };
}

/** The page from pageSql's rows: its comments (none when the only row is the count's), and the count. */
export function toPage(raw: Array<Record<string, unknown>>): ApprovedPage {
  const rows = raw.filter((r) => r.id !== null && r.id !== undefined);
  return { rows: rows.map(toPageRow), roots: rows.reduce((n, r) => n + (r.root ? 1 : 0), 0), count: Number(raw[0]?.shown ?? 0), whole: false };
}
