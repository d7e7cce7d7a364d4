// The search index behind the writer (drizzle/0010_fts_deferred.sql): SQL shared by the
// better-sqlite3 indexer (sqlite-fts.ts) and D1 (d1-moderation.ts). `meta.fts_indexed_through` is
// the highest comment id in comments_fts; every row above it is waiting to be indexed.

/** The mark, as an SQL expression (0 when the row is missing: nothing indexed). */
export const FTS_MARK = `coalesce((select cast(value as integer) from meta where key = 'fts_indexed_through'), 0)`;

/** Parameter: limit. Indexes the next `limit` rows above the mark, in id order. */
export const INDEX_BACKLOG = `
insert into comments_fts (rowid, name, email, url, body_source)
select id, name, email, coalesce(url, ''), body_source from comments
where id > ${FTS_MARK} order by id limit ?`;

/**
 * Parameter: limit (the same as INDEX_BACKLOG's). Run right after it in the same transaction (or D1
 * batch): the mark has not moved yet, so this sees the same rows and moves the mark to the last one.
 */
export const ADVANCE_MARK = `
insert into meta (key, value)
select 'fts_indexed_through', max(id) from (select id from comments where id > ${FTS_MARK} order by id limit ?)
having count(*) > 0
on conflict (key) do update set value = excluded.value`;

/** How many comments wait to be indexed. */
export const BACKLOG = `select count(*) as n from comments where id > ${FTS_MARK}`;

/** The mark itself. */
export const MARK = `select ${FTS_MARK} as mark`;

// ---- Imports that keep a wanted id at or below the mark ----------------------------------------
// Such a row lands where the indexer no longer looks, so the batch indexes it itself. (A free id at
// or below the mark has no index entry: the delete trigger removed it with its row.)

/** Parameter: ids JSON. Indexes these comments now (better-sqlite3: the ids its inserts took). */
export const INDEX_IDS = `
insert into comments_fts (rowid, name, email, url, body_source)
select id, name, email, coalesce(url, ''), body_source from comments where id in (select value from json_each(?)) order by id`;

/**
 * D1, which cannot carry one statement's result into the next of its batch. Parameter: rows JSON.
 * Run before the slice's wanted-id insert: notes the free wanted ids at or below the mark in a
 * scratch meta row; INDEX_NOTED, right after the insert, indexes those that the insert took, and
 * FORGET_NOTED drops the row, all in the batch's transaction.
 */
export const NOTE_LOW_IDS = `
insert into meta (key, value)
select 'fts_import_ids', json_group_array(j.value ->> '$.id') from json_each(?) j
where j.value ->> '$.id' <= ${FTS_MARK} and not exists (select 1 from comments x where x.id = j.value ->> '$.id')
on conflict (key) do update set value = excluded.value`;
export const INDEX_NOTED = `
insert into comments_fts (rowid, name, email, url, body_source)
select id, name, email, coalesce(url, ''), body_source from comments
where id in (select value from json_each((select value from meta where key = 'fts_import_ids'))) order by id`;
export const FORGET_NOTED = `delete from meta where key = 'fts_import_ids'`;
