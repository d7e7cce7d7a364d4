// Leaving and coming back: a site built through the real API (posts, replies three deep, every
// status, moderator replies, edits, a deleted placeholder, hostile text, comments imported from
// WordPress, featured comments, readers' likes) is exported, then imported into EMPTY Parley servers with the same PARLEY_SECRET.
// A Parley export gives byte-identical public threads; a WordPress export gives the same threads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, startServer, tempDir, withDb, type RunningServer, type TempDir } from './server.js';

const SECRET = 'round-trip-secret-0123456789abcdefghij';
const ORIGIN = 'https://news.example.org';
const ARTICLES = ['/2026/11/bike-lanes', '/2026/11/budget', '/2026/10/closed-story'];

type Json = Record<string, unknown>;

function parley(dbFile: string, args: string[]) {
  const result = spawnSync(process.execPath, ['bin/parley.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, PARLEY_DB: dbFile, PARLEY_SECRET: SECRET },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `parley ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Gives the target's site the source's settings, as a moderator moving servers would (PUT the site). */
async function copySettings(from: { server: RunningServer; token: string }, to: { server: RunningServer; token: string }) {
  const view = await call(from.server, from.token, 'GET', '/api/admin/sites/news');
  await call(to.server, to.token, 'PUT', '/api/admin/sites/news', view.settings);
}

/** A reader likes (PUT) or unlikes (DELETE) a comment; answers the count. */
async function react(server: RunningServer, id: number, reader: string, method: 'PUT' | 'DELETE' = 'PUT') {
  const body = await call(server, null, method, `/api/comments/${id}/reaction`, undefined, { 'X-Parley-Reader': reader });
  return body.reactions;
}

/** Every reaction row, and every comment's featured flag and counter. */
const readerState = (dbFile: string) =>
  withDb(dbFile, (db) => ({
    rows: db.prepare('select comment_id, reader_key, ip_key, created_at from comment_reactions order by comment_id, reader_key').all(),
    comments: db.prepare('select id, featured, reactions from comments order by id').all(),
  }));

async function fresh(): Promise<{ server: RunningServer; token: string }> {
  const server = await startServer({ env: { PARLEY_SECRET: SECRET, PARLEY_DEMO: 'false', PARLEY_LOG: 'false' } });
  const token = parley(server.dbFile, ['token', 'create', '--name', 'moves']).trim();
  return { server, token };
}

async function call(server: RunningServer, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : { Origin: ORIGIN }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return text === '' ? {} : (JSON.parse(text) as Json);
}

/** The public thread of every article, as the bytes the server sends. */
async function threads(server: RunningServer, views = ['sort=best', 'filter=featured']): Promise<string[]> {
  const bodies: string[] = [];
  for (const key of [...ARTICLES, '/2009/04/imported-post', '/2008/01/second-import']) {
    const res = await fetch(`${server.baseUrl}/api/comments?site=news&article=${encodeURIComponent(key)}&limit=200`);
    assert.equal(res.status, 200);
    bodies.push(await res.text());
  }
  // Best first (ordered by likes) and moderators' picks only.
  for (const query of views) {
    const res = await fetch(`${server.baseUrl}/api/comments?site=news&article=${encodeURIComponent(ARTICLES[0] ?? '')}&limit=200&${query}`);
    assert.equal(res.status, 200);
    bodies.push(await res.text());
  }
  return bodies;
}

describe('round trips through an export', () => {
  let dir: TempDir;
  let source: { server: RunningServer; token: string };
  const others: RunningServer[] = [];
  /** A comment with three likes, one of them by reader-roundtrip-0000001. */
  let liked = 0;

  before(async () => {
    dir = tempDir('parley-roundtrip-');
    source = await fresh();
    const { server, token } = source;
    parley(server.dbFile, ['site', 'add', 'news', '--origin', ORIGIN]);
    withDb(server.dbFile, (db) => {
      const row = db.prepare("select settings from sites where slug = 'news'").get() as { settings: string };
      db.prepare("update sites set settings = ? where slug = 'news'").run(JSON.stringify({ ...JSON.parse(row.settings), floodSeconds: 0, maxDepth: 3 }));
    });
    // Comments imported from WordPress first, so the site has comments with a source.
    const wxr = join(dir.path, 'old-site.xml');
    writeFileSync(
      wxr,
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Imported post</title><link>${ORIGIN}/2009/04/imported-post</link><wp:post_id>7</wp:post_id><wp:comment_status>open</wp:comment_status><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>900</wp:comment_id><wp:comment_author>Old Reader</wp:comment_author><wp:comment_author_email>old@example.org</wp:comment_author_email><wp:comment_author_url>https://old.example</wp:comment_author_url><wp:comment_author_IP>198.51.100.23</wp:comment_author_IP><wp:comment_date_gmt>2009-04-02 10:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[First line
second line with <strong>bold</strong>]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>901</wp:comment_id><wp:comment_author>Replier</wp:comment_author><wp:comment_author_email>re@example.org</wp:comment_author_email><wp:comment_date_gmt>2009-04-02 11:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[A reply]]]]><![CDATA[> with a CDATA end]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>900</wp:comment_parent></wp:comment>
</item></channel></rss>`,
    );
    parley(server.dbFile, ['import', wxr, '--site', 'news']);

    const post = (article: string, fields: Json) =>
      call(server, null, 'POST', '/api/comments', {
        site: 'news',
        article,
        articleUrl: `${ORIGIN}${article}`,
        articleTitle: `Title of ${article}`,
        name: 'Amal',
        email: 'amal@example.org',
        body: 'Hello.',
        ...fields,
      }) as Promise<{ comment: { id: number; status: string }; editToken: string }>;
    const act = (id: number, action: string) => call(server, token, 'POST', `/api/admin/comments/${id}/${action}`);

    const [bikes, budget, closed] = ARTICLES as [string, string, string];
    const top = await post(bikes, { body: 'I agree with *this*. See https://example.org/a' });
    await act(top.comment.id, 'approve');
    const reply = await post(bikes, { parentId: top.comment.id, name: 'Bo', email: 'bo@example.org', url: 'https://bo.example', body: 'Reply **two**' });
    await act(reply.comment.id, 'approve');
    const deep = await post(bikes, { parentId: reply.comment.id, name: 'Cy', email: 'cy@example.org', body: 'Deep `three`\n\n> quoted' });
    await act(deep.comment.id, 'approve');
    await call(server, token, 'POST', `/api/admin/comments/${top.comment.id}/reply`, { body: 'Thanks, from the editors.' });
    const edited = await post(bikes, { name: 'Di', email: 'di@example.org', body: 'Before the edit' });
    await act(edited.comment.id, 'approve');
    await call(server, token, 'PATCH', `/api/admin/comments/${edited.comment.id}`, { body: 'After the edit <script>alert(1)</script> ]]> \u0007' });
    const spam = await post(budget, { name: 'Spammer', email: 'spam@example.org', body: 'Buy now' });
    await act(spam.comment.id, 'spam');
    const trash = await post(budget, { name: 'Tr', email: 'tr@example.org', body: 'Off topic' });
    await act(trash.comment.id, 'trash');
    await post(budget, { name: 'Pending Person', email: 'pending@example.org', body: 'Still waiting' });
    const hostile = await post(budget, { name: 'Zoë <b>', email: 'zoe@example.org', body: '¯\\_(ツ)_/¯ 𝕿𝖍𝖊 <img src=x onerror=alert(1)> &amp; ﷽ \u202Eevil' });
    await act(hostile.comment.id, 'approve');
    // A comment deleted by its author after a reply: it stays as a placeholder.
    const gone = await post(closed, { name: 'Gone', email: 'gone@example.org', body: 'Soon deleted' });
    await act(gone.comment.id, 'approve');
    const child = await post(closed, { parentId: gone.comment.id, name: 'Child', email: 'child@example.org', body: 'Replying before it went' });
    await act(child.comment.id, 'approve');
    await call(server, null, 'DELETE', `/api/comments/${gone.comment.id}`, undefined, { 'X-Edit-Token': gone.editToken });
    withDb(server.dbFile, (db) => db.prepare('update articles set closed = 1 where key = ?').run(closed));

    // A second WordPress import whose ids collide: the parent's id 902 is taken, so it gets a new
    // (higher) id, while its reply keeps the free id 5: a reply that comes before its parent in id order.
    const second = join(dir.path, 'second-site.xml');
    writeFileSync(
      second,
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Second import</title><link>${ORIGIN}/2008/01/second-import</link><wp:post_id>8</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>902</wp:comment_id><wp:comment_author>Parent</wp:comment_author><wp:comment_author_email>parent@example.org</wp:comment_author_email><wp:comment_date_gmt>2008-01-02 10:00:00</wp:comment_date_gmt><wp:comment_content>Parent</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author>Child</wp:comment_author><wp:comment_author_email>child2@example.org</wp:comment_author_email><wp:comment_date_gmt>2008-01-02 11:00:00</wp:comment_date_gmt><wp:comment_content>Child</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>902</wp:comment_parent></wp:comment>
</item></channel></rss>`,
    );
    parley(server.dbFile, ['import', second, '--site', 'news']);

    // Moderators' picks and readers' likes: on a Parley-born comment, a reply and an imported
    // comment (found by its WordPress identity on import); one like taken back again.
    await call(server, token, 'POST', `/api/admin/comments/${top.comment.id}/feature`);
    await call(server, token, 'POST', `/api/admin/comments/${hostile.comment.id}/feature`);
    for (const reader of ['reader-roundtrip-0000001', 'reader-roundtrip-0000002', 'reader-roundtrip-0000003']) await react(server, top.comment.id, reader);
    await react(server, reply.comment.id, 'reader-roundtrip-0000001');
    await react(server, edited.comment.id, 'reader-roundtrip-0000002');
    await react(server, edited.comment.id, 'reader-roundtrip-0000002', 'DELETE');
    await react(server, 900, 'reader-roundtrip-0000004');
    await react(server, 900, 'reader-roundtrip-0000005');
    liked = top.comment.id;
  });

  after(async () => {
    for (const server of others) await server.stop();
    await source?.server.stop();
    dir?.remove();
  });

  const exportFile = async (format: 'parley' | 'wordpress') => {
    const res = await fetch(`${source.server.baseUrl}/api/admin/sites/news/export?format=${format}`, { headers: { Authorization: `Bearer ${source.token}` } });
    assert.equal(res.status, 200);
    const file = join(dir.path, `export.${format === 'parley' ? 'ndjson' : 'xml'}`);
    writeFileSync(file, await res.text());
    return file;
  };

  test('the source site has what the round trips need (placeholder, every status, imported comments)', () => {
    const statuses = withDb(source.server.dbFile, (db) => db.prepare('select status, deleted, source from comments order by id').all()) as Array<Json>;
    assert.deepEqual(new Set(statuses.map((s) => s.status)), new Set(['approved', 'pending', 'spam', 'trash']));
    assert.ok(statuses.some((s) => s.deleted === 1));
    assert.ok(statuses.some((s) => s.source === 'wordpress'));
    const [child, parent] = withDb(source.server.dbFile, (db) => db.prepare("select id, parent_id from comments where source_id in ('5', '902') and source = 'wordpress' and id <> 902 order by id").all()) as Array<{ id: number; parent_id: number | null }>;
    assert.equal(child?.id, 5);
    assert.ok(parent && parent.id > 5 && child?.parent_id === parent.id, 'the reply comes before its parent in id order');
    const { rows, comments } = readerState(source.server.dbFile);
    assert.equal(rows.length, 6);
    assert.equal(comments.filter((c) => (c as Json).featured === 1).length, 2);
    assert.ok(comments.some((c) => (c as Json).id === 900 && (c as Json).reactions === 2), 'an imported comment is liked');
  });

  test('a Parley export imported with the CLI into an empty Parley gives byte-identical public threads', async () => {
    const file = await exportFile('parley');
    const target = await fresh();
    others.push(target.server);
    parley(target.server.dbFile, ['import', file, '--site', 'news']);
    assert.deepEqual(await threads(target.server), await threads(source.server));
    // Moderators see the same too: statuses, reasons, emails of every comment.
    const columns = 'id, parent_id, depth, status, reasons, name, email, url, avatar, body_source, html, ip, user_agent, moderator, deleted, created_at, edited_at';
    const all = (db: string) => withDb(db, (d) => d.prepare(`select ${columns} from comments order by id`).all());
    assert.deepEqual(all(target.server.dbFile), all(source.server.dbFile));
    // The reaction rows came along, and every counter equals its rows.
    assert.deepEqual(readerState(target.server.dbFile), readerState(source.server.dbFile));
    // With the same PARLEY_SECRET a reader who liked before is known: unliking counts down, and
    // liking again does not count twice; a new reader counts up from the imported count.
    assert.equal(await react(target.server, liked, 'reader-roundtrip-0000001', 'PUT'), 3);
    assert.equal(await react(target.server, liked, 'reader-roundtrip-0000001', 'DELETE'), 2);
    assert.equal(await react(target.server, liked, 'reader-roundtrip-0000009', 'PUT'), 3);
    const counted = withDb(target.server.dbFile, (db) =>
      db.prepare('select count(*) as n from comments c where reactions <> (select count(*) from comment_reactions r where r.comment_id = c.id)').get(),
    ) as { n: number };
    assert.equal(counted.n, 0);
  });

  test('a Parley export written before featured comments and reactions still imports, with neither', async () => {
    const file = await exportFile('parley');
    const old = join(dir.path, 'old-format.ndjson');
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const { featured: _featured, reactions: _reactions, ...rest } = JSON.parse(l) as Json;
        return JSON.stringify(rest);
      });
    writeFileSync(old, `${lines.join('\n')}\n`);
    const target = await fresh();
    others.push(target.server);
    parley(target.server.dbFile, ['import', old, '--site', 'news']);
    const { rows, comments } = readerState(target.server.dbFile);
    assert.equal(rows.length, 0);
    assert.ok(comments.length > 10 && comments.every((c) => (c as Json).featured === 0 && (c as Json).reactions === 0));
  });

  test('a Parley export sent through the API (--to) into an empty Parley gives byte-identical public threads', async () => {
    const file = await exportFile('parley');
    const target = await fresh();
    others.push(target.server);
    await copySettings(source, target);
    parley(target.server.dbFile, ['import', file, '--site', 'news', '--to', target.server.baseUrl, '--token', target.token]);
    assert.deepEqual(await threads(target.server), await threads(source.server));
  });

  test('a WordPress export imported into an empty Parley gives the same threads: structure, authors, statuses, dates and text', async () => {
    const file = await exportFile('wordpress');
    const target = await fresh();
    others.push(target.server);
    await copySettings(source, target);
    parley(target.server.dbFile, ['import', file, '--site', 'news']);
    // Not sort=best: WordPress has no likes, so that order is not kept.
    const before = (await threads(source.server, ['filter=featured'])).map((t) => JSON.parse(t) as Json);
    const afterwards = (await threads(target.server, ['filter=featured'])).map((t) => JSON.parse(t) as Json);
    const shape = (thread: Json): unknown => {
      const walk = (comments: unknown): unknown =>
        (comments as Json[]).map((c) => ({
          id: c.id,
          parentId: c.parentId,
          author: c.author,
          text: String(c.html).replace(/\s+/g, ' ').trim(),
          createdAt: String(c.createdAt).slice(0, 19),
          // Featured comments are kept as Parley's comment meta; likes are not (WordPress has none).
          featured: c.featured,
          replies: walk(c.replies),
        }));
      return { article: thread.article, comments: walk(thread.comments) };
    };
    assert.deepEqual(afterwards.map(shape), before.map(shape));
    const statuses = (db: string) => withDb(db, (d) => d.prepare('select id, status, name, email, deleted from comments order by id').all());
    assert.deepEqual(statuses(target.server.dbFile), statuses(source.server.dbFile));
  });
});
