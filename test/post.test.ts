import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ARTICLE_URL, ORIGIN, startService, type Json, type Service } from './helpers.js';

interface Posted {
  comment: { id: number; status: string; html: string; author: { name: string; url: string | null; avatar: string } };
  editToken: string;
  editableUntil: string;
}
interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await res.json()) as ErrorBody;
  assert.equal(res.status, status, JSON.stringify(body));
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  return body;
}

describe('POST /api/comments', () => {
  let s: Service;
  before(async () => {
    s = await startService();
  });
  after(() => s.close());

  test("a first-time commenter's comment waits in the queue, and the edit token is stored only as a hash", async () => {
    const res = await s.post({ email: 'first@example.org' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as Posted;
    assert.equal(body.comment.status, 'pending');
    assert.equal(body.comment.html, '<p>I agree with <em>this</em>.</p>');
    assert.match(body.editToken, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(Date.parse(body.editableUntil) - s.clock.now, 15 * 60_000);
    const [row] = s.rows<Json>('select * from comments where id = ?', body.comment.id);
    assert.ok(row);
    assert.equal(row.status, 'pending');
    assert.equal(row.reasons, '["first_comment"]');
    assert.equal(row.email, 'first@example.org');
    assert.equal(row.body_source, 'I agree with *this*.');
    assert.notEqual(row.edit_token_hash, body.editToken);
    assert.ok(!JSON.stringify(row).includes(body.editToken));
    assert.equal(row.ip, '203.0.113.0');
    s.later();
  });

  test('an author with an approved comment (same email, any case) is approved at once', async () => {
    const id = await s.postApproved({ email: 'regular@example.org', body: 'My first.' });
    assert.ok(id > 0);
    const res = await s.post({ email: 'REGULAR@Example.org', body: 'My second.' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as Posted;
    assert.equal(body.comment.status, 'approved');
    assert.equal(s.rows<Json>('select status from comments where id = ?', body.comment.id)[0]?.status, 'approved');
    s.later();
  });

  test('the same email gets the same avatar, whatever its case, and the avatar is an SVG', async () => {
    const a = (await (await s.post({ email: 'Avatar@Example.org', body: 'one' })).json()) as Posted;
    s.later();
    const b = (await (await s.post({ email: 'avatar@example.org', body: 'two' })).json()) as Posted;
    s.later();
    assert.equal(a.comment.author.avatar, b.comment.author.avatar);
    assert.match(a.comment.author.avatar, /^\/avatars\/[0-9a-f]{32}\.svg$/);
    const svg = await s.request(a.comment.author.avatar);
    assert.equal(svg.status, 200);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(await svg.text(), /^<svg /);
    assert.equal((await s.request('/avatars/not-a-hash.svg')).status, 404);
  });

  test('fields the contract does not name are ignored: a client cannot approve its own comment', async () => {
    const res = await s.post({ email: 'sneaky@example.org', status: 'approved', moderator: true, id: 999 });
    const body = (await res.json()) as Posted;
    assert.equal(res.status, 201);
    assert.equal(body.comment.status, 'pending');
    const [row] = s.rows<Json>('select status, moderator, id from comments where id = ?', body.comment.id);
    assert.deepEqual({ ...row }, { status: 'pending', moderator: 0, id: body.comment.id });
    s.later();
  });

  const invalid: Array<[string, Json, string]> = [
    ['a missing name', { name: undefined }, 'name'],
    ['an empty name', { name: '   ' }, 'name'],
    ['a 101-character name', { name: 'x'.repeat(101) }, 'name'],
    ['a missing email', { email: undefined }, 'email'],
    ['a malformed email', { email: 'not-an-email' }, 'email'],
    ['an email over 254 characters', { email: `${'a'.repeat(250)}@example.org` }, 'email'],
    ['a javascript: website', { url: 'javascript:alert(1)' }, 'url'],
    ['an ftp website', { url: 'ftp://example.org/' }, 'url'],
    ['a website over 2,048 characters', { url: `https://example.org/${'a'.repeat(2048)}` }, 'url'],
    ['an empty body', { body: '' }, 'body'],
    ['a body of only spaces', { body: '  \n\t ' }, 'body'],
    ['a body over 10,000 characters', { body: 'x'.repeat(10_001) }, 'body'],
    ['a body that is not a string', { body: 42 }, 'body'],
    ['a missing article', { article: undefined }, 'article'],
    ['an article key over 512 characters', { article: 'k'.repeat(513) }, 'article'],
    ['a site that is not a slug', { site: '../etc/passwd' }, 'site'],
    ['a negative parentId', { parentId: -1 }, 'parentId'],
    ['a fractional parentId', { parentId: 1.5 }, 'parentId'],
    ['a string parentId', { parentId: '7' }, 'parentId'],
    ['an articleUrl that is not http(s)', { articleUrl: 'javascript:alert(1)' }, 'articleUrl'],
  ];
  for (const [what, fields, field] of invalid) {
    test(`${what} is refused with validation_failed naming ${field}, and nothing is stored`, async () => {
      const before = s.count();
      const body = await expectError(await s.post({ email: `v-${field}@example.org`, ...fields }), 422, 'validation_failed');
      assert.ok(body.error.fields?.[field], JSON.stringify(body));
      assert.equal(s.count(), before);
    });
  }

  test('a missing name and email are both reported at once', async () => {
    const body = await expectError(await s.post({ name: undefined, email: undefined }), 422, 'validation_failed');
    assert.deepEqual(Object.keys(body.error.fields ?? {}).sort(), ['email', 'name']);
  });

  test('a body of exactly 10,000 characters is accepted', async () => {
    const res = await s.post({ email: 'long@example.org', body: 'y'.repeat(10_000) });
    assert.equal(res.status, 201);
    s.later();
  });

  test('an unknown site is not_found and creates nothing', async () => {
    const before = s.count('select count(*) as n from articles');
    await expectError(await s.post({ site: 'nosuchsite' }), 404, 'not_found');
    assert.equal(s.count('select count(*) as n from articles'), before);
  });

  test("an articleUrl outside the site's origins is forbidden and stores nothing", async () => {
    const before = s.count();
    await expectError(await s.post({ articleUrl: 'https://evil.example/x', article: '/evil' }), 403, 'forbidden');
    assert.equal(s.count(), before);
    assert.equal(s.count("select count(*) as n from articles where key = '/evil'"), 0);
  });

  test('a browser post from a page on another origin is forbidden', async () => {
    const before = s.count();
    await expectError(await s.post({ email: 'o@example.org' }, { Origin: 'https://evil.example' }), 403, 'forbidden');
    assert.equal(s.count(), before);
    const ok = await s.post({ email: 'o@example.org' }, { Origin: ORIGIN });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    s.later();
  });

  test('a filled-in honeypot is stored as spam but answered exactly like a pending comment', async () => {
    const res = await s.post({ email: 'bot@example.org', homepage: 'http://spam.example' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as Posted;
    assert.equal(body.comment.status, 'pending');
    assert.ok(body.editToken);
    const [row] = s.rows<Json>('select status, reasons from comments where id = ?', body.comment.id);
    assert.equal(row?.status, 'spam');
    assert.equal(row?.reasons, '["honeypot"]');
    s.later();
  });

  test('the same author posting the same text on the same article is a duplicate (409)', async () => {
    const first = await s.post({ email: 'dup@example.org', body: 'Same words.' });
    assert.equal(first.status, 201);
    s.later();
    const before = s.count();
    await expectError(await s.post({ email: 'DUP@example.org', body: 'Same words.' }), 409, 'duplicate');
    assert.equal(s.count(), before);
    const other = await s.post({ email: 'dup@example.org', body: 'Same words.', article: '/another' , articleUrl: `${ORIGIN}/another`});
    assert.equal(other.status, 201, 'the same text on another article is fine');
    s.later();
  });

  test('a refused duplicate changes nothing about its article either (no url or title filled in)', async () => {
    const fields = { email: 'fill@example.org', body: 'Words said once.', article: '/refused-fill' };
    assert.equal((await s.post({ ...fields, articleUrl: undefined, articleTitle: undefined })).status, 201);
    s.later();
    const refused = await s.post({ ...fields, articleUrl: `${ORIGIN}/refused-fill`, articleTitle: 'Filled by a refused post' });
    await expectError(refused, 409, 'duplicate');
    assert.deepEqual(s.rows("select url, title from articles where key = '/refused-fill'"), [{ url: null, title: null }]);
  });

  test('two comments within the flood window from one IP are rate limited with Retry-After', async () => {
    const first = await s.post({ email: 'flood1@example.org', body: 'One.' });
    assert.equal(first.status, 201);
    s.clock.now += 5_000;
    const before = s.count();
    const res = await s.post({ email: 'flood2@example.org', body: 'Two.' });
    await expectError(res, 429, 'rate_limited');
    assert.equal(res.headers.get('retry-after'), '10');
    assert.equal(s.count(), before);
    s.peer.address = '198.51.100.20';
    const sameEmail = await s.post({ email: 'flood1@example.org', body: 'Three.' });
    await expectError(sameEmail, 429, 'rate_limited');
    const otherPerson = await s.post({ email: 'flood3@example.org', body: 'Four.' });
    assert.equal(otherPerson.status, 201, 'another IP and email is not limited');
    s.peer.address = '203.0.113.7';
    s.clock.now += 11_000;
    const afterWindow = await s.post({ email: 'flood2@example.org', body: 'Two.' });
    assert.equal(afterWindow.status, 201);
    s.later();
  });

  test("flood control counts only the same site's comments: a comment on another site does not refuse one here", async () => {
    await s.store.saveSite('other', siteSettingsSchema.parse({ origins: [ORIGIN], floodSeconds: 15 }), s.clock.now);
    const elsewhere = await s.post({ site: 'other', email: 'twosites@example.org', body: 'On the other site.' });
    assert.equal(elsewhere.status, 201);
    s.clock.now += 2_000;
    const here = await s.post({ email: 'twosites@example.org', body: 'On this site.' });
    assert.equal(here.status, 201, await here.clone().text());
    s.clock.now += 2_000;
    await expectError(await s.post({ email: 'twosites@example.org', body: 'Again on this site.' }), 429, 'rate_limited');
    s.later();
  });

  test('X-Forwarded-For is ignored unless the service is configured to sit behind a proxy', async () => {
    const res = await s.post({ email: 'xff@example.org' }, { 'X-Forwarded-For': '192.0.2.99' });
    const body = (await res.json()) as Posted;
    assert.equal(s.rows<Json>('select ip from comments where id = ?', body.comment.id)[0]?.ip, '203.0.113.0');
    s.later();
    const behindProxy = await startService({ env: { PARLEY_TRUSTED_PROXIES: '1' } });
    try {
      const proxied = await behindProxy.post({}, { 'X-Forwarded-For': '10.9.9.9, 192.0.2.99' });
      const posted = (await proxied.json()) as Posted;
      assert.equal(behindProxy.rows<Json>('select ip from comments where id = ?', posted.comment.id)[0]?.ip, '192.0.2.0');
    } finally {
      behindProxy.close();
    }
  });

  test('IPv6 addresses are stored anonymised to their /48', async () => {
    s.peer.address = '2001:db8:abcd:12:34:56:78:9';
    const body = (await (await s.post({ email: 'v6@example.org' })).json()) as Posted;
    assert.equal(s.rows<Json>('select ip from comments where id = ?', body.comment.id)[0]?.ip, '2001:db8:abcd::');
    s.peer.address = '203.0.113.7';
    s.later();
  });

  test('malformed JSON is bad_request, the wrong content type is 415, and an oversized body is 413', async () => {
    const before = s.count();
    const send = (body: string, type: string | null) =>
      s.request('/api/comments', { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body });
    await expectError(await send('{"site": "news",', 'application/json'), 400, 'bad_request');
    await expectError(await send('site=news', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    await expectError(await send('{}', 'text/plain'), 415, 'unsupported_media_type');
    await expectError(await send('{}', null), 415, 'unsupported_media_type');
    const huge = JSON.stringify({ site: 'news', article: '/x', name: 'A', email: 'a@example.org', body: 'x'.repeat(70_000) });
    await expectError(await send(huge, 'application/json'), 413, 'payload_too_large');
    await expectError(await send('[]', 'application/json'), 422, 'validation_failed');
    assert.equal(s.count(), before);
  });
});

describe('replies', () => {
  let s: Service;
  let rootId: number;
  before(async () => {
    s = await startService({ settings: { maxDepth: 3 } });
    rootId = await s.postApproved({ email: 'root@example.org', body: 'Root.' });
  });
  after(() => s.close());

  test('a reply to an approved comment on the same article is stored with its depth', async () => {
    const res = await s.post({ email: 'child@example.org', parentId: rootId, body: 'Child.' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { comment: { id: number; parentId: number } };
    assert.equal(body.comment.parentId, rootId);
    assert.equal(s.rows<Json>('select depth from comments where id = ?', body.comment.id)[0]?.depth, 2);
    s.later();
  });

  test('replies cannot nest deeper than the site allows', async () => {
    const level2 = await s.postApproved({ email: 'l2@example.org', parentId: rootId, body: 'Level 2.' });
    const level3 = await s.postApproved({ email: 'l3@example.org', parentId: level2, body: 'Level 3.' });
    const before = s.count();
    const body = await expectError(await s.post({ email: 'l4@example.org', parentId: level3, body: 'Level 4.' }), 422, 'validation_failed');
    assert.match(body.error.fields?.parentId ?? '', /3 levels/);
    assert.equal(s.count(), before);
  });

  test('a reply to a comment on another article, a pending comment or a missing one is refused', async () => {
    const elsewhere = await s.postApproved({ email: 'else@example.org', article: '/other', articleUrl: `${ORIGIN}/other`, body: 'Elsewhere.' });
    const pendingRes = await s.post({ email: 'pending-parent@example.org', body: 'Not yet approved.' });
    const pendingId = ((await pendingRes.json()) as { comment: { id: number } }).comment.id;
    s.later();
    const before = s.count();
    for (const parentId of [elsewhere, pendingId, 987654]) {
      const body = await expectError(await s.post({ email: 'r@example.org', parentId, body: `Reply to ${parentId}` }), 422, 'validation_failed');
      assert.ok(body.error.fields?.parentId);
    }
    assert.equal(s.count(), before);
  });

  test('with maxDepth 1 there are no replies at all', async () => {
    const flat = await startService({ settings: { maxDepth: 1 } });
    try {
      const top = await flat.postApproved({ body: 'Top.' });
      const body = await expectError(await flat.post({ email: 'x@example.org', parentId: top, body: 'No.' }), 422, 'validation_failed');
      assert.match(body.error.fields?.parentId ?? '', /turned off/);
    } finally {
      flat.close();
    }
  });
});

describe('closed threads', () => {
  test('an article closed by flag, or older than closeAfterDays, answers thread_closed and stores nothing', async () => {
    const s = await startService({ settings: { closeAfterDays: 14 } });
    try {
      await s.postApproved({ body: 'Opening the thread.' });
      s.clock.now += 13 * 86_400_000;
      assert.equal((await s.post({ email: 'day13@example.org', body: 'Still open.' })).status, 201);
      s.clock.now += 2 * 86_400_000;
      const before = s.count();
      await expectError(await s.post({ email: 'day15@example.org', body: 'Too late.' }), 403, 'thread_closed');
      assert.equal(s.count(), before);
      const thread = (await (await s.request('/api/comments?site=news&article=/2026/11/bike-lanes')).json()) as { article: { closed: boolean } };
      assert.equal(thread.article.closed, true);

      await s.postApproved({ email: 'o@example.org', article: '/flagged', articleUrl: `${ORIGIN}/flagged`, body: 'Open.' });
      s.sqlite.prepare("update articles set closed = 1 where key = '/flagged'").run();
      await expectError(await s.post({ email: 'p@example.org', article: '/flagged', articleUrl: `${ORIGIN}/flagged`, body: 'Closed.' }), 403, 'thread_closed');
    } finally {
      s.close();
    }
  });
});

describe('site settings from the sites table', () => {
  test('approval none publishes at once and approval all holds everyone', async () => {
    const open = await startService({ settings: { approval: 'none' } });
    const strict = await startService({ settings: { approval: 'all' } });
    try {
      assert.equal(((await (await open.post()).json()) as Posted).comment.status, 'approved');
      const id = await strict.postApproved({ body: 'Approved once.' });
      assert.ok(id);
      const res = (await (await strict.post({ body: 'Again.' })).json()) as Posted;
      assert.equal(res.comment.status, 'pending');
      assert.equal(strict.rows<Json>('select reasons from comments where id = ?', res.comment.id)[0]?.reasons, '["manual_approval"]');
    } finally {
      open.close();
      strict.close();
    }
  });

  test('a comment with as many links as maxLinks is held even from a known author', async () => {
    const s = await startService();
    try {
      await s.postApproved({ body: 'Known.' });
      const res = (await (await s.post({ body: 'See https://a.example and https://b.example' })).json()) as Posted;
      assert.equal(res.comment.status, 'pending');
      assert.equal(s.rows<Json>('select reasons from comments where id = ?', res.comment.id)[0]?.reasons, '["links:2"]');
    } finally {
      s.close();
    }
  });

  test('without requireNameEmail, name and email may be left out', async () => {
    const s = await startService({ settings: { requireNameEmail: false, approval: 'none' } });
    try {
      const res = await s.post({ name: undefined, email: undefined, body: 'Anonymous thoughts.' });
      assert.equal(res.status, 201);
      const body = (await res.json()) as Posted;
      assert.equal(body.comment.author.name, 'Anonymous');
      assert.equal(s.rows<Json>('select email from comments where id = ?', body.comment.id)[0]?.email, '');
    } finally {
      s.close();
    }
  });

  test('the article is created on its first comment with the url and title given', async () => {
    const s = await startService();
    try {
      await s.post();
      const [article] = s.rows<Json>('select key, url, title, first_comment_at from articles');
      assert.deepEqual({ ...article }, { key: '/2026/11/bike-lanes', url: ARTICLE_URL, title: 'Bike lanes', first_comment_at: s.clock.now });
    } finally {
      s.close();
    }
  });
});
