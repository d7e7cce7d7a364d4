// A moderator's change and its webhook event are one write: the event is in the outbox exactly when
// the change happened. An outbox that refuses inserts (a trigger in the real database) makes the
// action fail whole, so no change is ever left unannounced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORIGIN, startService, type Service } from './helpers.js';

interface Event {
  type: string;
  status: string | null;
  featured: number | null;
}

describe("moderators' changes and their webhook events", () => {
  let s: Service;
  let auth: Record<string, string>;
  let id: number;

  const events = (type: string) =>
    s.rows<Event>(
      `select json_extract(payload, '$.type') as type, json_extract(payload, '$.data.comment.status') as status,
         json_extract(payload, '$.data.comment.featured') as featured
       from webhook_outbox where json_extract(payload, '$.type') = ? and json_extract(payload, '$.data.comment.id') = ?`,
      type,
      id,
    );
  const comment = () => s.rows<{ status: string; featured: number }>('select status, featured from comments where id = ?', id)[0];
  const audits = () => s.count('select count(*) as n from audit_log where comment_id = ?', id);
  const act = (path: string, method = 'POST') => s.request(`/api/admin/comments/${id}${path}`, { method, headers: auth });

  /** While it stands, every insert into the webhook outbox fails, as a full disk or a broken database would. */
  const outboxDown = () => s.sqlite.exec("create trigger outbox_down before insert on webhook_outbox begin select raise(abort, 'outbox down'); end");
  const outboxUp = () => s.sqlite.exec('drop trigger if exists outbox_down');

  before(async () => {
    s = await startService({ settings: { floodSeconds: 0 } });
    auth = await s.addToken();
    const put = await s.request('/api/admin/sites/news', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      // Nothing listens there: only the outbox rows matter here.
      body: JSON.stringify({ origins: [ORIGIN], floodSeconds: 0, notify: { webhook: 'https://hooks.example.invalid/parley' } }),
    });
    assert.equal(put.status, 200);
    const posted = await s.post({ email: 'atomic@example.org', body: 'Hold me.' });
    assert.equal(posted.status, 201);
    id = ((await posted.json()) as { comment: { id: number } }).comment.id;
  });
  after(async () => {
    outboxUp();
    await s.close();
  });

  const steps: Array<{ name: string; path: string; method?: string; event: string; then: (e: Event[]) => void }> = [
    { name: 'approve', path: '/approve', event: 'comment.approved', then: ([e]) => assert.equal(e?.status, 'approved') },
    { name: 'feature', path: '/feature', event: 'comment.featured', then: ([e]) => assert.equal(e?.featured, 1) },
    { name: 'spam', path: '/spam', event: 'comment.spam', then: ([e]) => assert.equal(e?.status, 'spam') },
    { name: 'delete for good', path: '', method: 'DELETE', event: 'comment.deleted', then: ([e]) => assert.equal(e?.status, 'spam') },
  ];

  for (const step of steps) {
    test(`${step.name}: when its event cannot be stored nothing changes, and when it can both are stored`, async () => {
      const before = { comment: comment(), audits: audits() };
      outboxDown();
      try {
        const refused = await act(step.path, step.method);
        assert.equal(refused.status, 500, await refused.clone().text());
        assert.deepEqual(comment(), before.comment, 'the change was undone with its event');
        assert.equal(audits(), before.audits, 'no audit entry for a change that did not happen');
        assert.equal(events(step.event).length, 0);
      } finally {
        outboxUp();
      }
      const done = await act(step.path, step.method);
      assert.ok(done.status === 200 || done.status === 204, await done.clone().text());
      assert.notDeepEqual(comment(), before.comment);
      assert.equal(audits(), before.audits + 1);
      const stored = events(step.event);
      assert.equal(stored.length, 1, `exactly one ${step.event}`);
      step.then(stored);
    });
  }

  test('an action that changes nothing (approving twice, a refused transition) stores no event', async () => {
    const posted = await s.post({ email: 'twice@example.org', body: 'Approve me twice.' });
    id = ((await posted.json()) as { comment: { id: number } }).comment.id;
    assert.equal((await act('/approve')).status, 200);
    assert.equal((await act('/approve')).status, 200);
    assert.equal(events('comment.approved').length, 1);
    assert.equal((await act('/restore')).status, 403);
    assert.equal((await act('', 'DELETE')).status, 403);
    assert.equal(events('comment.deleted').length, 0);
    assert.equal(comment()?.status, 'approved');
  });
  test("an author's own delete: when its event cannot be stored the comment stays, and when it can both happen", async () => {
    const posted = await s.post({ email: 'author@example.org', body: 'I will take this back.' });
    const { comment: mine, editToken } = (await posted.json()) as { comment: { id: number }; editToken: string };
    id = mine.id;
    const remove = () => s.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'X-Edit-Token': editToken } });
    outboxDown();
    try {
      assert.equal((await remove()).status, 500);
      assert.ok(comment(), 'the comment is still there');
      assert.equal(events('comment.deleted').length, 0);
    } finally {
      outboxUp();
    }
    assert.equal((await remove()).status, 204);
    assert.equal(comment(), undefined);
    const stored = s.rows<{ by: string }>("select json_extract(payload, '$.data.by') as by from webhook_outbox where json_extract(payload, '$.type') = 'comment.deleted' and json_extract(payload, '$.data.comment.id') = ?", id);
    assert.deepEqual(stored.map((e) => e.by), ['author']);
    // A wrong token deletes nothing and announces nothing.
    const other = (await (await s.post({ email: 'keeper@example.org', body: 'I stay.' })).json()) as { comment: { id: number } };
    id = other.comment.id;
    assert.equal((await s.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'X-Edit-Token': 'wrong' } })).status, 403);
    assert.equal(events('comment.deleted').length, 0);
  });
});
