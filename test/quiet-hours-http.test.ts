// Quiet hours through HTTP, on the test clock: the setting in the API (errors by field), comments
// refused with thread_closed and until when (JSON, the no-JS form and the embed), or held with
// reason quiet_hours; the public thread saying so before anyone types; both DST changes in Berlin.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ARTICLE_URL, ORIGIN, startService, type Json, type Service } from './helpers.js';

const NIGHTLY = { mode: 'closed', timeZone: 'Europe/Berlin', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '22:00', to: '07:00' }] };

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; until?: string | null };
}
interface ThreadBody {
  article: Json & { closed: boolean; closedUntil?: string | null; quietHours?: { mode: string; active: boolean; changesAt: string | null } };
}

describe('quiet hours', () => {
  let s: Service;
  let auth: Record<string, string>;
  let n = 0;

  const putSettings = (settings: Json) =>
    s.request('/api/admin/sites/news', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ origins: [ORIGIN], floodSeconds: 0, approval: 'none', ...settings }),
    });
  /** A new comment, each with its own words (no duplicate refusals). */
  const post = () => s.post({ email: `reader${++n}@example.org`, body: `Comment number ${n}.` });
  const thread = async () => (await (await s.request('/api/comments?site=news&article=/2026/11/bike-lanes')).json()) as ThreadBody;

  before(async () => {
    s = await startService({ settings: { floodSeconds: 0, approval: 'none' } });
    auth = await s.addToken();
  });
  after(() => s.close());

  test('bad quiet hours are refused under their own field names and nothing is saved', async () => {
    const before = s.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings;
    const cases: Array<[Json, string]> = [
      [{ ...NIGHTLY, timeZone: 'Europe/Atlantis' }, 'quietHours.timeZone'],
      [{ ...NIGHTLY, mode: 'sleepy' }, 'quietHours.mode'],
      [{ ...NIGHTLY, windows: [] }, 'quietHours.windows'],
      [{ ...NIGHTLY, windows: [{ days: ['mon'], from: '25:00', to: '07:00' }] }, 'quietHours.windows'],
    ];
    for (const [quietHours, field] of cases) {
      const res = await putSettings({ quietHours });
      const body = (await res.json()) as ErrorBody;
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(body.error.fields?.[field], `${field}: ${JSON.stringify(body)}`);
    }
    assert.equal(s.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings, before);
  });

  test('closed: a comment in quiet hours is refused with thread_closed and until when, and nothing is stored', async () => {
    assert.equal((await putSettings({ quietHours: NIGHTLY })).status, 200);
    s.clock.now = Date.parse('2026-11-24T21:30:00.000Z'); // 22:30 in Berlin (CET)
    const before = s.count();
    const res = await post();
    const body = (await res.json()) as ErrorBody;
    assert.equal(res.status, 403);
    assert.equal(body.error.code, 'thread_closed');
    assert.equal(body.error.until, '2026-11-25T06:00:00.000Z');
    assert.match(body.error.message, /^Comments are closed until Wednesday 07:00 (CET|GMT\+1)\.$/);
    assert.equal(s.count(), before);
    // At 07:00 the form opens again.
    s.clock.now = Date.parse('2026-11-25T06:00:00.000Z');
    assert.equal((await post()).status, 201);
  });

  test('the public thread says when comments are closed and until when, before anyone types, and changes on time', async () => {
    s.clock.now = Date.parse('2026-11-25T20:59:00.000Z');
    const open = await thread();
    assert.equal(open.article.closed, false);
    assert.equal(open.article.closedUntil, undefined);
    assert.deepEqual(open.article.quietHours, { mode: 'closed', active: false, changesAt: '2026-11-25T21:00:00.000Z' });
    s.clock.now = Date.parse('2026-11-25T21:00:00.000Z');
    const closed = await thread();
    assert.equal(closed.article.closed, true);
    assert.equal(closed.article.closedUntil, '2026-11-26T06:00:00.000Z');
    assert.deepEqual(closed.article.quietHours, { mode: 'closed', active: true, changesAt: '2026-11-26T06:00:00.000Z' });
    const unknown = (await (await s.request('/api/comments?site=news&article=/not-yet')).json()) as ThreadBody;
    assert.equal(unknown.article.closed, true, 'an article with no comments yet is closed too');
    assert.equal(unknown.article.closedUntil, '2026-11-26T06:00:00.000Z');
  });

  test('the no-JS form and the embed say until when, in the site’s time', async () => {
    s.clock.now = Date.parse('2026-11-25T23:00:00.000Z');
    const res = await s.request('/api/comments/form', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, author: 'Amal', email: 'form@example.org', comment: 'By form.' }).toString(),
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Comments are closed until Thursday 07:00 (CET|GMT\+1)\./);
    const embed = await s.request(`/embed?${new URLSearchParams({ site: 'news', article: '/2026/11/bike-lanes', url: ARTICLE_URL })}`);
    const html = await embed.text();
    assert.match(html, /Comments are closed until Thursday 07:00 (CET|GMT\+1)\./);
    assert.doesNotMatch(html, /<form[^>]*action="\/api\/comments\/form"/);
  });

  test('both DST changes: the spring night is an hour shorter, the autumn night an hour longer', async () => {
    s.clock.now = Date.parse('2026-03-28T22:30:00.000Z'); // 23:30 CET, clocks go forward at 02:00
    const spring = (await (await post()).json()) as ErrorBody;
    assert.equal(spring.error.until, '2026-03-29T05:00:00.000Z'); // 07:00 CEST
    assert.match(spring.error.message, /^Comments are closed until Sunday 07:00 (CEST|GMT\+2)\.$/);
    s.clock.now = Date.parse('2026-10-24T21:30:00.000Z'); // 23:30 CEST, clocks go back at 03:00
    const autumn = (await (await post()).json()) as ErrorBody;
    assert.equal(autumn.error.until, '2026-10-25T06:00:00.000Z'); // 07:00 CET
    s.clock.now = Date.parse('2026-10-25T05:59:00.000Z');
    assert.equal((await post()).status, 403, 'still quiet in the extra hour');
    s.clock.now = Date.parse('2026-10-25T06:00:00.000Z');
    assert.equal((await post()).status, 201);
  });

  test('held: every comment in quiet hours waits in the queue with reason quiet_hours; outside them it is approved', async () => {
    assert.equal((await putSettings({ quietHours: { ...NIGHTLY, mode: 'held' } })).status, 200);
    s.clock.now = Date.parse('2026-11-26T22:00:00.000Z');
    const res = await post();
    assert.equal(res.status, 201);
    const { comment } = (await res.json()) as { comment: { id: number; status: string } };
    assert.equal(comment.status, 'pending');
    assert.equal(s.rows<{ reasons: string }>('select reasons from comments where id = ?', comment.id)[0]?.reasons, '["quiet_hours"]');
    const held = await thread();
    assert.equal(held.article.closed, false);
    assert.deepEqual(held.article.quietHours, { mode: 'held', active: true, changesAt: '2026-11-27T06:00:00.000Z' });
    const queue = (await (await s.request('/api/admin/comments?status=pending', { headers: auth })).json()) as { comments: Array<{ id: number; reasons: string[] }> };
    assert.deepEqual(queue.comments.find((c) => c.id === comment.id)?.reasons, ['quiet_hours']);
    s.clock.now = Date.parse('2026-11-27T12:00:00.000Z');
    const day = (await (await post()).json()) as { comment: { status: string } };
    assert.equal(day.comment.status, 'approved');
  });

  test('turning quiet hours off (null) opens comments at once', async () => {
    assert.equal((await putSettings({ quietHours: NIGHTLY })).status, 200);
    s.clock.now = Date.parse('2026-11-27T23:00:00.000Z');
    assert.equal((await post()).status, 403);
    assert.equal((await putSettings({ quietHours: null })).status, 200);
    assert.equal((await post()).status, 201);
    assert.equal((await thread()).article.quietHours, undefined);
  });
});
