// Bulk moderation on the Worker stays far inside Cloudflare's 1,000 queries per invocation: 500
// comments approved or deleted at once cost a few D1 round trips (counted by the bench's wrapper,
// test/worker-counting.ts), with the answers, audit entries and events one change at a time gives.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { countingWorker, type D1Counts as Counts } from './worker-counting.js';

const SCRIPT = countingWorker();

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
    const c = (await (await s.request('/__bench/d1')).json()) as Counts;
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
