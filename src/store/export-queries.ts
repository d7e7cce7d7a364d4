// Keyset-paged reads of a whole site for exports, shared by the better-sqlite3 and D1 stores (each
// statement binds at most four parameters). CROSS JOIN keeps SQLite walking comments in key order
// and looking each article up, instead of sorting a whole site's comments for every page.
import { sql, type SQL } from 'drizzle-orm';
import type { CommentStatus, ExportArticle, ExportComment, ExportReaction } from './types.js';
import type { AnyDb } from './queries.js';

type RawRow = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => String(v ?? '');
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const commentColumns = sql.raw(`c.id, c.article_id, a.key as article_key, c.parent_id, c.depth, c.status, c.reasons, c.name,
  c.email, c.url, c.avatar, c.body_source, c.html, c.ip, c.user_agent, c.moderator, c.deleted, c.created_at, c.edited_at,
  c.source, c.source_id, p.source as parent_source, p.source_id as parent_source_id, c.featured,
  (select json_group_array(json_array(r.reader_key, r.ip_key, r.created_at)) from
    (select reader_key, ip_key, created_at from comment_reactions where comment_id = c.id order by created_at, reader_key) r) as reaction_rows`);

/** The reaction rows read as one JSON column (a subquery per comment: no extra bound parameters, so fine on D1). */
function reactionsOf(value: unknown): ExportReaction[] {
  const rows = typeof value === 'string' ? (JSON.parse(value) as unknown) : [];
  if (!Array.isArray(rows)) return [];
  return rows.map((r) => {
    const [readerKey, ipKey, createdAt] = Array.isArray(r) ? (r as unknown[]) : [];
    return { readerKey: str(readerKey), ipKey: str(ipKey), createdAt: num(createdAt) };
  });
}

function toExportComment(row: RawRow): ExportComment {
  return {
    id: num(row.id),
    articleId: num(row.article_id),
    articleKey: str(row.article_key),
    parentId: numOrNull(row.parent_id),
    depth: num(row.depth),
    status: str(row.status) as CommentStatus,
    reasons: str(row.reasons),
    name: str(row.name),
    email: str(row.email),
    url: strOrNull(row.url),
    avatar: str(row.avatar),
    bodySource: str(row.body_source),
    html: str(row.html),
    ip: strOrNull(row.ip),
    userAgent: strOrNull(row.user_agent),
    moderator: Boolean(row.moderator),
    deleted: Boolean(row.deleted),
    createdAt: num(row.created_at),
    editedAt: numOrNull(row.edited_at),
    source: strOrNull(row.source),
    sourceId: strOrNull(row.source_id),
    featured: Boolean(row.featured),
    reactions: reactionsOf(row.reaction_rows),
    parentIdentity:
      row.parent_id === null || row.parent_id === undefined
        ? null
        : row.parent_source && row.parent_source_id
          ? { source: str(row.parent_source), sourceId: str(row.parent_source_id) }
          : { source: 'parley', sourceId: String(row.parent_id) },
  };
}

async function all(db: AnyDb, query: SQL): Promise<RawRow[]> {
  return (await db.all(query)) as RawRow[];
}

export async function exportArticles(db: AnyDb, siteId: number, afterId: number, limit: number): Promise<ExportArticle[]> {
  const rows = await all(
    db,
    sql`select id, key, url, title, closed, first_comment_at from articles where site_id = ${siteId} and id > ${afterId} order by id limit ${limit}`,
  );
  return rows.map((row) => ({
    id: num(row.id),
    key: str(row.key),
    url: strOrNull(row.url),
    title: strOrNull(row.title),
    closed: Boolean(row.closed),
    firstCommentAt: numOrNull(row.first_comment_at),
  }));
}

export async function exportComments(db: AnyDb, siteId: number, afterId: number, limit: number): Promise<ExportComment[]> {
  const rows = await all(
    db,
    sql`select ${commentColumns} from comments c cross join articles a on a.id = c.article_id left join comments p on p.id = c.parent_id
        where a.site_id = ${siteId} and c.id > ${afterId} order by c.id limit ${limit}`,
  );
  return rows.map(toExportComment);
}

export async function exportCommentsByArticle(
  db: AnyDb,
  siteId: number,
  after: { articleId: number; id: number },
  limit: number,
): Promise<ExportComment[]> {
  const rows = await all(
    db,
    sql`select ${commentColumns} from comments c cross join articles a on a.id = c.article_id left join comments p on p.id = c.parent_id
        where a.site_id = ${siteId} and (c.article_id, c.id) > (${after.articleId}, ${after.id})
        order by c.article_id, c.id limit ${limit}`,
  );
  return rows.map(toExportComment);
}
