// A comment POST on the Worker costs one D1 round trip once the isolate has read the site, for
// top-level comments and replies, by first-time and known authors; and whatever changed behind the
// isolate's back (settings, a closed article, a ban, the parent, the author's first comment
// approved) gives the answer a fresh read would. The Worker runs with its D1 binding wrapped by the
// bench's counter (test/worker-counting.ts). Bulk moderation's counts: worker-bulk.test.ts.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ARTICLE_URL, startService, type Json, type Service } from './helpers.js';
import { countingWorker, type D1Counts as Counts } from './worker-counting.js';

const SCRIPT = countingWorker();
const THREAD = `/api/comments?site=news&article=${encodeURIComponent('/2026/11/bike-lanes')}`;

async function expectError(res: Response, status: number, code: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  const body = JSON.parse(text) as { error: { code: string; fields?: Record<string, string> } };
  assert.equal(body.error.code, code, text);
  return body.error;
}


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
