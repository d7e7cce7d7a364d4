// Readers' reactions end to end: one "Like" per reader per comment, toggled; the count in the thread
// JSON and the HTML thread; sort=best with paging; the site setting that turns them off; hostile input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORIGIN, startService, type Service } from './helpers.js';

const THREAD = '/api/comments?site=news&article=%2F2026%2F11%2Fbike-lanes';

interface ThreadBody {
  article: { reactions: boolean };
  comments: Array<{ id: number; reactions: number; featured: boolean; replies: Array<{ id: number; reactions: number }> }>;
  nextCursor: string | null;
}

describe('PUT and DELETE /api/comments/{id}/reaction', () => {
  let s: Service;
  before(async () => {
    s = await startService();
  });
  after(async () => s.close());

  const react = (id: number, method: 'PUT' | 'DELETE', reader: string | null, headers: Record<string, string> = {}) =>
    s.request(`/api/comments/${id}/reaction`, { method, headers: { Origin: ORIGIN, ...(reader ? { 'X-Parley-Reader': reader } : {}), ...headers } });
  const thread = async (query = '') => (await (await s.request(`${THREAD}${query}`)).json()) as ThreadBody;

  test('a like is counted once per reader, toggled off again, and shown in the thread JSON and the HTML thread', async () => {
    const id = await s.postApproved({ body: 'Likeable.' });
    const first = await react(id, 'PUT', 'reader-like-00000000001');
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { reactions: 1, reacted: true });
    assert.deepEqual(await (await react(id, 'PUT', 'reader-like-00000000001')).json(), { reactions: 1, reacted: true }, 'the same reader again');
    assert.deepEqual(await (await react(id, 'PUT', 'reader-like-00000000002')).json(), { reactions: 2, reacted: true });
    assert.equal((await thread()).comments.find((c) => c.id === id)?.reactions, 2);
    const html = await (await s.request('/embed?site=news&article=%2F2026%2F11%2Fbike-lanes')).text();
    assert.match(html, /<span class="reactions">2 likes<\/span>/);
    assert.deepEqual(await (await react(id, 'DELETE', 'reader-like-00000000001')).json(), { reactions: 1, reacted: false });
    assert.deepEqual(await (await react(id, 'DELETE', 'reader-like-00000000001')).json(), { reactions: 1, reacted: false }, 'unliking twice is harmless');
    assert.equal(s.count('select count(*) as n from comment_reactions where comment_id = ?', id), 1);
    assert.equal(s.rows<{ reactions: number }>('select reactions from comments where id = ?', id)[0]?.reactions, 1);
    const keys = JSON.stringify(s.rows('select * from comment_reactions'));
    assert.ok(!keys.includes('203.0.113') && !keys.includes('reader-like'), 'neither the IP nor the reader id is stored');
  });

  test('one network cannot inflate a count without end: its 21st reader’s like is not counted, and the answer says so', async () => {
    const id = await s.postApproved({ body: 'Popular on one network.', email: 'popular@example.org' });
    let last: { reactions: number; reacted: boolean } | null = null;
    for (let i = 0; i < 21; i++) {
      last = (await (await react(id, 'PUT', `reader-nat-${String(i).padStart(12, '0')}`)).json()) as { reactions: number; reacted: boolean };
    }
    assert.deepEqual(last, { reactions: 20, reacted: false });
    s.peer.address = '192.0.2.44';
    assert.deepEqual(await (await react(id, 'PUT', 'reader-nat-elsewhere0001')).json(), { reactions: 21, reacted: true }, 'another network still can');
    s.peer.address = '203.0.113.7';
  });

  test('sort=best puts the most liked first, then the newest, and pages through every comment once', async () => {
    const article = '/best';
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await s.postApproved({ article, body: `Best ${i}.`, email: `best${i}@example.org` }));
    const likes = [1, 3, 0, 3, 0];
    for (const [i, n] of likes.entries()) {
      for (let r = 0; r < n; r++) await react(ids[i] ?? 0, 'PUT', `reader-best-${String(r).padStart(10, '0')}`);
    }
    const order: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?site=news&article=${encodeURIComponent(article)}&sort=best&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await s.request(`/api/comments${query}`);
      assert.equal(res.status, 200);
      const page = (await res.json()) as ThreadBody;
      order.push(...page.comments.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(order, [ids[3], ids[1], ids[0], ids[4], ids[2]]);
  });

  test('a site that turns reactions off refuses them and says so in the thread', async () => {
    const off = await startService({ settings: { reactions: false } });
    try {
      const id = await off.postApproved({ body: 'No likes here.' });
      const res = await off.request(`/api/comments/${id}/reaction`, { method: 'PUT' });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'forbidden');
      assert.equal(((await (await off.request(THREAD)).json()) as ThreadBody).article.reactions, false);
      assert.equal(off.count('select count(*) as n from comment_reactions'), 0);
    } finally {
      await off.close();
    }
  });

  test('hostile input answers the contract’s errors and stores nothing', async () => {
    const id = await s.postApproved({ body: 'Hostile likes.' });
    const before = s.count('select count(*) as n from comment_reactions');
    const held = (await (await s.post({ body: 'Held.', email: 'held@example.org' })).json()) as { comment: { id: number } };
    s.later();
    const cases: Array<[number | string, 'PUT' | 'DELETE', Record<string, string>, number, string]> = [
      [held.comment.id, 'PUT', {}, 404, 'not_found'],
      [99999999, 'PUT', {}, 404, 'not_found'],
      ['abc', 'PUT', {}, 404, 'not_found'],
      ['-1', 'DELETE', {}, 404, 'not_found'],
      [id, 'PUT', { Origin: 'https://evil.example' }, 403, 'forbidden'],
    ];
    for (const [target, method, headers, code, name] of cases) {
      const res = await s.request(`/api/comments/${target}/reaction`, { method, headers });
      assert.equal(res.status, code, `${method} ${target}`);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, name);
    }
    // A reader id that is not one the widget makes is ignored (the reader is then known by network alone).
    const odd = await react(id, 'PUT', null, { 'X-Parley-Reader': '<script>' + 'x'.repeat(100) });
    assert.equal(odd.status, 200);
    assert.equal(s.count('select count(*) as n from comment_reactions'), before + 1);
    const wrongMethod = await s.request(`/api/comments/${id}/reaction`, { method: 'POST' });
    assert.equal(wrongMethod.status, 404);
  });
});

describe('featured comments in the API', () => {
  let s: Service;
  let auth: Record<string, string>;
  before(async () => {
    s = await startService({ settings: { notify: { webhook: 'https://hooks.example.org/parley' } } });
    auth = await s.addToken();
  });
  after(async () => s.close());

  const act = (id: number | string, action: string) => s.request(`/api/admin/comments/${id}/${action}`, { method: 'POST', headers: auth });

  test('a moderator features an approved comment: featured in the thread, filter=featured, audited, comment.featured sent', async () => {
    const plain = await s.postApproved({ body: 'Plain.' });
    const picked = await s.postApproved({ body: 'Picked.', email: 'pick@example.org' });
    const res = await act(picked, 'feature');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { comment: { featured: boolean } }).comment.featured, true);
    const all = (await (await s.request(THREAD)).json()) as ThreadBody;
    assert.deepEqual(all.comments.map((c) => [c.id, c.featured]), [[plain, false], [picked, true]]);
    const featured = (await (await s.request(`${THREAD}&filter=featured`)).json()) as ThreadBody;
    assert.deepEqual(featured.comments.map((c) => c.id), [picked]);
    assert.equal(s.count("select count(*) as n from audit_log where comment_id = ? and action = 'feature'", picked), 1);
    const events = s.rows<{ payload: string }>('select payload from webhook_outbox').map((r) => JSON.parse(r.payload) as { type: string });
    assert.equal(events.filter((e) => e.type === 'comment.featured').length, 1);
    assert.equal((await act(picked, 'feature')).status, 200, 'featuring again is harmless');
    assert.equal(s.count("select count(*) as n from audit_log where comment_id = ? and action = 'feature'", picked), 1);
    assert.equal((await act(picked, 'unfeature')).status, 200);
    assert.deepEqual(((await (await s.request(`${THREAD}&filter=featured`)).json()) as ThreadBody).comments, []);
  });

  test('only approved comments can be featured; unknown ids, bad ids and missing credentials get the contract’s errors', async () => {
    const held = (await (await s.post({ body: 'Held.', email: 'held2@example.org' })).json()) as { comment: { id: number } };
    s.later();
    const refused = await act(held.comment.id, 'feature');
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'forbidden');
    assert.equal((await act(99999999, 'feature')).status, 404);
    assert.equal((await act('x1', 'unfeature')).status, 404);
    const anonymous = await s.request(`/api/admin/comments/${held.comment.id}/feature`, { method: 'POST' });
    assert.equal(anonymous.status, 401);
    assert.equal(s.count('select count(*) as n from comments where featured = 1'), 0);
  });
});
