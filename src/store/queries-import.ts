// The SQL of an import batch, shared by the better-sqlite3 and D1 stores. Rows travel as one JSON
// parameter read with json_each, so a batch of thousands of comments is a handful of statements
// with a few bound parameters each (D1 allows 100 per statement and 1,000 queries per invocation).
// Drizzle cannot say INSERT … SELECT FROM json_each or a recursive UPDATE, hence raw SQL (always bound).

/** Parameter: site id. Counted before and after INSERT_ARTICLES: how many articles a batch created. */
export const COUNT_ARTICLES = `select count(*) as n from articles where site_id = ?`;

/**
 * Parameters: site id, articles JSON. Creates the batch's articles, or fills in what an existing
 * one lacks (a closed import closes it).
 */
export const UPSERT_ARTICLES = `
insert into articles (site_id, "key", url, title, closed, first_comment_at)
select ?, value ->> '$.key', value ->> '$.url', value ->> '$.title', coalesce(value ->> '$.closed', 0), null
from json_each(?) where true
on conflict (site_id, "key") do update set
  url = coalesce(articles.url, excluded.url),
  title = coalesce(articles.title, excluded.title),
  closed = max(articles.closed, excluded.closed)`;

/**
 * Parameters: site id, rows JSON, site id. Comments already imported (same site, source and source
 * id) are left alone. Parents are linked afterwards (LINK_PARENTS), so every new row starts at
 * depth 1. (CROSS JOIN keeps SQLite reading the batch first and each article by its key.)
 * Two passes: first the rows whose wanted id (Parley's own files, WordPress ids) is free keep it,
 * then every other row gets a new id. In one pass a new id could take an id a later row wanted,
 * and that row's conflict would be silently skipped. A wanted id at or below the search index's mark
 * (queries-fts.ts) is indexed by the batch itself: see NOTE_LOW_IDS.
 */
/**
 * An imported row's version (schema.ts, drizzle/0013): random, since a kept id may be one a purged
 * comment had, whose row a server may still hold in memory under the version it had.
 */
const RANDOM_VERSION = 'random() & 9007199254740991';

const insertComments = (id: 'wanted' | 'new') => `
insert into comments (id, article_id, parent_id, depth, status, reasons, name, email, url, avatar,
  body_source, html, ip, user_agent, moderator, deleted, created_at, edited_at,
  source_site_id, source, source_id, parent_source, parent_source_id, featured, version)
select
  ${id === 'wanted' ? "j.value ->> '$.id'" : 'null'},
  a.id, null, 1, j.value ->> '$.status', j.value ->> '$.reasons', j.value ->> '$.name', j.value ->> '$.email',
  j.value ->> '$.url', j.value ->> '$.avatar', j.value ->> '$.bodySource', j.value ->> '$.html', j.value ->> '$.ip',
  j.value ->> '$.userAgent', j.value ->> '$.moderator', j.value ->> '$.deleted', j.value ->> '$.createdAt',
  j.value ->> '$.editedAt', ?, j.value ->> '$.source', j.value ->> '$.sourceId', j.value ->> '$.parentSource',
  j.value ->> '$.parentSourceId', coalesce(j.value ->> '$.featured', 0), ${RANDOM_VERSION}
from json_each(?) as j
cross join articles a on a.site_id = ? and a."key" = j.value ->> '$.article'
where ${id === 'wanted' ? "j.value ->> '$.id' is not null and not exists (select 1 from comments x where x.id = j.value ->> '$.id')" : 'true'}
on conflict do nothing
returning id, status, source, source_id as sourceId`;

export const INSERT_COMMENTS_WANTED_IDS = insertComments('wanted');
export const INSERT_COMMENTS_NEW_IDS = insertComments('new');

/**
 * better-sqlite3 only (no parameter limit there): one comment per run of a statement prepared once,
 * which costs less than reading the batch back out of JSON. Parameters: id (null for a new one),
 * article id, status, reasons, name, email, url, avatar, body source, html, ip, user agent,
 * moderator, deleted, created at, edited at, site id, source, source id, parent source, parent
 * source id, featured. (Parent id and depth come after the id and article id: see SETTLED_PARENT.) The same two passes as above: a taken id, like an existing source id, inserts nothing.
 */
export const INSERT_COMMENT_ROW = `
insert into comments (id, article_id, parent_id, depth, status, reasons, name, email, url, avatar,
  body_source, html, ip, user_agent, moderator, deleted, created_at, edited_at,
  source_site_id, source, source_id, parent_source, parent_source_id, featured, version)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${RANDOM_VERSION})
on conflict do nothing`;

/**
 * better-sqlite3 only. Parameters: site id, source, source id. A reply's parent when it is here
 * already with its final depth (top-level at its source, or linked): the reply is then inserted
 * linked, at its depth, and LINK_PARENTS and FIX_DEPTHS (which rewrite rows) only see the rest.
 */
export const SETTLED_PARENT = `
select id, depth from comments
where source_site_id = ? and source = ? and source_id = ? and (parent_source_id is null or depth > 1)`;

/** Parameters: site id, key. */
export const ARTICLE_ID = `select id from articles where site_id = ? and "key" = ?`;

/** Parameter: site id. Links imported replies to parents that are here now (in this batch or an earlier one). */
export const LINK_PARENTS = `
update comments set parent_id = (
  select p.id from comments p
  where p.source_site_id = comments.source_site_id and p.source = comments.parent_source
    and p.source_id = comments.parent_source_id and p.id <> comments.id)
where source_site_id = ? and parent_source_id is not null and depth = 1 and parent_id is null`;

/**
 * Parameter: site id. Gives newly linked replies, and everything below them, their depth: it starts
 * from linked replies whose parent's depth is final and walks down. Depth is stored as it was,
 * deeper than the site's maxDepth if the source nested deeper.
 */
export const FIX_DEPTHS = `
with recursive fix(id, depth) as (
  select c.id, p.depth + 1 from comments c join comments p on p.id = c.parent_id
  where c.source_site_id = ? and c.parent_source_id is not null and c.depth = 1
    and not (p.depth = 1 and p.parent_id is not null and p.parent_source_id is not null)
  union all
  select c.id, fix.depth + 1 from comments c join fix on c.parent_id = fix.id
)
update comments set depth = fix.depth from fix where comments.id = fix.id and comments.id in (select id from fix)`;

/** Parameter: site id. Imported replies whose parent is not (yet) here: shown as top-level comments. */
export const COUNT_UNLINKED = `
select count(*) as n from comments
where source_site_id = ? and parent_source_id is not null and depth = 1 and parent_id is null`;

/**
 * Parameters: reactions JSON (`[{source, sourceId, reactions: [{readerKey, ipKey, createdAt}]}]`),
 * site id. The batch's reaction rows, on the comments they belong to (found by identity, whatever
 * id each got). A row already here (a second import of the same file) is left alone. No per-network
 * cap: these are the source's own rows, which that cap already bounded.
 */
export const INSERT_REACTIONS = `
insert into comment_reactions (comment_id, reader_key, ip_key, created_at)
select c.id, r.value ->> '$.readerKey', r.value ->> '$.ipKey', r.value ->> '$.createdAt'
from json_each(?) as j
cross join json_each(j.value, '$.reactions') as r
cross join comments c on c.source_site_id = ? and c.source = j.value ->> '$.source' and c.source_id = j.value ->> '$.sourceId'
where true
on conflict do nothing`;

/**
 * Parameters: site id, reactions JSON (as INSERT_REACTIONS). Recounts those comments' counters
 * from their rows, in the same transaction, so comments.reactions stays equal to the rows
 * (the invariant setReaction keeps) and a later like or unlike counts from there.
 */
export const RECOUNT_REACTIONS = `
update comments set reactions = (select count(*) from comment_reactions r where r.comment_id = comments.id)
where source_site_id = ? and (source, source_id) in (select j.value ->> '$.source', j.value ->> '$.sourceId' from json_each(?) as j)`;

/** Only the rows with reactions, in the shape INSERT_REACTIONS reads. */
export function reactionRows(rows: Array<{ source: string; sourceId: string; reactions: unknown[] }>) {
  return rows.filter((r) => r.reactions.length > 0).map((r) => ({ source: r.source, sourceId: r.sourceId, reactions: r.reactions }));
}

/** Parameters: site id, keys JSON. */
export const UPDATE_FIRST_COMMENT = `
update articles set first_comment_at = (select min(created_at) from comments where article_id = articles.id)
where site_id = ? and "key" in (select value from json_each(?))`;

/** Parameters: actor type, actor id, actor name, site id, detail JSON, time. */
export const INSERT_AUDIT = `
insert into audit_log (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
values (?, ?, ?, 'import', null, ?, null, null, ?, ?)`;

// ---- Dry runs: the same questions, read only ----------------------------------------------------

/** Parameters: articles JSON, site id. Also what a Node import counts before it writes (a few rows, not the site's articles). */
export const COUNT_EXISTING_ARTICLES = `
select count(distinct j.value ->> '$.key') as n from json_each(?) j
where exists (select 1 from articles a where a.site_id = ? and a."key" = j.value ->> '$.key')`;

/** Parameters: rows JSON, site id. New comments per status (a source id twice in the batch counts once, as on import). */
export const COUNT_NEW_COMMENTS = `
select status, count(*) as n from (
  select min(j.value ->> '$.status') as status from json_each(?) j
  where not exists (select 1 from comments c where c.source_site_id = ? and c.source = j.value ->> '$.source'
    and c.source_id = j.value ->> '$.sourceId')
  group by j.value ->> '$.source', j.value ->> '$.sourceId')
group by status`;
