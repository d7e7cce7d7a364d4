// Import batches on D1: every write of a batch in one db.batch() (atomic). Rows go as JSON
// parameters in slices, so no statement binds more than a few parameters or a very long string,
// and a batch is a dozen queries, far below D1's 1,000 per invocation.
import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { CommentStatus } from '../db/schema.js';
import * as fts from './queries-fts.js';
import * as q from './queries-import.js';
import { emptyStatusCounts } from '../imports/report.js';
import type { StoreImportBatch, StoreImportResult } from './types.js';

/** Keeps each JSON parameter well under D1's 2 MB per string. */
const SLICE_BYTES = 512 * 1024;

function slices<T>(items: T[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const item of items) {
    const json = JSON.stringify(item);
    if (current.length > 0 && bytes + json.length > SLICE_BYTES) {
      out.push(`[${current.join(',')}]`);
      current = [];
      bytes = 0;
    }
    current.push(json);
    bytes += json.length + 1;
  }
  if (current.length > 0) out.push(`[${current.join(',')}]`);
  return out;
}

export async function d1ImportBatch(client: D1Database, siteId: number, batch: StoreImportBatch): Promise<StoreImportResult> {
  const articleSlices = slices(batch.articles);
  const rowSlices = slices(batch.rows);
  const imported = emptyStatusCounts();

  if (batch.dryRun) {
    let existingArticles = 0;
    for (const json of articleSlices) {
      existingArticles += (await client.prepare(q.COUNT_EXISTING_ARTICLES).bind(json, siteId).first<{ n: number }>())?.n ?? 0;
    }
    for (const json of rowSlices) {
      const { results } = await client.prepare(q.COUNT_NEW_COMMENTS).bind(json, siteId).all<{ status: CommentStatus; n: number }>();
      for (const row of results) imported[row.status] += row.n;
    }
    const added = Object.values(imported).reduce((a, b) => a + b, 0);
    const unlinked = await client.prepare(q.COUNT_UNLINKED).bind(siteId).first<{ n: number }>();
    return {
      articlesCreated: new Set(batch.articles.map((a) => a.key)).size - existingArticles,
      imported,
      existing: batch.rows.length - added,
      unlinkedParents: unlinked?.n ?? 0,
    };
  }

  const statements: D1PreparedStatement[] = [client.prepare(q.COUNT_ARTICLES).bind(siteId)];
  for (const json of articleSlices) statements.push(client.prepare(q.UPSERT_ARTICLES).bind(siteId, json));
  const articlesAfter = statements.push(client.prepare(q.COUNT_ARTICLES).bind(siteId)) - 1;
  const commentInserts: number[] = [];
  // Rows that keep a wanted id at or below the search index's mark are indexed here (queries-fts.ts);
  // every other new row waits for the indexer.
  for (const json of rowSlices) {
    statements.push(client.prepare(fts.NOTE_LOW_IDS).bind(json));
    commentInserts.push(statements.push(client.prepare(q.INSERT_COMMENTS_WANTED_IDS).bind(siteId, json, siteId)) - 1);
    statements.push(client.prepare(fts.INDEX_NOTED), client.prepare(fts.FORGET_NOTED));
  }
  for (const json of rowSlices) commentInserts.push(statements.push(client.prepare(q.INSERT_COMMENTS_NEW_IDS).bind(siteId, json, siteId)) - 1);
  if (batch.rows.length > 0) {
    statements.push(client.prepare(q.LINK_PARENTS).bind(siteId), client.prepare(q.FIX_DEPTHS).bind(siteId));
    for (const json of slices([...new Set(batch.rows.map((r) => r.article))])) statements.push(client.prepare(q.UPDATE_FIRST_COMMENT).bind(siteId, json));
    // Reaction rows and their counters, in the same batch (two bound parameters per statement).
    for (const json of slices(q.reactionRows(batch.rows))) {
      statements.push(client.prepare(q.INSERT_REACTIONS).bind(json, siteId), client.prepare(q.RECOUNT_REACTIONS).bind(siteId, json));
    }
  }
  if (batch.audit) {
    const { audit } = batch;
    statements.push(client.prepare(q.INSERT_AUDIT).bind(audit.actorType, audit.actorId, audit.actorName, siteId, JSON.stringify(audit.detail), audit.at));
  }
  const unlinkedAt = statements.push(client.prepare(q.COUNT_UNLINKED).bind(siteId)) - 1;

  const results = await client.batch<Record<string, unknown>>(statements);
  const count = (i: number) => Number(results[i]?.results[0]?.n ?? 0);
  const articlesCreated = count(articlesAfter) - count(0);
  let added = 0;
  for (const i of commentInserts) {
    for (const row of results[i]?.results ?? []) {
      const status = row.status as CommentStatus;
      if (status in imported) imported[status]++;
      added++;
    }
  }
  const unlinked = results[unlinkedAt]?.results[0]?.n;
  return { articlesCreated, imported, existing: batch.rows.length - added, unlinkedParents: typeof unlinked === 'number' ? unlinked : 0 };
}
