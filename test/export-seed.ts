// Test helper: puts articles and comments straight into a site's SQLite file (every status, deleted
// placeholders, replies), for exports to read.
import type Database from 'better-sqlite3';

export interface SeedComment {
  parent?: number | null;
  status?: 'approved' | 'pending' | 'spam' | 'trash';
  reasons?: string[];
  name?: string;
  email?: string;
  url?: string | null;
  html?: string;
  bodySource?: string;
  ip?: string | null;
  userAgent?: string | null;
  deleted?: boolean;
  moderator?: boolean;
  createdAt: number;
  editedAt?: number | null;
}

export function seedArticle(sqlite: Database.Database, site: string, key: string, fields: { url?: string | null; title?: string | null; closed?: boolean } = {}): number {
  const siteRow = sqlite.prepare('select id from sites where slug = ?').get(site) as { id: number };
  const info = sqlite
    .prepare('insert into articles (site_id, key, url, title, closed) values (?, ?, ?, ?, ?)')
    .run(siteRow.id, key, fields.url ?? null, fields.title ?? null, fields.closed ? 1 : 0);
  return Number(info.lastInsertRowid);
}

export function seedComment(sqlite: Database.Database, c: SeedComment & { articleId: number }): number {
  const parentDepth = c.parent ? (sqlite.prepare('select depth from comments where id = ?').get(c.parent) as { depth: number }).depth : 0;
  const info = sqlite
    .prepare(
      `insert into comments (article_id, parent_id, depth, status, reasons, name, email, url, avatar, body_source, html, ip, user_agent,
        moderator, deleted, edit_token_hash, created_at, edited_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      c.articleId,
      c.parent ?? null,
      parentDepth + 1,
      c.status ?? 'approved',
      JSON.stringify(c.reasons ?? []),
      c.name ?? 'Amal',
      c.email ?? 'amal@example.org',
      c.url ?? null,
      'a'.repeat(16),
      c.bodySource ?? 'Hello.',
      c.html ?? '<p>Hello.</p>',
      c.ip ?? '203.0.113.0',
      c.userAgent ?? 'Mozilla/5.0',
      c.moderator ? 1 : 0,
      c.deleted ? 1 : 0,
      'edit-token-hash-never-exported',
      c.createdAt,
      c.editedAt ?? null,
    );
  return Number(info.lastInsertRowid);
}
