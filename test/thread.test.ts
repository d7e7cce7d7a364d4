import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';

interface C {
  id: number;
  parentId: number | null;
  author: { name: string; url: string | null; avatar: string; moderator: boolean } | null;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  replies: C[];
}
interface ThreadBody {
  article: { key: string; title: string | null; url: string | null; closed: boolean; count: number; maxDepth: number };
  comments: C[];
  nextCursor: string | null;
}

const PATH = '/api/comments?site=news&article=/2026/11/bike-lanes';

describe('GET /api/comments', () => {
  let s: Service;
  const ids: Record<string, number> = {};
  before(async () => {
    s = await startService();
    ids.a = await s.postApproved({ email: 'a@example.org', name: 'A', body: 'A' });
    ids.b = await s.postApproved({ email: 'b@example.org', name: 'B', body: 'B' });
    ids.a1 = await s.postApproved({ email: 'c@example.org', name: 'C', parentId: ids.a, body: 'A1' });
    ids.c = await s.postApproved({ email: 'd@example.org', name: 'D', body: 'C' });
    ids.a2 = await s.postApproved({ email: 'e@example.org', name: 'E', parentId: ids.a, body: 'A2' });
    ids.a1x = await s.postApproved({ email: 'f@example.org', name: 'F', parentId: ids.a1, body: 'A1x' });
    // Held and spam comments are never shown.
    await s.post({ email: 'held@example.org', body: 'Held.' });
    s.later();
  });
  after(() => s.close());

  test('an unknown article is an empty thread, not an error', async () => {
    const res = await s.request('/api/comments?site=news&article=/never-commented');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      article: { key: '/never-commented', title: null, url: null, closed: false, count: 0, maxDepth: 5, reactions: true },
      comments: [],
      nextCursor: null,
    });
  });

  test('an unknown site is not_found; a missing or malformed query is bad_request', async () => {
    const unknown = await s.request('/api/comments?site=nope&article=/x');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'not_found');
    for (const q of ['article=/x', 'site=news', 'site=news&article=/x&limit=0', 'site=news&article=/x&limit=201', 'site=news&article=/x&limit=ten', 'site=news&article=/x&sort=worst', 'site=news&article=/x&filter=hidden', 'site=news&article=/x&cursor=%%%', 'site=news&site=other&article=/x']) {
      const res = await s.request(`/api/comments?${q}`);
      assert.equal(res.status, 400, q);
      const body = (await res.json()) as { error: { code: string; fields?: Record<string, string> } };
      assert.equal(body.error.code, 'bad_request', q);
    }
  });

  test('approved comments come threaded, replies oldest first under their parent', async () => {
    const body = (await (await s.request(PATH)).json()) as ThreadBody;
    assert.equal(body.article.count, 6);
    assert.equal(body.article.title, 'Bike lanes');
    assert.equal(body.article.url, `${ORIGIN}/2026/11/bike-lanes`);
    assert.deepEqual(body.comments.map((c) => c.id), [ids.a, ids.b, ids.c]);
    const a = body.comments[0];
    assert.deepEqual(a?.replies.map((r) => r.id), [ids.a1, ids.a2]);
    assert.deepEqual(a?.replies[0]?.replies.map((r) => r.id), [ids.a1x]);
    assert.equal(a?.replies[0]?.parentId, ids.a);
    assert.equal(a?.author?.name, 'A');
    assert.equal(a?.html, '<p>A</p>');
    assert.match(a?.createdAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(!JSON.stringify(body).includes('Held.'));
  });

  test('sort=newest orders top-level comments newest first but keeps replies oldest first', async () => {
    const body = (await (await s.request(`${PATH}&sort=newest`)).json()) as ThreadBody;
    assert.deepEqual(body.comments.map((c) => c.id), [ids.c, ids.b, ids.a]);
    assert.deepEqual(body.comments[2]?.replies.map((r) => r.id), [ids.a1, ids.a2]);
  });

  test('limit pages top-level comments and nextCursor continues where the page ended', async () => {
    for (const sort of ['oldest', 'newest']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `${PATH}&sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const body = (await (await s.request(url)).json()) as ThreadBody;
        assert.ok(body.comments.length <= 2);
        seen.push(...body.comments.map((c) => c.id));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      assert.equal(pages, 2);
      const expected = sort === 'oldest' ? [ids.a, ids.b, ids.c] : [ids.c, ids.b, ids.a];
      assert.deepEqual(seen, expected);
    }
  });

  test('responses carry an ETag, a matching If-None-Match gets 304, and a new comment changes it', async () => {
    const first = await s.request(PATH);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    const again = await s.request(PATH, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    await s.postApproved({ email: 'new@example.org', body: 'New!' });
    const changed = await s.request(PATH, { headers: { 'If-None-Match': etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
  });
});

describe('PATCH and DELETE /api/comments/{id}', () => {
  let s: Service;
  before(async () => {
    s = await startService({ settings: { approval: 'none' } });
  });
  after(() => s.close());

  async function postOwn(fields: Json = {}) {
    const res = await s.post(fields);
    assert.equal(res.status, 201);
    s.later(20);
    return (await res.json()) as { comment: { id: number }; editToken: string };
  }
  const patch = (id: number | string, body: unknown, token?: string) =>
    s.request(`/api/comments/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Edit-Token': token } : {}) },
      body: JSON.stringify(body),
    });
  const del = (id: number | string, token?: string) =>
    s.request(`/api/comments/${id}`, { method: 'DELETE', headers: token ? { 'X-Edit-Token': token } : {} });

  test('the author may change the body with the edit token: re-rendered, with editedAt', async () => {
    const own = await postOwn({ email: 'edit@example.org', body: 'Typo hree.' });
    const res = await patch(own.comment.id, { body: 'Typo **here**.' }, own.editToken);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { comment: C };
    assert.equal(body.comment.html, '<p>Typo <strong>here</strong>.</p>');
    assert.equal(body.comment.editedAt, new Date(s.clock.now).toISOString());
    const [row] = s.rows<Json>('select body_source, html, edited_at from comments where id = ?', own.comment.id);
    assert.deepEqual({ ...row }, { body_source: 'Typo **here**.', html: '<p>Typo <strong>here</strong>.</p>', edited_at: s.clock.now });
  });

  test('a wrong, missing or expired token is forbidden and changes nothing', async () => {
    const own = await postOwn({ email: 'guard@example.org', body: 'Original.' });
    const other = await postOwn({ email: 'other@example.org', body: 'Other.' });
    for (const token of [undefined, 'wrong', other.editToken]) {
      const res = await patch(own.comment.id, { body: 'Hacked.' }, token);
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'forbidden');
      assert.equal((await del(own.comment.id, token)).status, 403);
    }
    s.clock.now += 16 * 60_000;
    assert.equal((await patch(own.comment.id, { body: 'Too late.' }, own.editToken)).status, 403);
    assert.equal((await del(own.comment.id, own.editToken)).status, 403);
    assert.equal(s.rows<Json>('select body_source from comments where id = ?', own.comment.id)[0]?.body_source, 'Original.');
  });

  test('an invalid edit is validation_failed; an unknown or malformed id is not_found', async () => {
    const own = await postOwn({ email: 'inv@example.org', body: 'Fine.' });
    const res = await patch(own.comment.id, { body: '   ' }, own.editToken);
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.body, 'Write a comment.');
    assert.equal((await patch(999999, { body: 'x' }, own.editToken)).status, 404);
    assert.equal((await patch('abc', { body: 'x' }, own.editToken)).status, 404);
    assert.equal((await del('0', own.editToken)).status, 404);
    const wrongType = await s.request(`/api/comments/${own.comment.id}`, { method: 'PATCH', headers: { 'X-Edit-Token': own.editToken }, body: 'body=x' });
    assert.equal(wrongType.status, 415);
  });

  test('deleting a comment without replies removes it from the database and the thread', async () => {
    const own = await postOwn({ email: 'gone@example.org', article: '/del1', articleUrl: `${ORIGIN}/del1`, body: 'Regret.' });
    const res = await del(own.comment.id, own.editToken);
    assert.equal(res.status, 204);
    assert.equal(s.count('select count(*) as n from comments where id = ?', own.comment.id), 0);
    const thread = (await (await s.request('/api/comments?site=news&article=/del1')).json()) as ThreadBody;
    assert.deepEqual(thread.comments, []);
    assert.equal(thread.article.count, 0);
  });

  test('deleting a comment with replies leaves a placeholder with no author and no text', async () => {
    const parent = await postOwn({ email: 'parent@example.org', name: 'Parent', article: '/del2', articleUrl: `${ORIGIN}/del2`, body: 'Secret words.' });
    const reply = await postOwn({ email: 'kid@example.org', article: '/del2', articleUrl: `${ORIGIN}/del2`, parentId: parent.comment.id, body: 'Reply.' });
    assert.equal((await del(parent.comment.id, parent.editToken)).status, 204);
    const thread = (await (await s.request('/api/comments?site=news&article=/del2')).json()) as ThreadBody;
    assert.equal(thread.article.count, 1);
    const [placeholder] = thread.comments;
    assert.equal(placeholder?.deleted, true);
    assert.equal(placeholder?.author, null);
    assert.equal(placeholder?.html, '');
    assert.deepEqual(placeholder?.replies.map((r) => r.id), [reply.comment.id]);
    const [row] = s.rows<Json>('select name, email, body_source, html, ip from comments where id = ?', parent.comment.id);
    assert.deepEqual({ ...row }, { name: '', email: '', body_source: '', html: '', ip: null });
    assert.ok(!JSON.stringify(thread).includes('Secret words.'));

    // When the last reply goes too, the placeholder disappears with it.
    assert.equal((await del(reply.comment.id, reply.editToken)).status, 204);
    const empty = (await (await s.request('/api/comments?site=news&article=/del2')).json()) as ThreadBody;
    assert.deepEqual(empty.comments, []);
    assert.equal(empty.article.count, 0);
  });
});

describe('GET /api/counts', () => {
  let s: Service;
  before(async () => {
    s = await startService();
    await s.postApproved({ article: '/a', articleUrl: `${ORIGIN}/a`, email: '1@example.org', body: '1' });
    await s.postApproved({ article: '/a', articleUrl: `${ORIGIN}/a`, email: '2@example.org', body: '2' });
    await s.postApproved({ article: '/b', articleUrl: `${ORIGIN}/b`, email: '3@example.org', body: '3' });
    await s.post({ article: '/b', articleUrl: `${ORIGIN}/b`, email: 'pending@example.org', body: 'pending' });
  });
  after(() => s.close());

  test('counts approved comments per key, with 0 for unknown articles', async () => {
    const res = await s.request('/api/counts?site=news&article=/a&article=/b&article=/none');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { counts: { '/a': 2, '/b': 1, '/none': 0 } });
    const one = await s.request('/api/counts?site=news&article=/a');
    assert.deepEqual(await one.json(), { counts: { '/a': 2 } });
  });

  test('takes up to 100 keys; more, none, or no site is bad_request; an unknown site is not_found', async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `article=/k${i}`).join('&');
    assert.equal((await s.request(`/api/counts?site=news&${keys(100)}`)).status, 200);
    for (const q of [`site=news&${keys(101)}`, 'site=news', 'article=/a']) {
      const res = await s.request(`/api/counts?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'bad_request');
    }
    assert.equal((await s.request('/api/counts?site=nope&article=/a')).status, 404);
  });
});

describe('CORS, health and unknown paths', () => {
  let s: Service;
  before(async () => {
    s = await startService();
  });
  after(() => s.close());

  test("public responses allow only the site's origins", async () => {
    const allowed = await s.request('/api/comments?site=news&article=/x', { headers: { Origin: ORIGIN } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(allowed.headers.get('vary') ?? '', /Origin/);
    const other = await s.request('/api/comments?site=news&article=/x', { headers: { Origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const err = await s.request('/api/comments?site=news', { headers: { Origin: ORIGIN } });
    assert.equal(err.status, 400);
    assert.equal(err.headers.get('access-control-allow-origin'), ORIGIN, 'errors are readable by the widget too');
  });

  test('preflights are answered for known origins only', async () => {
    const ok = await s.request('/api/comments', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /X-Edit-Token/);
    const no = await s.request('/api/comments', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    assert.equal(no.headers.get('access-control-allow-origin'), null);
  });

  test('moderation paths send no CORS headers', async () => {
    const res = await s.request('/api/admin/comments', { headers: { Origin: ORIGIN } });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  test('healthz answers ok while the database does', async () => {
    const res = await s.request('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });

  test('an unknown path is a JSON not_found', async () => {
    const res = await s.request('/no/such/thing');
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  test('the request log names the route pattern and status, never the path a client chose', async () => {
    await s.request('/api/comments/12345?email=leak@example.org', { method: 'DELETE' });
    await s.request('/leak@example.org');
    const lines = s.logs.join('\n');
    assert.match(lines, /DELETE \/api\/comments\/:id 404/);
    assert.ok(!lines.includes('leak@example.org'));
  });
});

describe("the site's maxDepth in the thread", () => {
  let s: Service;
  before(async () => {
    s = await startService({ settings: { maxDepth: 2 } });
  });
  after(() => s.close());

  test('the thread says how deep replies may nest, and the HTML thread offers Reply only where one may go', async () => {
    const top = await s.postApproved({ email: 'a@example.org', name: 'Amal', body: 'Top.' });
    const second = await s.postApproved({ email: 'b@example.org', name: 'Bo', parentId: top, body: 'Second.' });
    const json = (await (await s.request(PATH)).json()) as ThreadBody;
    assert.equal(json.article.maxDepth, 2);
    assert.equal(json.comments[0]?.replies[0]?.id, second);

    const html = await (await s.request(`/embed?site=news&article=${encodeURIComponent('/2026/11/bike-lanes')}`)).text();
    assert.match(html, new RegExp(`replytocom=${top}#respond`), 'the top-level comment has its Reply link');
    assert.doesNotMatch(html, new RegExp(`replytocom=${second}`), 'the second-level one has none (maxDepth 2)');
    // And the API refuses what the missing link does not offer.
    s.later();
    const deeper = await s.post({ email: 'c@example.org', name: 'Chen', parentId: second, body: 'Third.' });
    assert.equal(deeper.status, 422);

    // A moderator's change of the setting reaches the thread at once.
    const auth = await s.addToken();
    const put = await s.request('/api/admin/sites/news', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ origins: [ORIGIN], maxDepth: 3 }),
    });
    assert.equal(put.status, 200);
    assert.equal(((await (await s.request(PATH)).json()) as ThreadBody).article.maxDepth, 3);
  });
});
