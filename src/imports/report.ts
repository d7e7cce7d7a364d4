// What an import did: per batch (the API's answer) and summed over a file (the CLI's report).
import type { CommentStatus } from '../db/schema.js';

export interface ImportReport {
  dryRun: boolean;
  articles: { created: number };
  comments: {
    /** New comments per status (in a dry run: that would be new). */
    imported: Record<CommentStatus, number>;
    /** Already imported before (same site, source and source id): left alone. */
    existing: number;
    /** Comments deleted at the source, kept as placeholders for their replies (counted in `imported` too). */
    deleted: number;
  };
  /** Records not imported, per reason (`pingback`, `trackback`, `missing_article`, …). */
  skipped: Record<string, number>;
  /** Fields left out of imported comments: `website` (not an http(s) URL). */
  dropped: { website: number };
  /** Imported replies of the site whose parent is missing: shown as top-level comments. A state, not a sum. */
  unlinkedParents: number;
}

/** Zero comments of every status. */
export const emptyStatusCounts = (): Record<CommentStatus, number> => ({ approved: 0, pending: 0, spam: 0, trash: 0 });

export function emptyReport(dryRun: boolean): ImportReport {
  return {
    dryRun,
    articles: { created: 0 },
    comments: { imported: emptyStatusCounts(), existing: 0, deleted: 0 },
    skipped: {},
    dropped: { website: 0 },
    unlinkedParents: 0,
  };
}

/** Adds a batch's report to a running total. */
export function addReport(total: ImportReport, batch: ImportReport): ImportReport {
  total.articles.created += batch.articles.created;
  for (const status of Object.keys(total.comments.imported) as CommentStatus[]) {
    total.comments.imported[status] += batch.comments.imported[status];
  }
  total.comments.existing += batch.comments.existing;
  total.comments.deleted += batch.comments.deleted;
  for (const [reason, n] of Object.entries(batch.skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + n;
  total.dropped.website += batch.dropped.website;
  total.unlinkedParents = batch.unlinkedParents;
  return total;
}

export function skip(report: ImportReport, reason: string, n = 1): void {
  report.skipped[reason] = (report.skipped[reason] ?? 0) + n;
}
