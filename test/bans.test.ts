// Bans end to end: a ban on an email, an IP or a domain refuses the author's new comments (JSON API
// and no-JS form) or takes them silently as spam, expires, is edited and lifted, is audited, and never
// shows the email publicly. Runs on Node and (worker-bans.test.ts) on the Worker.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ARTICLE_URL, startService, type Json, type Service } from './helpers.js';

const HOST = 'http://parley.test';

interface Ban {
  id: number;
  site: string;
  kind: string;
  value: string;
  until: string | null;
  expired: boolean;
  note: string | null;
  commentId: number | null;
  createdBy: string;
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text) as T;
}

async function expectError(res: Response, status: number, code: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  const body = JSON.parse(text) as { error: { code: string; message: string; fields?: Record<string, string> } };
  assert.equal(body.error.code, code, text);
  return body.error;
}

async function moderator(s: Service) {
  const session = await s.signIn(await s.addModerator());
  return (path: string, method = 'GET', body?: unknown) =>
    s.request(`${HOST}${path}`, {
      method,
      headers: { ...session, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
}

const formBody = (fields: Record<string, string>) =>
  new URLSearchParams({ site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, author: 'Amal', comment: 'By form.', ...fields }).toString();

describe('bans', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderator>>;
  /** A comment by amal@example.org from 203.0.113.7 (stored as 203.0.113.0). */
  let source: number;

  const postAs = async (fields: Json, address = '203.0.113.7') => {
    s.peer.address = address;
    s.later();
    return s.post(fields);
  };
  const ban = async (body: Json) => json<{ ban: Ban }>(await call('/api/admin/bans', 'POST', { site: 'news', ...body }), 201);
  const bans = () => s.count('select count(*) as n from bans');
  const auditActions = () => s.rows<{ action: string; site_id: number | null; detail: string | null }>("select action, site_id, detail from audit_log where action like 'ban.%' order by id");

  before(async () => {
    s = await startService();
    call = await moderator(s);
    const res = await postAs({ email: 'Amal@Example.org', body: 'The first comment.' });
    source = (await json<{ comment: { id: number } }>(res, 201)).comment.id;
  });
  beforeEach(() => {
    s.sqlite.prepare('delete from bans').run();
    s.sqlite.prepare("update sites set settings = json_set(settings, '$.bannedAction', 'refuse')").run();
  });
  after(() => s.close());

  test("a ban on a comment's email refuses the author's next comment, whatever the case of the address, and stores nothing", async () => {
    const made = (await ban({ kind: 'email', commentId: source, note: 'Abusive' })).ban;
    assert.equal(made.kind, 'email');
    assert.equal(made.value, 'amal@example.org');
    assert.equal(made.until, null);
    assert.equal(made.expired, false);
    assert.equal(made.note, 'Abusive');
    const before = s.count();
    const res = await postAs({ email: 'AMAL@example.ORG', body: 'Back again.' }, '198.51.100.9');
    const text = await res.text();
    assert.equal(res.status, 403, text);
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'banned');
    assert.doesNotMatch(text, /amal@/i, 'the refusal does not echo the email');
    assert.equal(s.count(), before);
    // Someone else is not affected.
    await json(await postAs({ email: 'bea@example.org', body: 'Hello.' }, '198.51.100.9'), 201);
  });

  test('the no-JavaScript form answers a banned author with its HTML error page and stores nothing', async () => {
    await ban({ kind: 'email', value: 'amal@example.org' });
    const before = s.count();
    s.later();
    const res = await s.request('/api/comments/form', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({ email: 'amal@example.org', comment: 'By form while banned.' }),
    });
    const page = await res.text();
    assert.equal(res.status, 403);
    assert.match(res.headers.get('Content-Type') ?? '', /text\/html/);
    assert.match(page, /Your comments are not accepted on this site\./);
    assert.doesNotMatch(page, /amal@example\.org/);
    assert.equal(s.count(), before);
  });

  test("a ban on a comment's IP refuses anyone from the same anonymised network, by any email", async () => {
    const made = (await ban({ kind: 'ip', commentId: source })).ban;
    assert.equal(made.value, '203.0.113.0');
    await expectError(await postAs({ email: 'someone-else@other.example', body: 'Same network.' }, '203.0.113.200'), 403, 'banned');
    await json(await postAs({ email: 'someone-else@other.example', body: 'Other network.' }, '203.0.114.1'), 201);
  });

  test('a ban on a typed IP is stored in the anonymised form comments have (IPv4 /24, IPv6 /48)', async () => {
    assert.equal((await ban({ kind: 'ip', value: '192.0.2.77' })).ban.value, '192.0.2.0');
    assert.equal((await ban({ kind: 'ip', value: '2001:DB8:1:2::5' })).ban.value, '2001:db8:1::');
    await expectError(await postAs({ email: 'v6@other.example', body: 'From IPv6.' }, '2001:db8:1:ffff::1'), 403, 'banned');
  });

  test("a ban on a domain (typed with an @ and capitals, or from a comment) refuses every address at it, and only there", async () => {
    const made = (await ban({ kind: 'domain', value: ' @Example.ORG ' })).ban;
    assert.equal(made.value, 'example.org');
    await expectError(await postAs({ email: 'new.person@EXAMPLE.org', body: 'Domain ban.' }, '198.51.100.20'), 403, 'banned');
    await json(await postAs({ email: 'new.person@example.org.other.example', body: 'Not that domain.' }, '198.51.100.20'), 201);
    await json(await postAs({ email: 'new.person@sub.example.org', body: 'A subdomain is another domain.' }, '198.51.100.20'), 201);
    await expectError(await call('/api/admin/bans', 'POST', { site: 'news', kind: 'domain', commentId: source }), 409, 'duplicate');
  });

  test("with bannedAction 'spam' a banned author's comment is answered as held but stored as spam with reason banned", async () => {
    s.sqlite.prepare("update sites set settings = json_set(settings, '$.bannedAction', 'spam')").run();
    await ban({ kind: 'email', value: 'amal@example.org' });
    const res = await postAs({ email: 'amal@example.org', body: 'Quietly spam.' });
    const raw = await res.clone().text();
    assert.doesNotMatch(raw, /amal@|banned/i, 'nothing in the answer tells the author or shows the email');
    const body = await json<{ comment: { id: number; status: string } }>(res, 201);
    assert.equal(body.comment.status, 'pending');
    const [row] = s.rows<{ status: string; reasons: string }>('select status, reasons from comments where id = ?', body.comment.id);
    assert.deepEqual(row, { status: 'spam', reasons: '["banned"]' });
    const thread = await (await s.request('/api/comments?site=news&article=/2026/11/bike-lanes')).text();
    assert.doesNotMatch(thread, /Quietly spam/);
  });

  test('a ban for a time stops applying when it expires, and the list then marks it expired', async () => {
    const until = new Date(s.clock.now + 3_600_000).toISOString();
    const made = (await ban({ kind: 'email', value: 'amal@example.org', until })).ban;
    assert.equal(made.until, until);
    await expectError(await postAs({ email: 'amal@example.org', body: 'Within the hour.' }), 403, 'banned');
    s.clock.now += 3_600_000;
    await json(await postAs({ email: 'amal@example.org', body: 'After the hour.' }), 201);
    const list = await json<{ bans: Ban[] }>(await call('/api/admin/bans?site=news'));
    assert.deepEqual(list.bans.map((b) => [b.id, b.expired]), [[made.id, true]]);
  });

  test('a ban is edited (until, note) and lifted, each change audited without the email, and a lifted ban lets the author post', async () => {
    const auditBefore = auditActions().length;
    const made = (await ban({ kind: 'email', commentId: source })).ban;
    const until = '2099-01-31';
    const edited = await json<{ ban: Ban }>(await call(`/api/admin/bans/${made.id}?site=news`, 'PATCH', { until, note: 'Second warning' }));
    assert.equal(edited.ban.until, '2099-01-31T00:00:00.000Z');
    assert.equal(edited.ban.note, 'Second warning');
    await expectError(await postAs({ email: 'amal@example.org', body: 'Still banned.' }), 403, 'banned');
    const forGood = await json<{ ban: Ban }>(await call(`/api/admin/bans/${made.id}?site=news`, 'PATCH', { until: null }));
    assert.equal(forGood.ban.until, null);
    assert.equal(forGood.ban.note, 'Second warning');
    const lifted = await call(`/api/admin/bans/${made.id}?site=news`, 'DELETE');
    assert.equal(lifted.status, 204);
    assert.equal(bans(), 0);
    await json(await postAs({ email: 'amal@example.org', body: 'Welcome back.' }), 201);
    await expectError(await call(`/api/admin/bans/${made.id}?site=news`, 'DELETE'), 404, 'not_found');

    const entries = auditActions().slice(auditBefore);
    assert.deepEqual(entries.map((e) => e.action), ['ban.create', 'ban.update', 'ban.update', 'ban.lift']);
    for (const entry of entries) {
      assert.equal(entry.site_id, 1);
      assert.doesNotMatch(entry.detail ?? '', /amal/i);
      assert.equal((JSON.parse(entry.detail ?? '{}') as { ban: number }).ban, made.id);
    }
  });

  test('a ban belongs to its site: edits and lifts naming another site find nothing', async () => {
    await s.store.saveSite('sports', siteSettingsSchema.parse({}), s.clock.now);
    const made = (await ban({ kind: 'ip', value: '192.0.2.1' })).ban;
    await expectError(await call(`/api/admin/bans/${made.id}?site=sports`, 'PATCH', { note: 'x' }), 404, 'not_found');
    await expectError(await call(`/api/admin/bans/${made.id}?site=sports`, 'DELETE'), 404, 'not_found');
    await expectError(await call(`/api/admin/bans/${made.id}`, 'DELETE'), 400, 'bad_request');
    assert.equal(bans(), 1);
    await expectError(await call('/api/admin/bans', 'POST', { site: 'sports', kind: 'email', commentId: source }), 422, 'validation_failed');
    assert.deepEqual((await json<{ bans: Ban[] }>(await call('/api/admin/bans?site=sports'))).bans, []);
  });

  test('bad input is refused with the contract’s errors and stores nothing', async () => {
    const auditBefore = auditActions().length;
    // A comment with no email, whose IP has been forgotten: nothing to ban it by.
    const ipless = (await json<{ comment: { id: number } }>(await postAs({ email: 'temp@example.org', body: 'Soon anonymous.' }), 201)).comment.id;
    s.sqlite.prepare("update comments set ip = null, email = '' where id = ?").run(ipless);
    const cases: Array<[Json, number, string, string?]> = [
      [{ kind: 'email' }, 422, 'validation_failed', 'value'],
      [{ kind: 'email', value: 'a@b.example', commentId: source }, 422, 'validation_failed', 'value'],
      [{ kind: 'name', value: 'Amal' }, 422, 'validation_failed', 'kind'],
      [{ kind: 'email', value: 'not an email' }, 422, 'validation_failed', 'value'],
      [{ kind: 'domain', value: 'bad domain!' }, 422, 'validation_failed', 'value'],
      [{ kind: 'ip', value: '999.1.1.1' }, 422, 'validation_failed', 'value'],
      [{ kind: 'email', value: 'a@b.example', until: 'tomorrow' }, 422, 'validation_failed', 'until'],
      [{ kind: 'email', value: 'a@b.example', until: '2020-01-01' }, 422, 'validation_failed', 'until'],
      [{ kind: 'email', value: 'a@b.example', note: 'x'.repeat(501) }, 422, 'validation_failed', 'note'],
      [{ kind: 'email', value: 'a@b.example', extra: true }, 422, 'validation_failed', 'extra'],
      [{ kind: 'email', commentId: 999_999 }, 422, 'validation_failed', 'commentId'],
      [{ kind: 'email', commentId: 'one' }, 422, 'validation_failed', 'commentId'],
      [{ kind: 'ip', commentId: ipless }, 422, 'validation_failed', 'commentId'],
      [{ kind: 'email', commentId: ipless }, 422, 'validation_failed', 'commentId'],
      [{ kind: 'email', value: 'a@b.example', site: 'nowhere' }, 404, 'not_found'],
      [{ kind: 'email', value: 'a@b.example', site: '../x' }, 422, 'validation_failed', 'site'],
    ];
    for (const [body, status, code, field] of cases) {
      const error = await expectError(await call('/api/admin/bans', 'POST', { site: 'news', ...body }), status, code);
      if (field) assert.ok(error.fields?.[field], `${JSON.stringify(body)} → ${JSON.stringify(error)}`);
    }
    const raw = await s.request(`${HOST}/api/admin/bans`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(await s.signIn({ email: 'mod@example.org', password: 'correct horse battery' })) }, body: '{"site":' });
    await expectError(raw, 400, 'bad_request');
    await expectError(await call('/api/admin/bans?site=news&limit=0'), 400, 'bad_request');
    await expectError(await call('/api/admin/bans'), 400, 'bad_request');
    const made = (await ban({ kind: 'email', value: 'c@d.example' })).ban;
    await expectError(await call(`/api/admin/bans/${made.id}?site=news`, 'PATCH', {}), 422, 'validation_failed');
    await expectError(await call(`/api/admin/bans/${made.id}?site=news`, 'PATCH', { until: '1999-12-31' }), 422, 'validation_failed');
    await expectError(await call('/api/admin/bans/abc?site=news', 'PATCH', { note: 'x' }), 404, 'not_found');
    await expectError(await call('/api/admin/bans', 'POST', { site: 'news', kind: 'email', value: 'C@D.example' }), 409, 'duplicate');
    assert.equal(bans(), 1);
    assert.deepEqual(auditActions().slice(auditBefore).map((e) => e.action), ['ban.create']);
    // Without moderator credentials, nothing.
    await expectError(await s.request(`${HOST}/api/admin/bans?site=news`), 401, 'unauthorized');
    await expectError(await s.request(`${HOST}/api/admin/bans`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', kind: 'ip', value: '192.0.2.1' }) }), 401, 'unauthorized');
    assert.equal(bans(), 1);
  });

  test("a banned author cannot edit their comment any more, but can still delete it", async () => {
    const posted = await json<{ comment: { id: number }; editToken: string }>(await postAs({ email: 'eve@example.org', body: 'Before the ban.' }), 201);
    await ban({ kind: 'email', value: 'eve@example.org' });
    const patch = await s.request(`/api/comments/${posted.comment.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-Edit-Token': posted.editToken },
      body: JSON.stringify({ body: 'Edited after the ban.', editToken: posted.editToken }),
    });
    await expectError(patch, 403, 'banned');
    assert.equal(s.rows<{ body_source: string }>('select body_source from comments where id = ?', posted.comment.id)[0]?.body_source, 'Before the ban.');
    const del = await s.request(`/api/comments/${posted.comment.id}`, {
      method: 'DELETE',
      headers: { 'Content-Type': 'application/json', 'X-Edit-Token': posted.editToken },
      body: JSON.stringify({ editToken: posted.editToken }),
    });
    assert.equal(del.status, 204, await del.text());
  });
});
