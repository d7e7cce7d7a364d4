// Export files of other systems, generated for the import tests (and the import benchmark).
import { createWriteStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';

export interface WxrComment {
  id: number;
  parent?: number;
  approved?: string;
  type?: string;
  author?: string;
  email?: string;
  url?: string;
  ip?: string;
  dateGmt?: string;
  content: string;
}

export interface WxrPost {
  id: number;
  title: string;
  link: string;
  commentStatus?: 'open' | 'closed';
  postType?: string;
  comments: WxrComment[];
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

export function wxrHeader(version = '1.2'): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/${version}/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/${version}/">
<channel>
  <title>News</title><link>https://news.example.org</link><wp:wxr_version>${version}</wp:wxr_version>
`;
}

export const wxrFooter = '</channel>\n</rss>\n';

export function wxrItem(post: WxrPost): string {
  const comments = post.comments
    .map(
      (c) => `    <wp:comment>
      <wp:comment_id>${c.id}</wp:comment_id>
      <wp:comment_author>${cdata(c.author ?? 'Reader')}</wp:comment_author>
      <wp:comment_author_email>${cdata(c.email ?? 'reader@example.org')}</wp:comment_author_email>
      <wp:comment_author_url>${cdata(c.url ?? '')}</wp:comment_author_url>
      <wp:comment_author_IP>${cdata(c.ip ?? '198.51.100.23')}</wp:comment_author_IP>
      <wp:comment_date>${c.dateGmt ?? '2012-03-04 05:06:07'}</wp:comment_date>
      <wp:comment_date_gmt>${c.dateGmt ?? '2012-03-04 05:06:07'}</wp:comment_date_gmt>
      <wp:comment_content>${cdata(c.content)}</wp:comment_content>
      <wp:comment_approved>${cdata(c.approved ?? '1')}</wp:comment_approved>
      <wp:comment_type>${cdata(c.type ?? '')}</wp:comment_type>
      <wp:comment_parent>${c.parent ?? 0}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
      <wp:commentmeta><wp:meta_key>${cdata('akismet_result')}</wp:meta_key><wp:meta_value>${cdata('false')}</wp:meta_value></wp:commentmeta>
    </wp:comment>
`,
    )
    .join('');
  return `  <item>
    <title>${cdata(post.title)}</title>
    <link>${post.link}</link>
    <pubDate>Sun, 04 Mar 2012 05:06:07 +0000</pubDate>
    <content:encoded>${cdata('<p>The article.</p>')}</content:encoded>
    <wp:post_id>${post.id}</wp:post_id>
    <wp:comment_status>${cdata(post.commentStatus ?? 'open')}</wp:comment_status>
    <wp:post_name>${cdata(`post-${post.id}`)}</wp:post_name>
    <wp:status>${cdata('publish')}</wp:status>
    <wp:post_type>${cdata(post.postType ?? 'post')}</wp:post_type>
${comments}  </item>
`;
}

export function wxr(posts: WxrPost[], version = '1.2'): string {
  return wxrHeader(version) + posts.map(wxrItem).join('') + wxrFooter;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A big WXR written as a stream: `posts` posts with `perPost` comments each, threads three deep
 * (a comment, a reply, a reply to the reply), dates one minute apart.
 */
export async function writeBigWxr(file: string, posts: number, perPost: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(wxrHeader());
  let id = 0;
  const start = Date.UTC(2010, 0, 1);
  for (let p = 1; p <= posts; p++) {
    const comments: WxrComment[] = [];
    for (let c = 0; c < perPost; c++) {
      id++;
      const level = c % 3;
      const at = new Date(start + id * 60_000);
      comments.push({
        id,
        parent: level === 0 ? 0 : id - 1,
        author: `Reader ${id % 5000}`,
        email: `reader${id % 5000}@example.org`,
        url: id % 7 === 0 ? 'https://blog.example.net/' : '',
        ip: `198.51.${id % 250}.${id % 200}`,
        dateGmt: `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00`,
        content: `Comment ${id} on post ${p}.\n\nIt has <strong>two</strong> paragraphs and a <a href="https://example.org/${id}">link</a>.`,
      });
    }
    await write(wxrItem({ id: p, title: `Post ${p}`, link: `https://news.example.org/${2010 + (p % 10)}/post-${p}/`, comments }));
  }
  await write(wxrFooter);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** An Isso database file with Isso's own schema (isso/db/__init__.py, threads.py, comments.py). */
export function writeIssoDatabase(file: string, threads: Array<{ uri: string; title: string | null; comments: Array<{ id: number; parent?: number; created: number; mode?: number; author?: string; email?: string; website?: string; remote_addr?: string; text: string }> }>): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE IF NOT EXISTS preferences (key VARCHAR PRIMARY KEY, value VARCHAR);
    CREATE TABLE IF NOT EXISTS threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
    CREATE TABLE IF NOT EXISTS comments (
      tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
      created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR,
      text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
      likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
      notification INTEGER DEFAULT 0);
    CREATE TRIGGER remove_stale_threads AFTER DELETE ON comments BEGIN
      DELETE FROM threads WHERE id NOT IN (SELECT tid FROM comments);
    END;`);
  const thread = db.prepare('INSERT INTO threads (uri, title) VALUES (?, ?)');
  const comment = db.prepare(
    'INSERT INTO comments (tid, id, parent, created, modified, mode, remote_addr, text, author, email, website, voters) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const t of threads) {
    const tid = Number(thread.run(t.uri, t.title).lastInsertRowid);
    for (const c of t.comments) {
      comment.run(tid, c.id, c.parent ?? null, c.created, c.mode ?? 1, c.remote_addr ?? '203.0.113.0', c.text, c.author ?? null, c.email ?? null, c.website ?? null, Buffer.alloc(0));
    }
  }
  db.close();
}

/** A Remark42 backup: the meta line, then one comment per line, gzipped. */
export function remark42Backup(posts: Array<{ url: string; read_only?: boolean }>, comments: Array<Record<string, unknown>>): Buffer {
  const meta = { version: 1, users: [], posts: posts.map((p) => ({ url: p.url, count: 0, read_only: p.read_only ?? false })) };
  const text = [JSON.stringify(meta), ...comments.map((c) => JSON.stringify(c))].join('\n') + '\n';
  return gzipSync(Buffer.from(text));
}
