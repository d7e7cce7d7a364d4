// Author history in the queue: each row's counts per status of its author (by email) on its site,
// the "all their comments" filter by an opaque author key, and "approve all pending from this author",
// which approves as a moderator's Approve does (audit, webhook events). Node and Worker.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';

const HOST = 'http://parley.test';
const SPORTS = 'https://sports.example.org';

interface History {
  key: string;
  approved: number;
  pending: number;
  spam: number;
  trash: number;
}

interface Row {
  id: number;
  email: string;
  site: string;
  status: string;
  authorHistory: History | null;
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text) as T;
}

describe('author history in the queue', () => {
  let s: Service;
  let call: (path: string, method?: string, body?: unknown) => Promise<Response>;
  const ids: Record<string, number> = {};

  const add = async (name: string, fields: Json, site = 'news') => {
    s.later();
    const res = await s.post({ site, article: '/h', articleUrl: `${site === 'news' ? ORIGIN : SPORTS}/h`, ...fields });
    ids[name] = (await json<{ comment: { id: number } }>(res, 201)).comment.id;
    return ids[name];
  };
  const setStatus = (id: number | undefined, status: string) => s.sqlite.prepare('update comments set status = ? where id = ?').run(status, id);

  before(async () => {
    s = await startService({ settings: { approval: 'all', requireNameEmail: false, notify: { webhook: 'https://hooks.example.org/parley' } } });
    await s.store.saveSite('sports', siteSettingsSchema.parse({ origins: [SPORTS], approval: 'all' }), s.clock.now);
    const session = await s.signIn(await s.addModerator());
    call = (path, method = 'GET', body) =>
      s.request(`${HOST}${path}`, {
        method,
        headers: { ...session, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    // Amal on news: 2 approved, 1 spam, 1 trash, 3 pending (one with her email in capitals); 1 pending on sports.
    setStatus(await add('a1', { email: 'amal@example.org', body: 'One.' }), 'approved');
    setStatus(await add('a2', { email: 'amal@example.org', body: 'Two.' }), 'approved');
    setStatus(await add('a3', { email: 'amal@example.org', body: 'Three.' }), 'spam');
    setStatus(await add('a4', { email: 'amal@example.org', body: 'Four.' }), 'trash');
    await add('p1', { email: 'amal@example.org', body: 'Pending one.' });
    await add('p2', { email: 'AMAL@example.org', body: 'Pending two.' });
    await add('p3', { email: 'amal@example.org', body: 'Pending three.' });
    await add('sp', { email: 'amal@example.org', body: 'On sports.' }, 'sports');
    await add('b1', { email: 'bea@example.org', body: 'Bea, pending.' });
    await add('anon', { email: '', name: 'Anon', body: 'No email.' });
  });
  after(() => s.close());

  const queue = async (query: string) => (await json<{ comments: Row[] }>(await call(`/api/admin/comments?${query}`))).comments;

  test('each queue row shows its author’s counts on its site, by email whatever its case', async () => {
    const rows = await queue('status=pending&limit=200');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const amal = byId.get(ids.p1 ?? 0)?.authorHistory;
    assert.ok(amal);
    assert.deepEqual({ ...amal, key: undefined }, { key: undefined, approved: 2, pending: 3, spam: 1, trash: 1 });
    assert.deepEqual(byId.get(ids.p2 ?? 0)?.authorHistory, amal, 'the same author, whatever the case of the email');
    assert.deepEqual({ ...byId.get(ids.sp ?? 0)?.authorHistory, key: undefined }, { key: undefined, approved: 0, pending: 1, spam: 0, trash: 0 });
    assert.deepEqual({ ...byId.get(ids.b1 ?? 0)?.authorHistory, key: undefined }, { key: undefined, approved: 0, pending: 1, spam: 0, trash: 0 });
    assert.equal(byId.get(ids.anon ?? 0)?.authorHistory, null);
    // The key is opaque (the avatar's keyed hash), never the email.
    assert.match(amal.key, /^[0-9a-f]{32}$/);
    assert.doesNotMatch(amal.key, /amal/);
  });

  test('the author filter lists all of one author’s comments (every status and site, or one site)', async () => {
    const key = (await queue('status=pending&limit=200')).find((r) => r.id === ids.p1)?.authorHistory?.key ?? '';
    const all = await queue(`author=${key}&limit=200`);
    assert.deepEqual(all.map((r) => r.id).sort((a, b) => a - b), ['a1', 'a2', 'a3', 'a4', 'p1', 'p2', 'p3', 'sp'].map((n) => ids[n]));
    const onNews = await queue(`author=${key}&site=news&status=pending`);
    assert.deepEqual(onNews.map((r) => r.id), [ids.p3, ids.p2, ids.p1]);
    assert.equal((await call('/api/admin/comments?author=amal@example.org')).status, 400);
  });

  test('"approve all pending from this author" approves only their pending comments on that site, each audited and announced', async () => {
    const key = (await queue('status=pending&limit=200')).find((r) => r.id === ids.p1)?.authorHistory?.key ?? '';
    const events = s.count("select count(*) as n from webhook_outbox where payload like '%comment.approved%'");
    const body = await json<{ results: Array<{ id: number; ok: boolean; status: string }>; more: boolean }>(
      await call('/api/admin/authors/approve', 'POST', { site: 'news', author: key }),
    );
    assert.deepEqual(body.results.map((r) => [r.id, r.ok, r.status]), [ids.p1, ids.p2, ids.p3].map((id) => [id, true, 'approved']));
    assert.equal(body.more, false);
    for (const name of ['p1', 'p2', 'p3']) assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', ids[name])[0]?.status, 'approved');
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', ids.sp)[0]?.status, 'pending', 'another site is untouched');
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', ids.a3)[0]?.status, 'spam', 'spam stays spam');
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', ids.b1)[0]?.status, 'pending');
    const audits = s.rows<{ comment_id: number; to_status: string }>("select comment_id, to_status from audit_log where action = 'approve' order by id");
    assert.deepEqual(audits.map((a) => a.comment_id), [ids.p1, ids.p2, ids.p3]);
    assert.equal(s.count("select count(*) as n from webhook_outbox where payload like '%comment.approved%'") - events, 3);
    // Again: nothing left to approve.
    assert.deepEqual((await json<{ results: unknown[] }>(await call('/api/admin/authors/approve', 'POST', { site: 'news', author: key }))).results, []);
  });

  test('approving an author refuses bad input with the contract’s errors', async () => {
    const cases: Array<[Json, number]> = [
      [{ site: 'news' }, 422],
      [{ site: 'news', author: 'amal@example.org' }, 422],
      [{ site: 'news', author: '0'.repeat(32), extra: 1 }, 422],
      [{ site: 'nowhere', author: '0'.repeat(32) }, 404],
    ];
    for (const [body, status] of cases) assert.equal((await call('/api/admin/authors/approve', 'POST', body)).status, status, JSON.stringify(body));
    assert.equal((await s.request(`${HOST}/api/admin/authors/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, 401);
  });
});
