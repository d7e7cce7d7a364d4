// A moderator's change and its webhook event are one write: the event is in the outbox exactly when
// the change happened. An outbox that refuses inserts (a trigger in the real database) makes the
// action fail whole, so no change is ever left unannounced. New comments and privacy erases too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORIGIN, startService, type Service } from './helpers.js';
import { browse, type Browse } from './admin-ui-http.js';
import { onWorker } from './worker-target.js';

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

  const mails = () => s.count('select count(*) as n from mail_outbox where comment_id = ?', id);
  const postHeld = async (email: string) => {
    const posted = await s.post({ email, body: `Held for ${email}.` });
    assert.equal(posted.status, 201);
    id = ((await posted.json()) as { comment: { id: number } }).comment.id;
  };

  test('a change whose comment is purged as it is written answers 404 and stores no event or mail', async () => {
    await postHeld('vanish@example.org');
    // As if another moderator purged it after this request read it: the update finds no comment.
    s.sqlite.exec(`create trigger vanish before update on comments when old.id = ${id} begin delete from comments where id = old.id; select raise(ignore); end`);
    try {
      const res = await act('/approve');
      assert.equal(res.status, 404, await res.clone().text());
    } finally {
      s.sqlite.exec('drop trigger if exists vanish');
    }
    assert.equal(comment(), undefined);
    assert.equal(events('comment.approved').length, 0, 'no event for a change that did not happen');
    assert.equal(mails(), 0);
  });

  // On D1 the store reads the comment, then writes in one batch whose first statement is the audit
  // insert: a trigger on it deletes the comment there, as a purge racing between the read and the
  // batch would (Node re-reads inside its transaction, where nothing can come between).
  test('on D1, a purge whose comment another purge removed first answers 404 and stores no second event', { skip: !onWorker && 'D1 only: the race is between two round trips' }, async () => {
    await postHeld('twice-purged@example.org');
    assert.equal((await act('/spam')).status, 200);
    s.sqlite.exec(`create trigger purged_first after insert on audit_log when new.comment_id = ${id} and new.action = 'delete' begin delete from comments where id = new.comment_id; end`);
    try {
      const res = await act('', 'DELETE');
      assert.equal(res.status, 404, await res.clone().text());
    } finally {
      s.sqlite.exec('drop trigger if exists purged_first');
    }
    assert.equal(comment(), undefined);
    assert.equal(events('comment.deleted').length, 0);
  });
});

// A new comment and a privacy erase are written with their events the same way (comment.created,
// comment.anonymised, comment.deleted): refused whole when the outbox refuses, both stored otherwise.
describe('new comments, erases and their webhook events', () => {
  let s: Service;
  let auth: Record<string, string>;
  let mod: Browse;

  const outboxDown = () => s.sqlite.exec("create trigger outbox_down before insert on webhook_outbox begin select raise(abort, 'outbox down'); end");
  const outboxUp = () => s.sqlite.exec('drop trigger if exists outbox_down');
  const stored = (type: string, id: number) =>
    s.rows<{ event_id: string; payload: string }>(
      "select event_id, payload from webhook_outbox where json_extract(payload, '$.type') = ? and json_extract(payload, '$.data.comment.id') = ?",
      type,
      id,
    );
  const adminComment = async (id: number) => {
    const res = await s.request(`/api/admin/comments/${id}`, { headers: auth });
    assert.equal(res.status, 200);
    return ((await res.json()) as { comment: unknown }).comment;
  };
  const erase = (email: string, mode: 'anonymise' | 'delete') => mod.postForm('/admin/privacy/erase', { site: 'news', email, mode });
  const byEmail = (email: string) => s.rows<{ id: number }>('select id from comments where email = ? order by id', email).map((r) => r.id);

  before(async () => {
    s = await startService({ settings: { floodSeconds: 0 } });
    auth = await s.addToken();
    mod = await browse(s);
    const put = await s.request('/api/admin/sites/news', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ origins: [ORIGIN], floodSeconds: 0, notify: { webhook: 'https://hooks.example.invalid/parley' } }),
    });
    assert.equal(put.status, 200);
  });
  after(async () => {
    outboxUp();
    await s.close();
  });

  test('a post whose comment.created cannot be stored stores nothing and answers 500; posted again, the comment and its event are both stored', async () => {
    const fields = { article: '/atomic/new-article', articleTitle: 'Atomic', email: 'lost@example.org', body: 'Do not lose me.' };
    const before = { comments: s.count('select count(*) as n from comments'), mails: s.count('select count(*) as n from mail_outbox') };
    outboxDown();
    try {
      const refused = await s.post(fields, { 'User-Agent': 'AtomicTest/1.0' });
      assert.equal(refused.status, 500);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'internal_error');
      assert.equal(s.count('select count(*) as n from comments'), before.comments, 'no comment without its event');
      assert.equal(s.count("select count(*) as n from articles where key = '/atomic/new-article'"), 0, 'nor its new article');
      assert.equal(s.count('select count(*) as n from mail_outbox'), before.mails, 'nor its mail');
    } finally {
      outboxUp();
    }
    const posted = await s.post(fields, { 'User-Agent': 'AtomicTest/1.0' });
    assert.equal(posted.status, 201, await posted.clone().text());
    const id = ((await posted.json()) as { comment: { id: number } }).comment.id;
    const events = stored('comment.created', id);
    assert.equal(events.length, 1, 'exactly one comment.created');
    const payload = JSON.parse(events[0]?.payload ?? '{}') as { type: string; site: string; timestamp: string; data: Record<string, unknown> };
    assert.equal(payload.type, 'comment.created');
    assert.equal(payload.site, 'news');
    assert.equal(payload.timestamp, new Date(s.clock.now).toISOString());
    assert.deepEqual(payload.data.verdict, { status: 'pending', reasons: ['first_comment'] });
    // The moderators' view of the comment, as the admin API gives it: id, dates, article, user agent, all of it.
    assert.deepEqual(payload.data.comment, await adminComment(id));
  });

  test("a reply's comment.created carries its parent and an existing article's address and title, as moderators see them", async () => {
    const parent = await s.postApproved({ email: 'parent@example.org', body: 'Reply to me.' });
    // The article keeps its first title: the event must say what is stored, not what this post sent.
    const posted = await s.post({ parentId: parent, email: 'replier@example.org', body: 'A reply.', articleTitle: 'Another title' });
    assert.equal(posted.status, 201, await posted.clone().text());
    const id = ((await posted.json()) as { comment: { id: number } }).comment.id;
    const [event] = stored('comment.created', id);
    const payload = JSON.parse(event?.payload ?? '{}') as { data: { comment: { parent: { id: number } | null; articleTitle: string } } };
    assert.equal(payload.data.comment.parent?.id, parent);
    assert.equal(payload.data.comment.articleTitle, 'Bike lanes');
    assert.deepEqual(payload.data.comment, await adminComment(id));
  });

  test('an erase whose comment.anonymised events cannot be stored changes nothing; erased again, every comment is anonymised and announced', async () => {
    const email = 'erase-me@example.org';
    const ids = [await s.postApproved({ email, body: 'First.' }), await s.postApproved({ email, body: 'Second.' })];
    outboxDown();
    try {
      const refused = await erase(email, 'anonymise');
      assert.equal(refused.res.status, 500);
      assert.deepEqual(byEmail(email), ids, 'the comments still carry the address');
      for (const id of ids) assert.equal(stored('comment.anonymised', id).length, 0);
    } finally {
      outboxUp();
    }
    const done = await erase(email, 'anonymise');
    assert.equal(done.res.status, 303);
    assert.deepEqual(byEmail(email), []);
    const events = ids.map((id) => stored('comment.anonymised', id));
    for (const [i, id] of ids.entries()) {
      assert.equal(events[i]?.length, 1, `one comment.anonymised for comment ${id}`);
      const payload = JSON.parse(events[i]?.[0]?.payload ?? '{}') as { type: string; site: string; data: unknown };
      assert.deepEqual(payload.data, { comment: { id }, by: 'privacy' });
      assert.equal(payload.site, 'news');
    }
    assert.notEqual(events[0]?.[0]?.event_id, events[1]?.[0]?.event_id, 'each event has its own id');
  });

  test('an erase that deletes: a delete whose comment.deleted cannot be stored leaves the comment; with the outbox back, each is deleted and announced', async () => {
    const email = 'delete-me@example.org';
    const id = await s.postApproved({ email, body: 'Delete me.' });
    outboxDown();
    try {
      assert.equal((await erase(email, 'delete')).res.status, 500);
      assert.equal(s.count('select count(*) as n from comments where id = ?', id), 1, 'not deleted unannounced');
      assert.equal(stored('comment.deleted', id).length, 0);
    } finally {
      outboxUp();
    }
    const other = 'delete-me-too@example.org';
    const ids = [await s.postApproved({ email: other, body: 'Gone.' }), await s.postApproved({ email: other, body: 'Gone too.' })];
    assert.equal((await erase(other, 'delete')).res.status, 303);
    for (const gone of ids) {
      assert.equal(s.count('select count(*) as n from comments where id = ?', gone), 0);
      const events = stored('comment.deleted', gone);
      assert.equal(events.length, 1, `one comment.deleted for comment ${gone}`);
      assert.deepEqual((JSON.parse(events[0]?.payload ?? '{}') as { data: unknown }).data, { comment: { id: gone }, by: 'privacy' });
    }
  });
});
