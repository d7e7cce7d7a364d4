// Privacy self-service and the moderators' privacy tools: the request answers the same whatever the
// address, is rate limited, and the signed links' pages export and erase exactly one person's comments.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signReaderLink } from '../src/readers/links.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const AMAL = 'amal@example.org';
const BEN = 'ben@example.org';

async function seed(svc: Service) {
  const first = await svc.postApproved({ email: AMAL, name: 'Amal', url: 'https://amal.example', body: 'Amal’s first comment.' });
  const reply = await svc.postApproved({ email: BEN, name: 'Ben', body: 'Ben replies to Amal.', parentId: first });
  const second = await svc.postApproved({ email: 'AMAL@Example.org', name: 'Amal', body: 'Amal again, on another article.', article: '/other' });
  const pending = (await (await svc.post({ email: AMAL, name: 'Amal', body: 'Amal, held: https://a.example https://b.example' })).json()) as { comment: { id: number } };
  svc.later();
  return { first, reply, second, pending: pending.comment.id };
}

const requestPrivacy = (svc: Service, body: Json, headers: Record<string, string> = {}) =>
  svc.request('/api/privacy/requests', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
    body: JSON.stringify({ site: 'news', kind: 'export', ...body }),
  });

describe('privacy requests', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    await seed(svc);
  });
  after(() => svc.close());

  test('an address with comments and one without get the same 202 answer', async () => {
    const known = await requestPrivacy(svc, { email: AMAL });
    const unknown = await requestPrivacy(svc, { email: 'nobody@example.org', kind: 'erase' });
    assert.equal(known.status, 202);
    assert.equal(unknown.status, 202);
    assert.deepEqual(await known.json(), await unknown.json());
    assert.equal(known.headers.get('Content-Type'), unknown.headers.get('Content-Type'));
  });

  test('a fourth request for one address within the hour is refused with 429 and Retry-After', async () => {
    svc.peer.address = '198.51.100.20';
    for (let i = 0; i < 3; i++) assert.equal((await requestPrivacy(svc, { email: 'limit@example.org' })).status, 202);
    const refused = await requestPrivacy(svc, { email: 'LIMIT@example.org' });
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'rate_limited');
    assert.ok(Number(refused.headers.get('Retry-After')) > 0);
    svc.clock.now += 3_600_001;
    assert.equal((await requestPrivacy(svc, { email: 'limit@example.org' })).status, 202);
  });

  test('one client asking about many addresses is refused after ten requests', async () => {
    svc.peer.address = '198.51.100.30';
    for (let i = 0; i < 10; i++) assert.equal((await requestPrivacy(svc, { email: `someone${i}@example.org` })).status, 202);
    assert.equal((await requestPrivacy(svc, { email: 'another@example.org' })).status, 429);
    svc.peer.address = '203.0.113.7';
  });

  test('hostile and broken requests get the contract errors and store nothing', async () => {
    const attempts = svc.count('select count(*) as n from login_attempts');
    const cases: Array<[RequestInit, number, string]> = [
      [{ body: '{"site":', headers: { 'Content-Type': 'application/json' } }, 400, 'bad_request'],
      [{ body: 'site=news', headers: { 'Content-Type': 'text/plain' } }, 415, 'unsupported_media_type'],
      [{ body: JSON.stringify({ site: 'news', email: 'not an email', kind: 'export' }), headers: { 'Content-Type': 'application/json' } }, 422, 'validation_failed'],
      [{ body: JSON.stringify({ site: 'news', email: AMAL, kind: 'delete-everything' }), headers: { 'Content-Type': 'application/json' } }, 422, 'validation_failed'],
      [{ body: JSON.stringify({ site: '../etc', email: AMAL, kind: 'export' }), headers: { 'Content-Type': 'application/json' } }, 422, 'validation_failed'],
      [{ body: JSON.stringify([1, 2]), headers: { 'Content-Type': 'application/json' } }, 422, 'validation_failed'],
      [{ body: JSON.stringify({ site: 'nosuch', email: AMAL, kind: 'export' }), headers: { 'Content-Type': 'application/json' } }, 404, 'not_found'],
      [{ body: JSON.stringify({ site: 'news', email: AMAL, kind: 'export' }), headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' } }, 403, 'forbidden'],
      [{ body: JSON.stringify({ site: 'news', email: `${'a'.repeat(250)}@example.org`, kind: 'export' }), headers: { 'Content-Type': 'application/json' } }, 422, 'validation_failed'],
    ];
    for (const [init, status, code] of cases) {
      const res = await svc.request('/api/privacy/requests', { method: 'POST', ...init });
      assert.equal(res.status, status, String(init.body));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
    }
    assert.equal(svc.count('select count(*) as n from login_attempts'), attempts);
  });

  test('the no-JavaScript page asks for an address and answers every address alike', async () => {
    const page = await svc.request('/privacy?site=news');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<form method="post" action="\/privacy">/);
    assert.match(page.headers.get('Content-Security-Policy') ?? '', /default-src 'none'/);
    const send = (email: string) =>
      svc.request('/privacy', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ site: 'news', email, kind: 'erase' }).toString() });
    svc.peer.address = '198.51.100.40';
    const known = await send(BEN);
    const unknown = await send('stranger@example.org');
    assert.equal(known.status, 202);
    assert.equal(await known.text(), await unknown.text());
    const invalid = await send('not-an-address');
    assert.equal(invalid.status, 422);
    const invalidHtml = await invalid.text();
    assert.match(invalidHtml, /role="alert"/);
    assert.equal((await svc.request('/privacy?site=nosuch')).status, 404);
    assert.equal((await svc.request('/privacy?site=<script>')).status, 404);
    svc.peer.address = '203.0.113.7';
  });
});

describe('privacy links', () => {
  let svc: Service;
  let ids: Awaited<ReturnType<typeof seed>>;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    ids = await seed(svc);
  });
  after(() => svc.close());

  const link = (purpose: 'export' | 'erase', email = AMAL) => signReaderLink(SECRET, { purpose, site: 'news', email }, svc.clock.now);

  test('the export link downloads every comment of that address, on every article and in every status, and nobody else’s', async () => {
    const res = await svc.request(`/privacy/export/${await link('export')}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Disposition') ?? '', /^attachment; filename="parley-news-comments-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = (await res.json()) as { email: string; comments: Array<{ id: number; status: string; email: string; article: { key: string } }> };
    assert.equal(data.email, AMAL);
    assert.deepEqual(data.comments.map((c) => c.id).sort(), [ids.first, ids.second, ids.pending].sort());
    assert.deepEqual(new Set(data.comments.map((c) => c.status)), new Set(['approved', 'pending']));
    assert.ok(data.comments.every((c) => c.email.toLowerCase() === AMAL));
    assert.ok(!JSON.stringify(data).includes(BEN));
    assert.deepEqual(new Set(data.comments.map((c) => c.article.key)), new Set(['/2026/11/bike-lanes', '/other']));
  });

  test('forged, altered, expired and wrong-purpose links are refused with a page, not a download', async () => {
    const good = await link('export');
    const [payload, mac] = good.split('.');
    const altered = `${payload?.slice(0, -2)}AA.${mac}`;
    const eraseLink = await link('erase');
    for (const token of ['nonsense', altered, `${payload}.${'0'.repeat(64)}`, eraseLink, '%00', 'a'.repeat(1400)]) {
      const res = await svc.request(`/privacy/export/${token}`);
      assert.ok(res.status === 403 || res.status === 404, `${token.slice(0, 20)}: ${res.status}`);
      assert.match(res.headers.get('Content-Type') ?? '', /text\/html/);
    }
    const old = await link('export');
    svc.clock.now += 86_400_001;
    const expired = await svc.request(`/privacy/export/${old}`);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /expired/);
  });

  test('the erase link opens a confirmation page that shows no address, and changes nothing by itself', async () => {
    const token = await link('erase');
    const page = await svc.request(`/privacy/erase/${token}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, new RegExp(`action="/privacy/erase/${token.replace(/[.]/g, '\\.')}"`));
    assert.match(html, /You have 3 comments/);
    assert.ok(!html.toLowerCase().includes(AMAL) && !html.includes('203.0.113'));
    assert.equal(svc.count("select count(*) as n from comments where name = 'Anonymous'"), 0);
  });

  test('erasing anonymises that person’s comments as WordPress does and leaves everyone else’s alone', async () => {
    const token = await link('erase');
    const res = await svc.request(`/privacy/erase/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'mode=anonymise',
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /3 comments anonymised/);
    const rows = svc.rows<Json>('select id, name, email, url, ip, user_agent as ua, body_source as body from comments order by id');
    for (const id of [ids.first, ids.second, ids.pending]) {
      const row = rows.find((r) => r.id === id);
      assert.deepEqual({ ...row, body: undefined }, { id, name: 'Anonymous', email: '', url: null, ip: null, ua: null, body: undefined });
    }
    const ben = rows.find((r) => r.id === ids.reply);
    assert.equal(ben?.name, 'Ben');
    assert.equal(ben?.email, BEN);
    const thread = await (await svc.request('/api/comments?site=news&article=/2026/11/bike-lanes')).text();
    assert.ok(!thread.includes('Amal</') && thread.includes('Anonymous'));
    const audit = svc.rows<{ actor_type: string; action: string; detail: string }>("select actor_type, action, detail from audit_log where action like 'privacy.%'");
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.actor_type, 'reader');
    assert.ok(!audit[0]?.detail.includes('@'));
  });
});

describe('privacy erase, deleting the text', () => {
  let svc: Service;
  let ids: Awaited<ReturnType<typeof seed>>;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    ids = await seed(svc);
  });
  after(() => svc.close());

  test('deleting the text removes the comments, and leaves a placeholder where a reply hangs', async () => {
    const token = await signReaderLink(SECRET, { purpose: 'erase', site: 'news', email: AMAL }, svc.clock.now);
    const res = await svc.request(`/privacy/erase/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'mode=delete' });
    assert.equal(res.status, 200);
    const left = svc.rows<{ id: number; deleted: number; body_source: string; name: string }>('select id, deleted, body_source, name from comments order by id');
    assert.deepEqual(
      left.map((r) => r.id),
      [ids.first, ids.reply],
    );
    assert.deepEqual({ ...left[0] }, { id: ids.first, deleted: 1, body_source: '', name: '' });
    const thread = (await (await svc.request('/api/comments?site=news&article=/2026/11/bike-lanes')).json()) as { comments: Array<{ deleted?: boolean; replies: unknown[] }> };
    assert.equal(thread.comments[0]?.deleted, true);
    assert.equal(thread.comments[0]?.replies.length, 1);
  });

  test('an unknown erase mode is refused and nothing changes', async () => {
    const before = svc.count();
    const token = await signReaderLink(SECRET, { purpose: 'erase', site: 'news', email: BEN }, svc.clock.now);
    const res = await svc.request(`/privacy/erase/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'mode=everything' });
    assert.equal(res.status, 422);
    assert.equal(svc.count(), before);
    assert.equal(svc.count("select count(*) as n from comments where name = 'Ben'"), 1);
  });
});

describe('moderators’ privacy tools', () => {
  let svc: Service;
  let ids: Awaited<ReturnType<typeof seed>>;
  let auth: Record<string, string>;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    ids = await seed(svc);
    auth = await svc.addToken('privacy-officer');
  });
  after(() => svc.close());

  test('the tools need a moderator', async () => {
    assert.equal((await svc.request(`/api/admin/privacy?site=news&email=${AMAL}`)).status, 401);
    assert.equal((await svc.request(`/api/admin/privacy/export?site=news&email=${AMAL}`)).status, 401);
    const erase = await svc.request('/api/admin/privacy/erase', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', email: AMAL }) });
    assert.equal(erase.status, 401);
    assert.equal(svc.count("select count(*) as n from comments where name = 'Anonymous'"), 0);
  });

  test('a look-up by address lists that address’s comments (any case) with what moderators see', async () => {
    const res = await svc.request('/api/admin/privacy?site=news&email=Amal@Example.ORG', { headers: auth });
    assert.equal(res.status, 200);
    const { comments } = (await res.json()) as { comments: Array<{ id: number; email: string; status: string }> };
    assert.deepEqual(comments.map((c) => c.id), [ids.first, ids.second, ids.pending]);
    assert.equal((await svc.request('/api/admin/privacy?site=news&email=nope', { headers: auth })).status, 400);
    assert.equal((await svc.request('/api/admin/privacy?site=nosuch&email=a@b.example', { headers: auth })).status, 404);
  });

  test('the export download is audited without the address', async () => {
    const res = await svc.request(`/api/admin/privacy/export?site=news&email=${BEN}`, { headers: auth });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Disposition') ?? '', /attachment/);
    const data = (await res.json()) as { comments: Array<{ id: number }> };
    assert.deepEqual(data.comments.map((c) => c.id), [ids.reply]);
    const audit = svc.rows<{ actor_name: string; detail: string }>("select actor_name, detail from audit_log where action = 'privacy.export'");
    assert.equal(audit[0]?.actor_name, 'privacy-officer');
    assert.ok(!audit[0]?.detail.includes('@'));
  });

  test('a moderator’s erase anonymises, is audited, and a bad mode is refused', async () => {
    const bad = await svc.request('/api/admin/privacy/erase', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', email: BEN, mode: 'burn' }) });
    assert.equal(bad.status, 422);
    const res = await svc.request('/api/admin/privacy/erase', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', email: BEN }) });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { erased: { anonymised: 1, removed: 0, placeholders: 0 } });
    assert.equal(svc.count('select count(*) as n from comments where lower(email) = ?', BEN), 0);
    assert.equal(svc.count("select count(*) as n from audit_log where action = 'privacy.erase.anonymise' and actor_type = 'token'"), 1);
  });
});
