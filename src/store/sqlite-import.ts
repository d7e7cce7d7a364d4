// Import batches on better-sqlite3: one IMMEDIATE transaction per batch, statements prepared once.
import type Database from 'better-sqlite3';
import type { CommentStatus } from '../db/schema.js';
import { INDEX_IDS, MARK } from './queries-fts.js';
import * as q from './queries-import.js';
import { emptyStatusCounts } from '../imports/report.js';
import type { ImportRow } from '../imports/mapping.js';
import type { StoreImportBatch, StoreImportResult } from './types.js';

export function sqliteImporter(client: Database.Database) {
  const s = {
    upsertArticles: client.prepare(q.UPSERT_ARTICLES),
    insertRow: client.prepare(q.INSERT_COMMENT_ROW),
    articleId: client.prepare<unknown[], number>(q.ARTICLE_ID).pluck(),
    settledParent: client.prepare<unknown[], { id: number; depth: number }>(q.SETTLED_PARENT),
    ftsMark: client.prepare<unknown[], number>(MARK).pluck(),
    indexIds: client.prepare(INDEX_IDS),
    linkParents: client.prepare(q.LINK_PARENTS),
    fixDepths: client.prepare(q.FIX_DEPTHS),
    countUnlinked: client.prepare<unknown[], { n: number }>(q.COUNT_UNLINKED),
    firstComment: client.prepare(q.UPDATE_FIRST_COMMENT),
    insertReactions: client.prepare(q.INSERT_REACTIONS),
    recountReactions: client.prepare(q.RECOUNT_REACTIONS),
    audit: client.prepare(q.INSERT_AUDIT),
    existingArticles: client.prepare<unknown[], { n: number }>(q.COUNT_EXISTING_ARTICLES),
    newComments: client.prepare<unknown[], { status: CommentStatus; n: number }>(q.COUNT_NEW_COMMENTS),
  };

  const dryRun = (siteId: number, batch: StoreImportBatch): StoreImportResult => {
    const articles = JSON.stringify(batch.articles);
    const existingArticles = s.existingArticles.get(articles, siteId)?.n ?? 0;
    const imported = emptyStatusCounts();
    for (const row of s.newComments.all(JSON.stringify(batch.rows), siteId)) imported[row.status] += row.n;
    const added = Object.values(imported).reduce((a, b) => a + b, 0);
    return {
      articlesCreated: new Set(batch.articles.map((a) => a.key)).size - existingArticles,
      imported,
      existing: batch.rows.length - added,
      unlinkedParents: s.countUnlinked.get(siteId)?.n ?? 0,
    };
  };

  const write = client.transaction((siteId: number, batch: StoreImportBatch): StoreImportResult => {
    const articles = JSON.stringify(batch.articles);
    // Which of the batch's articles exist, asked of the batch's keys rather than by counting the site's articles.
    const articlesCreated = new Set(batch.articles.map((a) => a.key)).size - (s.existingArticles.get(articles, siteId)?.n ?? 0);
    s.upsertArticles.run(siteId, articles);
    const imported = emptyStatusCounts();
    let added = 0;
    if (batch.rows.length > 0) {
      // Not indexed here: new rows land above the search index's mark and the indexer takes them in
      // bulk (sqlite-fts.ts), after the batch or at the end of a CLI import; only a kept wanted id
      // at or below the mark is indexed with its batch (queries-fts.ts).
      const mark = s.ftsMark.get() ?? 0;
      const low: number[] = [];
      const articleIds = new Map<string, number | undefined>();
      const insert = (row: ImportRow, id: number | null): boolean => {
        let articleId = articleIds.get(row.article);
        if (!articleIds.has(row.article)) {
          articleId = s.articleId.get(siteId, row.article);
          articleIds.set(row.article, articleId);
        }
        if (articleId === undefined) return false;
        const parent = row.parentSourceId === null || row.parentSource === null ? undefined : s.settledParent.get(siteId, row.parentSource, row.parentSourceId);
        const { changes } = s.insertRow.run(
          id, articleId, parent?.id ?? null, parent ? parent.depth + 1 : 1, row.status, row.reasons, row.name, row.email, row.url, row.avatar, row.bodySource, row.html, row.ip,
          row.userAgent, row.moderator, row.deleted, row.createdAt, row.editedAt, siteId, row.source, row.sourceId,
          row.parentSource, row.parentSourceId, row.featured,
        );
        if (changes === 0) return false;
        if (id !== null && id <= mark) low.push(id);
        imported[row.status]++;
        added++;
        return true;
      };
      // First the rows whose wanted id is free keep it, then every other row gets a new id (see
      // INSERT_COMMENTS_WANTED_IDS for why two passes).
      const rest: ImportRow[] = [];
      for (const row of batch.rows) if (row.id === null || !insert(row, row.id)) rest.push(row);
      for (const row of rest) insert(row, null);
      if (low.length > 0) s.indexIds.run(JSON.stringify(low));
      s.linkParents.run(siteId);
      s.fixDepths.run(siteId);
      s.firstComment.run(siteId, JSON.stringify([...new Set(batch.rows.map((r) => r.article))]));
      const reactions = q.reactionRows(batch.rows);
      if (reactions.length > 0) {
        const json = JSON.stringify(reactions);
        s.insertReactions.run(json, siteId);
        s.recountReactions.run(siteId, json);
      }
    }
    if (batch.audit) {
      const { audit } = batch;
      s.audit.run(audit.actorType, audit.actorId, audit.actorName, siteId, JSON.stringify(audit.detail), audit.at);
    }
    return { articlesCreated, imported, existing: batch.rows.length - added, unlinkedParents: s.countUnlinked.get(siteId)?.n ?? 0 };
  });

  return (siteId: number, batch: StoreImportBatch): StoreImportResult =>
    batch.dryRun ? dryRun(siteId, batch) : write.immediate(siteId, batch);
}
