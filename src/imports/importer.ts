// The one importer behind the admin API and the CLI: validates a batch, maps its records, stores it.
import { avatarHash, webCryptoHashing, type Hashing } from '../comments/crypto.js';
import { AppError } from '../errors.js';
import type { ImportStore, Site, StoreImportBatch, StoreImportResult } from '../store/types.js';
import { emailOf, nameOf, toImportRow, type ImportRow } from './mapping.js';
import { importBatchSchema, type ImportBatch } from './records.js';
import { emptyReport, type ImportReport } from './report.js';

export interface ImportDeps {
  store: ImportStore;
  secret: string;
  now: () => number;
  hashing?: Hashing;
  /**
   * Avatar hashes by identity, kept across the batches of one import (the CLI's): the same authors
   * come back batch after batch, and each hash is an HMAC. Emptied when it grows past AVATAR_CACHE_MAX.
   */
  avatarCache?: Map<string, string>;
}

const AVATAR_CACHE_MAX = 50_000;

/** Who imports: a moderator or API token (API), or the command line. */
export interface ImportActor {
  type: string;
  id: number;
  name: string;
}

/** Sources whose comment ids are also their public anchors (`#comment-1234`): kept as Parley ids when free. */
const KEEP_IDS = new Set(['wordpress', 'disqus']);

/** Validates an import batch; errors name the record (`comments.3.createdAt`). */
export function parseImportBatch(input: unknown): ImportBatch {
  const result = importBatchSchema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (!(path in fields)) fields[path] = issue.message;
  }
  const first = result.error.issues[0];
  const [list, index] = first?.path ?? [];
  let where = '';
  if ((list === 'comments' || list === 'articles') && typeof index === 'number' && input && typeof input === 'object') {
    const record: unknown = (input as Record<string, unknown[]>)[list]?.[index];
    const id = record && typeof record === 'object' ? (record as Record<string, unknown>).sourceId ?? (record as Record<string, unknown>).key : undefined;
    where = `${list === 'comments' ? 'Comment' : 'Article'} ${index + 1}${typeof id === 'string' ? ` (${id.slice(0, 80)})` : ''}: `;
  }
  throw new AppError('validation_failed', `${where}${first ? `${first.path.map(String).join('.')} ${first.message}` : 'not valid'}`, { fields });
}

/** Imports one validated batch into a site and reports what it did. */
export async function importBatch(deps: ImportDeps, site: Site, batch: ImportBatch, actor: ImportActor): Promise<ImportReport> {
  const { report, stored } = await prepareImport(deps, site, batch, actor);
  return withStoreResult(report, await deps.store.importBatch(site.id, stored));
}

/**
 * The part of an import before the store: the rows to write and the report so far. Separate so that
 * the CLI can map the next batch while its writer thread stores this one (node/import-writer.ts).
 */
export async function prepareImport(
  deps: Omit<ImportDeps, 'store'>,
  site: Site,
  batch: ImportBatch,
  actor: ImportActor,
): Promise<{ report: ImportReport; stored: StoreImportBatch }> {
  const report = emptyReport(batch.dryRun);
  const hashing = deps.hashing ?? webCryptoHashing;
  const avatars = deps.avatarCache ?? new Map<string, string>();
  if (avatars.size > AVATAR_CACHE_MAX) avatars.clear();
  const rows: ImportRow[] = [];
  const articles = new Map(batch.articles.map((a) => [a.key, a]));

  for (const comment of batch.comments) {
    if (comment.type !== 'comment' && !batch.pingbacks) {
      report.skipped[comment.type] = (report.skipped[comment.type] ?? 0) + 1;
      continue;
    }
    const identity = `${emailOf(comment.email).toLowerCase()}\u0000${nameOf(comment.name)}`;
    let avatar = avatars.get(identity);
    if (avatar === undefined) {
      avatar = await avatarHash(deps.secret, emailOf(comment.email), nameOf(comment.name), hashing);
      avatars.set(identity, avatar);
    }
    const wantedId = comment.id ?? (KEEP_IDS.has(comment.source) && /^[1-9]\d{0,14}$/.test(comment.sourceId) ? Number(comment.sourceId) : undefined);
    const { row, websiteDropped } = toImportRow({ ...comment, id: wantedId }, avatar);
    if (websiteDropped) report.dropped.website++;
    if (comment.deleted) report.comments.deleted++;
    rows.push(row);
    if (!articles.has(row.article)) articles.set(row.article, { key: row.article, url: null, title: null, closed: false });
  }

  const stored: StoreImportBatch = {
    articles: [...articles.values()],
    rows,
    dryRun: batch.dryRun,
    audit: batch.dryRun
      ? null
      : {
          actorType: actor.type,
          actorId: actor.id,
          actorName: actor.name,
          detail: { site: site.slug, articles: batch.articles.length, comments: batch.comments.length },
          at: deps.now(),
        },
  };
  return { report, stored };
}

/** The report of a batch, completed with what the store did. */
export function withStoreResult(report: ImportReport, result: StoreImportResult): ImportReport {
  report.articles.created = result.articlesCreated;
  report.comments.imported = result.imported;
  report.comments.existing = result.existing;
  report.unlinkedParents = result.unlinkedParents;
  return report;
}

