// One page of a thread in SQL: the page's top-level comments (in any thread order, after a cursor,
// featured ones only, or reaching down to an anchor's thread) and every approved reply below them,
// instead of all of an article's rows, plus the article's count, in one statement. Plain SQL text
// with `?` parameters, run by better-sqlite3 (prepared once per text) and by D1 (one query) alike.
import { AROUND_MAX } from '../comments/thread.js';
import type { PublicCommentRow } from '../db/schema.js';
import type { ApprovedPage, ApprovedPageQuery } from './types.js';

/** Below this many approved rows a whole read is as cheap as a page: the store reads it all. */
export const PAGE_FROM_ROWS = 400;

/** Approved rows of an article up to PAGE_FROM_ROWS, deleted placeholders included (index only: the whole-read decision). */
export const APPROVED_ROWS_SQL = `select count(*) as n from (select 1 from comments where article_id = ? and status = 'approved' limit ${PAGE_FROM_ROWS})`;

/** The public columns of a page's rows (toPageRow), as D1 reads them. */
const ROW_COLUMNS = 'c.id, c.parent_id, c.name, c.url, c.avatar, c.moderator, c.html, c.deleted, c.created_at, c.edited_at, c.source, c.source_id, c.reactions, c.featured';

/** Top-level comments in each order (buildThread's: `best` is most reactions, then newest). */
const ORDER: Record<ApprovedPageQuery['sort'], string> = {
  oldest: 'created_at asc, id asc',
  newest: 'created_at desc, id desc',
  best: 'reactions desc, created_at desc, id desc',
};

/** A statement's text and its `?` values, built together (each value where its `?` is; D1 and better-sqlite3 alike). */
class Sql {
  readonly params: unknown[] = [];
  text = '';
  add(text: string, ...params: unknown[]): this {
    this.text += text;
    this.params.push(...params);
    return this;
  }
}

/**
 * `r` comes after the point (r, c, i: SQL for its reactions, created_at and id) in the order;
 * `before`: comes before it. Spelt with a bound on the leading column (\`>=\`, \`<=\`) so that SQLite
 * seeks the index to it instead of walking every top-level comment before it.
 */
function past(sort: ApprovedPageQuery['sort'], point: { r: string; c: string; i: string }, before = false): string {
  const later = (sort === 'oldest') !== before ? '>' : '<';
  if (sort !== 'best') return `(r.created_at ${later}= ${point.c} and (r.created_at ${later} ${point.c} or r.id ${later} ${point.i}))`;
  return `(r.reactions ${later}= ${point.r} and (r.reactions ${later} ${point.r} or r.created_at ${later} ${point.c} or (r.created_at = ${point.c} and r.id ${later} ${point.i})))`;
}

/**
 * The page's statement: the top-level comments asked for (in the order, after the cursor, featured
 * only) and every approved reply below them, with the article's count; `shape` (Node): one row of
 * the rows' `[id, version, …]` as one JSON text, how many top-level comments came, and the rest;
 * else (D1) a row per comment with the public columns, `root`, and the rest on every row.
 *
 * With `around` (no cursor), in the same statement: the anchor's comment as findAnchor finds it
 * (by id, else the first not deleted imported comment with that old anchor, oldest first), its
 * top-level comment (up through approved parents), and how many candidates come before that one
 * (all, and not deleted). Then the page reads from the start down to the anchor's top-level comment
 * and one more; or, when at least AROUND_MAX not deleted ones come before it (so at least as many
 * are shown), from the anchor's top-level comment on.
 */
export function pageStatement(articleId: number, query: ApprovedPageQuery, shape = false): Sql {
  const q = new Sql();
  const candidate = (a: string) => `${a}.article_id = ? and ${a}.status = 'approved' and ${a}.parent_id is null${query.featured ? ` and ${a}.featured = 1 and ${a}.deleted = 0` : ''}`;
  const around = query.around && !query.after ? query.around : null;
  q.add('with recursive ');
  if (around) {
    q.add('anchor(id) as (select coalesce((select id from comments where id = ? and article_id = ? and status = \'approved\')', around.id, articleId);
    if (around.sources.length > 0) {
      // Through the (source site, source, source id) index: imported comments carry their site.
      q.add(
        `, (select id from comments where source_site_id = (select site_id from articles where id = ?) and source in (${around.sources.map(() => '?').join(', ')}) and source_id = ?
          and article_id = ? and status = 'approved' and deleted = 0 order by created_at, id limit 1)`,
        articleId, ...around.sources, around.sourceId, articleId,
      );
    }
    q.add(
      // coalesce wants two arguments at least.
      `, null)), up(id, parent_id) as (
        select c.id, c.parent_id from anchor a join comments c on c.id = a.id
        union all
        select c.id, c.parent_id from up join comments c on c.id = up.parent_id where c.article_id = ? and c.status = 'approved'
      ), root(id, created_at, reactions) as materialized (
        -- \`cross join\`: the top one by its id, not a walk of the article's index probing \`up\` (SQLite's choice otherwise).
        select r.id, r.created_at, r.reactions from up cross join comments r on r.id = up.id where up.parent_id is null and ${candidate('r')}
      ), ahead(n, live) as materialized (
        select count(*), coalesce(sum(r.deleted = 0), 0) from root x cross join comments r on ${candidate('r')} and ${past(query.sort, { r: 'x.reactions', c: 'x.created_at', i: 'x.id' }, true)}
      ), ask(n, from_root) as materialized (
        select case when not exists (select 1 from root) then ? when live >= ${AROUND_MAX} then ? else max(?, n + 2) end, live >= ${AROUND_MAX} from ahead
      ), `,
      articleId, articleId, articleId, query.roots, query.roots, query.roots,
    );
  }
  q.add(`page(id) as (select r.id from comments r where ${candidate('r')}`, articleId);
  if (query.after) {
    const { createdAt, id } = query.after;
    const reactions = query.after.reactions ?? 0;
    q.add(` and ${past(query.sort, { r: '?', c: '?', i: '?' })}`, ...(query.sort === 'best' ? [reactions, reactions] : []), createdAt, createdAt, id);
  }
  if (around) {
    const x = { r: '(select reactions from root)', c: '(select created_at from root)', i: '(select id from root)' };
    q.add(` and (not (select from_root from ask) or not ${past(query.sort, x, true)})`);
  }
  q.add(` order by ${ORDER[query.sort]} limit ${around ? '(select n from ask)' : '?'}`, ...(around ? [] : [query.roots]));
  q.add(`), tree(id) as (
      select id from page
      union all
      -- Replies through the parent index (\`+status\`: not through the status index, a scan of every approved comment).
      select c.id from tree t join comments c on c.parent_id = t.id where +c.status = 'approved'
    )
    `);
  const extra = `${around ? '(select n from ask)' : '?'} as asked, ${around ? '(select id from anchor)' : 'null'} as anchor`;
  const extraParams = around ? [] : [query.roots];
  // Approved minus deleted (the partial index comments_article_deleted): 2.5× cheaper than checking each row's \`deleted\`.
  const count = "((select count(*) from comments where article_id = ? and status = 'approved') - (select count(*) from comments where article_id = ? and status = 'approved' and deleted = 1))";
  if (shape) {
    // One text instead of a row per comment: better-sqlite3's row arrays cost three times the index walk (sqlite-row-memo.ts).
    q.add(
      `select '[' || group_concat(c.id || ',' || c.version) || ']' as shape, count(*) filter (where c.parent_id is null) as roots, ${count} as shown, ${extra}
      from comments c where c.id in (select id from tree)`,
      articleId, articleId, ...extraParams,
    );
  } else {
    q.add(
      `select ${ROW_COLUMNS}, c.parent_id is null as root, n.shown, n.asked, n.anchor
      -- The count rides along (one statement, one D1 query): the one-row count left-joined to the page's rows.
      from (select ${count} as shown, ${extra}) n
      left join comments c on c.id in (select id from tree)`,
      articleId, articleId, ...extraParams,
    );
  }
  return q;
}

/** A row of pageStatement as the thread builder takes it. */
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

/** The page from pageStatement's rows (not `shape`): its comments (none when the only row is the count's), and the count. */
export function toPage(raw: Array<Record<string, unknown>>): ApprovedPage {
  const rows = raw.filter((r) => r.id !== null && r.id !== undefined);
  const first = raw[0];
  return {
    rows: rows.map(toPageRow),
    roots: rows.reduce((n, r) => n + (r.root ? 1 : 0), 0),
    asked: Number(first?.asked ?? 0),
    count: Number(first?.shown ?? 0),
    whole: false,
    anchor: first?.anchor === null || first?.anchor === undefined ? null : Number(first.anchor),
  };
}
