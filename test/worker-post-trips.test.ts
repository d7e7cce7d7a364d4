// A comment POST on the Worker costs one D1 round trip once the isolate has read the site, for
// top-level comments and replies, by first-time and known authors; and whatever changed behind the
// isolate's back (settings, a closed article, a ban, the parent, the author's first comment
// approved) gives the answer a fresh read would. The Worker runs with its D1 binding wrapped by the
// bench's counter (scripts/bench/worker-counting.ts), built here with esbuild.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, beforeEach, afterEach, describe, test } from 'node:test';
import { build } from 'esbuild';
import { ARTICLE_URL, startService, type Json, type Service } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
// Under the project: workerd resolves the module's path from its root directory.
const DIR = join(ROOT, 'dist', `test-counting-worker-${process.pid}`);
const SCRIPT = join(DIR, 'worker.js');
const THREAD = `/api/comments?site=news&article=${encodeURIComponent('/2026/11/bike-lanes')}`;

interface Counts {
  queries: number;
  batches: number;
  sql: string[];
}

async function expectError(res: Response, status: number, code: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  const body = JSON.parse(text) as { error: { code: string; fields?: Record<string, string> } };
  assert.equal(body.error.code, code, text);
  return body.error;
}

before(async () => {
  mkdirSync(DIR, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'scripts/bench/worker-counting.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    external: ['cloudflare:*', 'node:*'],
    outfile: SCRIPT,
    logLevel: 'error',
  });
});

after(() => rmSync(DIR, { recursive: true, force: true }));

describe('a comment POST on the Worker', () => {
  let s: Service;

  const counts = async () => (await (await s.request('/__bench/d1')).json()) as Counts;
  /** Posts and answers the response with the D1 round trips it cost (single queries + batches). */
  const post = async (fields: Json = {}) => {
    await counts();
    const res = await s.post(fields);
    const c = await counts();
    return { res, trips: c.queries + c.batches, sql: c.sql };
  };
  const posted = async (fields: Json, status = 201) => {
    const { res, trips, sql } = await post(fields);
    const text = await res.text();
    assert.equal(res.status, status, text);
    s.later();
    const body = JSON.parse(text) as { comment: { id: number; status: string } };
    return { id: body.comment.id, status: body.comment.status, trips, sql };
  };
  const stored = (id: number) => s.rows<{ status: string; reasons: string; depth: number; parent_id: number | null }>('select * from comments where id = ?', id)[0];
  /** The isolate reads the site (as a widget's thread GET does before anyone posts). */
  const warm = async () => assert.equal((await s.request(THREAD)).status, 200);

  beforeEach(async () => {
    s = await startService({ target: 'worker', workerScript: SCRIPT, settings: { closeAfterDays: 30 } });
  });
  afterEach(async () => {
    await s.close();
  });

  test('is one D1 round trip once the site was read: top-level and replies, first-time and known authors', async () => {
    await warm();
    const first = await posted({ email: 'amal@example.org', body: 'First words.' });
    assert.equal(first.trips, 1, first.sql.join('\n'));
    assert.equal(first.status, 'pending');
    assert.deepEqual(JSON.parse(stored(first.id)?.reasons ?? ''), ['first_comment']);
    s.approve(first.id);

    const known = await posted({ email: 'AMAL@example.org', body: 'Known now.' });
    assert.equal(known.trips, 1, known.sql.join('\n'));
    assert.equal(known.status, 'approved');
    assert.deepEqual(JSON.parse(stored(known.id)?.reasons ?? ''), []);

    const newReply = await posted({ email: 'bo@example.org', name: 'Bo', parentId: known.id, body: 'A reply.' });
    assert.equal(newReply.trips, 1, newReply.sql.join('\n'));
    assert.equal(newReply.status, 'pending');
    assert.equal(stored(newReply.id)?.depth, 2);
    assert.equal(stored(newReply.id)?.parent_id, known.id);

    const knownReply = await posted({ email: 'amal@example.org', parentId: known.id, body: 'My own reply.' });
    assert.equal(knownReply.trips, 1, knownReply.sql.join('\n'));
    assert.equal(knownReply.status, 'approved');
    s.approve(newReply.id);
    const deeper = await posted({ email: 'amal@example.org', parentId: newReply.id, body: 'Deeper.' });
    assert.equal(deeper.trips, 1);
    assert.equal(stored(deeper.id)?.depth, 3);

    // The public thread shows what was approved, as it would after any post.
    const thread = (await (await s.request(THREAD)).json()) as { article: { count: number } };
    assert.equal(thread.article.count, 5);
  });

  test('a cold isolate reads the site first (today’s path), then knows it', async () => {
    // A new site the isolate has never read.
    const news = await s.store.getSite('news');
    assert.ok(news);
    await s.store.saveSite('cold', news.settings, 0);
    const cold = await post({ site: 'cold', email: 'c@example.org', body: 'Cold.' });
    assert.equal(cold.res.status, 201, await cold.res.text());
    // The site, article and ban in one batch, the author's history for the first-comment rule, the insert.
    assert.equal(cold.trips, 3, cold.sql.join('\n'));
    s.later();
    const warmAgain = await post({ site: 'cold', email: 'c@example.org', body: 'Warm.' });
    assert.equal(warmAgain.res.status, 201);
    assert.equal(warmAgain.trips, 1);
  });

  test('settings changed by another isolate are used at once: the post is decided again from them', async () => {
    await warm();
    s.approve((await posted({ email: 'amal@example.org', body: 'Approved later.' })).id);
    s.sqlite.prepare("update sites set settings = json_set(settings, '$.approval', 'all') where slug = 'news'").run();
    const held = await posted({ email: 'amal@example.org', body: 'Held now.' });
    assert.equal(held.status, 'pending');
    assert.deepEqual(JSON.parse(stored(held.id)?.reasons ?? ''), ['manual_approval']);
    // The stale batch wrote nothing and read the new settings; the second batch wrote the comment.
    assert.equal(held.trips, 2, held.sql.join('\n'));
    assert.equal(s.count("select count(*) as n from comments where body_source = 'Held now.'"), 1);
    const next = await posted({ email: 'amal@example.org', body: 'Held too.' });
    assert.equal(next.trips, 1);
    assert.equal(next.status, 'pending');
    // Settings that now refuse what the remembered ones allowed: the article's address is no longer on an allowed origin.
    s.sqlite.prepare(`update sites set settings = json_set(settings, '$.origins', json('["https://elsewhere.example.org"]')) where slug = 'news'`).run();
    const moved = await expectError((await post({ email: 'amal@example.org', body: 'From a page no longer allowed.' })).res, 403, 'forbidden');
    assert.ok(moved.fields?.articleUrl);
  });

  test('an article closed meanwhile, by a moderator or by age, answers thread_closed and stores nothing', async () => {
    await warm();
    await posted({ email: 'amal@example.org', body: 'Open.' });
    const before = s.count();
    s.sqlite.prepare('update articles set closed = 1').run();
    await expectError((await post({ email: 'amal@example.org', body: 'Closed.' })).res, 403, 'thread_closed');
    s.sqlite.prepare('update articles set closed = 0, first_comment_at = first_comment_at - 31 * 86400000').run();
    await expectError((await post({ email: 'amal@example.org', body: 'Too old.' })).res, 403, 'thread_closed');
    assert.equal(s.count(), before);
    assert.equal(s.count('select count(*) as n from webhook_outbox'), 0);
  });

  test('an author banned meanwhile is refused as banned, and nothing is stored', async () => {
    await warm();
    s.approve((await posted({ email: 'amal@example.org', body: 'Before the ban.' })).id);
    const before = s.count();
    s.sqlite
      .prepare("insert into bans (site_id, kind, value, until, created_by, created_at) select id, 'email', 'amal@example.org', null, 'test', 0 from sites where slug = 'news'")
      .run();
    await expectError((await post({ email: 'Amal@Example.org', body: 'After the ban.' })).res, 403, 'banned');
    assert.equal(s.count(), before);
  });

  test('a parent unpublished, deleted or too deep meanwhile refuses the reply as a fresh read would', async () => {
    await warm();
    const parent = (await posted({ email: 'amal@example.org', body: 'Parent.' })).id;
    s.approve(parent);
    s.sqlite.prepare("update comments set status = 'pending' where id = ?").run(parent);
    const unpublished = await expectError((await post({ email: 'bo@example.org', parentId: parent, body: 'To a held one.' })).res, 422, 'validation_failed');
    assert.ok(unpublished.fields?.parentId);
    s.approve(parent);
    s.sqlite.prepare('update comments set deleted = 1 where id = ?').run(parent);
    await expectError((await post({ email: 'bo@example.org', parentId: parent, body: 'To a deleted one.' })).res, 422, 'validation_failed');
    s.sqlite.prepare('update comments set deleted = 0, depth = 5 where id = ?').run(parent);
    const deep = await expectError((await post({ email: 'bo@example.org', parentId: parent, body: 'Too deep.' })).res, 422, 'validation_failed');
    assert.match(deep.fields?.parentId ?? '', /deeper than 5/);
    assert.equal(s.count("select count(*) as n from comments where email = 'bo@example.org'"), 0);
  });

  test('whether the author is known is read in the same batch: a first comment approved, or a known one removed, meanwhile', async () => {
    await warm();
    const first = await posted({ email: 'new@example.org', body: 'Who am I?' });
    assert.equal(first.status, 'pending');
    s.approve(first.id);
    const second = await posted({ email: 'new@example.org', body: 'Known now.' });
    assert.equal([second.status, second.trips].join(), 'approved,1');
    s.sqlite.prepare("update comments set status = 'spam' where email = 'new@example.org'").run();
    const third = await posted({ email: 'new@example.org', body: 'Unknown again.' });
    assert.equal([third.status, third.trips].join(), 'pending,1');
    assert.deepEqual(JSON.parse(stored(third.id)?.reasons ?? ''), ['first_comment']);
  });

  test('duplicates and floods are refused on the fast path with the contract’s errors', async () => {
    await warm();
    await posted({ email: 'amal@example.org', body: 'Once.' });
    await expectError((await post({ email: 'amal@example.org', body: 'Once.' })).res, 409, 'duplicate');
    assert.equal((await post({ email: 'amal@example.org', body: 'Twice.' })).res.status, 201);
    s.clock.now += 5_000;
    const res = (await post({ email: 'amal@example.org', body: 'Thrice, too soon.' })).res;
    assert.equal(res.headers.get('Retry-After'), '10');
    await expectError(res, 429, 'rate_limited');
  });

  test('a reply’s webhook event names its parent as the parent row is, and is written only with the comment', async () => {
    s.sqlite.prepare("update sites set settings = json_set(settings, '$.notify.webhook', 'https://hooks.example.org/parley') where slug = 'news'").run();
    await warm();
    const parent = (await posted({ email: 'amal@example.org', name: 'Amal', body: 'The *parent*.' })).id;
    s.approve(parent);
    const reply = await posted({ email: 'bo@example.org', name: 'Bo', parentId: parent, body: 'A reply.' });
    const events = s.rows<{ payload: string }>('select payload from webhook_outbox order by id');
    assert.equal(events.length, 2);
    const data = (JSON.parse(events[1]?.payload ?? '{}') as { data: { comment: { id: number; parent: Json; articleUrl: string }; verdict: Json } }).data;
    assert.equal(data.comment.id, reply.id);
    assert.equal(data.comment.articleUrl, ARTICLE_URL);
    const row = s.rows<{ name: string; html: string }>('select name, html from comments where id = ?', parent)[0];
    assert.deepEqual(data.comment.parent, { id: parent, name: row?.name, html: row?.html, status: 'approved' });
    assert.deepEqual(data.verdict, { status: 'pending', reasons: ['first_comment'] });
    await expectError((await post({ email: 'bo@example.org', name: 'Bo', parentId: parent, body: 'A reply.' })).res, 409, 'duplicate');
    assert.equal(s.count('select count(*) as n from webhook_outbox'), 2);
  });
});

/** `n` pending comments on one article, written straight into the database; their ids. */
function seedComments(s: Service, n: number): number[] {
  s.sqlite.prepare("insert into articles (site_id, key, url, title, closed, first_comment_at) select id, '/bulk', null, null, 0, 0 from sites where slug = 'news'").run();
  const insert = s.sqlite.prepare(`insert into comments (article_id, depth, status, reasons, name, email, avatar, body_source, html, created_at)
    select id, 1, 'pending', '["first_comment"]', ?, ?, 'a', ?, ?, ? from articles where key = '/bulk'`);
  s.sqlite.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(`Poster ${i}`, `poster${i}@example.org`, `Comment ${i}.`, `<p>Comment ${i}.</p>`, i);
  })();
  return s.rows<{ id: number }>('select id from comments order by id').map((r) => r.id);
}

describe('bulk moderation on the Worker', () => {
  let s: Service;
  const HOST = 'http://parley.test';

  beforeEach(async () => {
    s = await startService({ target: 'worker', workerScript: SCRIPT, settings: { notify: { webhook: 'https://hooks.example.org/parley' } } });
  });
  afterEach(async () => {
    await s.close();
  });

  const seedPending = (n: number) => seedComments(s, n);

  /** Counted without a webhook: its deliveries run after the response, in the same invocation, at their own cost. */
  const noWebhook = () => s.sqlite.prepare("update sites set settings = json_remove(settings, '$.notify.webhook')").run();

  test('approving 500 comments at once costs a few D1 round trips, far inside the 1,000 queries an invocation may run', async () => {
    const ids = seedPending(500);
    noWebhook();
    const session = await s.signIn(await s.addModerator());
    const headers = { ...session, 'Content-Type': 'application/json' };
    await s.request('/__bench/d1');
    const res = await s.request(`${HOST}/api/admin/comments/bulk`, { method: 'POST', headers, body: JSON.stringify({ ids, action: 'approve' }) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const c = (await (await s.request('/__bench/d1')).json()) as Counts & { statements: number };
    const { results } = JSON.parse(text) as { results: Array<{ id: number; ok: boolean; status?: string; error?: { code: string } }> };
    assert.equal(results.length, 500);
    assert.ok(results.every((r, i) => r.id === ids[i] && r.ok && r.status === 'approved'));
    assert.equal(s.count("select count(*) as n from comments where status = 'approved'"), 500);
    // One audit entry per comment, in the order given.
    const audit = s.rows<{ comment_id: number; from_status: string; to_status: string }>("select comment_id, from_status, to_status from audit_log where action = 'approve' order by id");
    assert.deepEqual(audit.map((a) => a.comment_id), ids);
    assert.ok(audit.every((a) => a.from_status === 'pending' && a.to_status === 'approved'));
    // The session, the rows, the site, one batch: a small constant, whatever the number of comments.
    assert.ok(c.queries + c.batches <= 5, c.sql.join('\n'));
    assert.ok(c.statements < 50, `${c.statements} statements`);
  });

  test('a bulk action answers per comment as one at a time would: missing, other states, already there', async () => {
    const [pending, spam, approved, deleted] = seedPending(4);
    s.sqlite.prepare("update comments set status = 'spam' where id = ?").run(spam);
    s.sqlite.prepare("update comments set status = 'approved' where id = ?").run(approved);
    s.sqlite.prepare('update comments set deleted = 1 where id = ?').run(deleted);
    const session = await s.signIn(await s.addModerator());
    const call = async (ids: Array<number | undefined>, action: string) => {
      const res = await s.request(`${HOST}/api/admin/comments/bulk`, { method: 'POST', headers: { ...session, 'Content-Type': 'application/json' }, body: JSON.stringify({ ids, action }) });
      assert.equal(res.status, 200);
      return ((await res.json()) as { results: Array<{ ok: boolean; status?: string; error?: { code: string; message: string } }> }).results;
    };
    const results = await call([999_999, pending, spam, approved, deleted, pending], 'unapprove');
    assert.deepEqual(
      results.map((r) => (r.ok ? r.status : r.error?.message)),
      ['There is no such comment.', 'A comment that is pending cannot be given “unapprove”.', 'A comment that is spam cannot be given “unapprove”.', 'pending', 'A comment that is deleted cannot be given “unapprove”.'],
    );
    const spamAll = await call([pending, spam], 'spam');
    assert.deepEqual(spamAll.map((r) => r.status), ['spam', 'spam']);
    // Only real changes are audited and announced (the comment already spam is not).
    assert.equal(s.count("select count(*) as n from audit_log where action = 'spam'"), 1);
    assert.equal(s.count("select count(*) as n from webhook_outbox where payload like '%comment.spam%'"), 1);
  });
  test('deleting 500 comments for good costs a few D1 round trips, and replies move up as one purge after another leaves them', async () => {
    const ids = seedPending(500);
    const [a, b, c] = ids;
    // a ← b ← c: b replies to a, c (kept) to b.
    s.sqlite.prepare('update comments set parent_id = ?, depth = 2 where id = ?').run(a, b);
    s.sqlite.prepare('update comments set parent_id = ?, depth = 3 where id = ?').run(b, c);
    s.sqlite.prepare("update comments set status = 'spam'").run();
    s.sqlite.prepare("update comments set status = 'approved' where id = ?").run(c);
    noWebhook();
    const session = await s.signIn(await s.addModerator());
    await s.request('/__bench/d1');
    const res = await s.request(`${HOST}/api/admin/comments/bulk`, {
      method: 'POST',
      headers: { ...session, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: ids.filter((id) => id !== c), action: 'delete' }),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const counted = (await (await s.request('/__bench/d1')).json()) as Counts;
    const { results } = JSON.parse(text) as { results: Array<{ ok: boolean; status?: string }> };
    assert.equal(results.length, 499);
    assert.ok(results.every((r) => r.ok && r.status === 'deleted'));
    assert.deepEqual(s.rows('select id, parent_id, depth from comments'), [{ id: c, parent_id: null, depth: 1 }]);
    assert.equal(s.count("select count(*) as n from audit_log where action = 'delete'"), 499);
    // The session, the rows, the site, a batch per 100 comments.
    assert.ok(counted.queries + counted.batches <= 10, counted.sql.join('\n'));
  });
});

// The same answers on both targets: Node changes one comment at a time, the Worker in sets.
for (const target of ['node', 'worker'] as const) {
  describe(`bulk moderation's events (${target})`, () => {
    let s: Service;
    const HOST = 'http://parley.test';
    beforeEach(async () => {
      s = await startService({ target, settings: { notify: { webhook: 'https://hooks.example.org/parley' } } });
    });
    afterEach(async () => {
      await s.close();
    });

    test('each change in a bulk action is announced as one at a time would announce it', async () => {
      const [a, b, c, d] = seedComments(s, 4);
      s.sqlite.prepare('update comments set parent_id = ?, depth = 2 where id = ?').run(a, b);
      const session = await s.signIn(await s.addModerator());
      const call = async (ids: Array<number | undefined>, action: string) =>
        assert.equal((await s.request(`${HOST}/api/admin/comments/bulk`, { method: 'POST', headers: { ...session, 'Content-Type': 'application/json' }, body: JSON.stringify({ ids, action }) })).status, 200);
      await call([c, d], 'approve');
      await call([a, b], 'spam');
      await call([a, b], 'delete');
      const events = s.rows<{ payload: string }>('select payload from webhook_outbox order by id').map(
        (e) => JSON.parse(e.payload) as { type: string; data: { comment: { id: number; status: string; parentId: number | null; parent: { id: number } | null } } },
      );
      assert.deepEqual(
        events.map((e) => [e.type, e.data.comment.id, e.data.comment.status, e.data.comment.parentId, e.data.comment.parent?.id ?? null]),
        [
          ['comment.approved', c, 'approved', null, null],
          ['comment.approved', d, 'approved', null, null],
          ['comment.spam', a, 'spam', null, null],
          ['comment.spam', b, 'spam', a, a],
          ['comment.deleted', a, 'spam', null, null],
          // b as a's purge left it: at the top level.
          ['comment.deleted', b, 'spam', null, null],
        ],
      );
    });
  });
}
