// Import batches on better-sqlite3: one IMMEDIATE transaction per batch, statements prepared once.
import type Database from 'better-sqlite3';
import type { CommentStatus } from '../db/schema.js';
import * as q from './queries-import.js';
import type { StoreImportBatch, StoreImportResult } from './types.js';

const emptyCounts = (): Record<CommentStatus, number> => ({ approved: 0, pending: 0, spam: 0, trash: 0 });

export function sqliteImporter(client: Database.Database) {
  const s = {
    countArticles: client.prepare<unknown[], { n: number }>(q.COUNT_ARTICLES),
    upsertArticles: client.prepare(q.UPSERT_ARTICLES),
    insertWanted: client.prepare<unknown[], { id: number; status: CommentStatus; source: string; sourceId: string }>(q.INSERT_COMMENTS_WANTED_IDS),
    insertNew: client.prepare<unknown[], { id: number; status: CommentStatus; source: string; sourceId: string }>(q.INSERT_COMMENTS_NEW_IDS),
    linkParents: client.prepare(q.LINK_PARENTS),
    fixDepths: client.prepare(q.FIX_DEPTHS),
    countUnlinked: client.prepare<unknown[], { n: number }>(q.COUNT_UNLINKED),
    firstComment: client.prepare(q.UPDATE_FIRST_COMMENT),
    audit: client.prepare(q.INSERT_AUDIT),
    existingArticles: client.prepare<unknown[], { n: number }>(q.COUNT_EXISTING_ARTICLES),
    newComments: client.prepare<unknown[], { status: CommentStatus; n: number }>(q.COUNT_NEW_COMMENTS),
  };

  const dryRun = (siteId: number, batch: StoreImportBatch): StoreImportResult => {
    const articles = JSON.stringify(batch.articles);
    const existingArticles = s.existingArticles.get(articles, siteId)?.n ?? 0;
    const imported = emptyCounts();
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
    const before = s.countArticles.get(siteId)?.n ?? 0;
    s.upsertArticles.run(siteId, articles);
    const articlesCreated = (s.countArticles.get(siteId)?.n ?? 0) - before;
    const imported = emptyCounts();
    let added = 0;
    if (batch.rows.length > 0) {
      const wanted = batch.rows.filter((r) => r.id !== null);
      const kept = wanted.length > 0 ? s.insertWanted.all(siteId, JSON.stringify(wanted), siteId) : [];
      // Only what the first pass did not insert goes through the second.
      const done = new Set(kept.map((r) => `${r.source}\u0000${r.sourceId}`));
      const rest = kept.length > 0 ? batch.rows.filter((r) => !done.has(`${r.source}\u0000${r.sourceId}`)) : batch.rows;
      const renumbered = rest.length > 0 ? s.insertNew.all(siteId, JSON.stringify(rest), siteId) : [];
      for (const row of [...kept, ...renumbered]) {
        imported[row.status]++;
        added++;
      }
      s.linkParents.run(siteId);
      s.fixDepths.run(siteId);
      s.firstComment.run(siteId, JSON.stringify([...new Set(batch.rows.map((r) => r.article))]));
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
