// What a moderator of one site can see and do: only its own sites' comments through every list,
// search, count and action (bulk too), in the API and the moderator UI; and the admin API that
// manages moderators and tokens (audited, never leaving the service without an admin).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startService, type Json, type Service } from './helpers.js';
import { HOST, PASSWORD, rolesFixture, type RolesFixture } from './roles-fixture.js';

interface ListBody {
  comments: Array<{ id: number; site: string }>;
}

describe('a moderator of site A and site B’s comments', () => {
  let s: Service;
  let f: RolesFixture;
  let a: number;
  let b: number;
  before(async () => {
    s = await startService();
    f = await rolesFixture(s);
    a = await f.comment('news', 'Alpha bicycle lanes.');
    b = await f.comment('other', 'Beta bicycle lanes.');
  });
  after(() => s.close());

  const api = (path: string, headers: Record<string, string>, init: { method?: string; body?: Json } = {}) =>
    s.request(`${HOST}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...headers, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });

  const ids = async (res: Response) => {
    assert.equal(res.status, 200);
    return ((await res.json()) as ListBody).comments.map((c) => c.id);
  };

  test('lists, searches, the Reported view and counts show a moderator only its own site; naming another site is forbidden', async () => {
    const token = f.modA.token;
    assert.deepEqual(await ids(await api('/api/admin/comments', token)), [a]);
    assert.deepEqual(await ids(await api('/api/admin/comments?status=pending&q=bicycle', token)), [a]);
    assert.deepEqual(await ids(await api('/api/admin/comments?q=beta', token)), []);
    for (const id of [a, b]) {
      s.approve(id);
      s.later();
      const report = await s.request(`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reason":"spam"}' });
      assert.equal(report.status, 202);
    }
    assert.deepEqual(await ids(await api('/api/admin/comments?reported=true', token)), [a]);
    const other = await api('/api/admin/comments?site=other', token);
    assert.equal(other.status, 403);
    assert.equal(((await other.json()) as { error: { code: string } }).error.code, 'forbidden');

    const stats = (await (await api('/api/admin/stats', token)).json()) as { sites: Record<string, unknown>; totals: { total: number } };
    assert.deepEqual(Object.keys(stats.sites), ['news']);
    assert.equal(stats.totals.total, 1);
    assert.deepEqual(await (await api('/api/admin/sites', token)).json(), { sites: [{ site: 'news' }] });
    // The admin still sees everything.
    assert.deepEqual((await ids(await api('/api/admin/comments?status=approved', f.admin.token))).sort(), [a, b].sort());
  });

  test('every action on a site B comment is refused to a moderator of site A, and nothing changes', async () => {
    const before = s.rows('select * from comments where id = ?', b);
    const audits = s.count('select count(*) as n from audit_log');
    const calls: Array<[string, string, Json | undefined]> = [
      ['GET', `/api/admin/comments/${b}`, undefined],
      ['PATCH', `/api/admin/comments/${b}`, { body: 'Rewritten.' }],
      ['DELETE', `/api/admin/comments/${b}`, undefined],
      ['POST', `/api/admin/comments/${b}/reply`, { body: 'A reply.' }],
      ...['approve', 'unapprove', 'spam', 'trash', 'restore', 'feature', 'unfeature', 'reports/dismiss'].map(
        (action): [string, string, Json | undefined] => ['POST', `/api/admin/comments/${b}/${action}`, undefined],
      ),
    ];
    for (const headers of [f.modA.token, f.modA.session]) {
      for (const [method, path, body] of calls) {
        const res = await api(path, headers, { method, body });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'forbidden');
      }
    }
    assert.deepEqual(s.rows('select * from comments where id = ?', b), before);
    assert.equal(s.count('select count(*) as n from audit_log'), audits);
  });

  test('a moderator bans and approves authors on its own site only; another site’s bans are neither listed nor changed', async () => {
    const token = f.modA.token;
    const own = await api('/api/admin/bans', token, { method: 'POST', body: { site: 'news', kind: 'email', value: 'troll@example.org' } });
    assert.equal(own.status, 201);
    const banId = ((await own.json()) as { ban: { id: number } }).ban.id;
    const theirs = await api('/api/admin/bans', f.modB.token, { method: 'POST', body: { site: 'news', kind: 'email', value: 'other@example.org' } });
    assert.equal(theirs.status, 403);
    assert.equal((await api('/api/admin/bans?site=news', f.modB.token)).status, 403);
    assert.equal((await api('/api/admin/bans?site=no-such-site', f.modB.token)).status, 403, 'a moderator learns nothing of sites it does not moderate');
    assert.equal((await api(`/api/admin/bans/${banId}?site=news`, f.modB.token, { method: 'PATCH', body: { note: 'mine now' } })).status, 403);
    assert.equal((await api(`/api/admin/bans/${banId}?site=news`, f.modB.token, { method: 'DELETE' })).status, 403);
    assert.equal((await api('/api/admin/authors/approve', f.modB.token, { method: 'POST', body: { site: 'news', author: 'a'.repeat(32) } })).status, 403);
    const rows = s.rows<{ value: string; note: string | null }>('select value, note from bans');
    assert.deepEqual(rows, [{ value: 'troll@example.org', note: null }]);
    assert.equal((await api('/api/admin/bans?site=news', token)).status, 200);
    assert.equal((await api('/api/admin/bans?site=news', f.admin.token)).status, 200);
    assert.equal((await api(`/api/admin/bans/${banId}?site=news`, token, { method: 'DELETE' })).status, 204);
  });

  test('a bulk action acts on the moderator’s own site and refuses the rest, one by one', async () => {
    const res = await api('/api/admin/comments/bulk', f.modA.token, { method: 'POST', body: { ids: [a, b], action: 'trash' } });
    assert.equal(res.status, 200);
    const { results } = (await res.json()) as { results: Array<{ id: number; ok: boolean; error?: { code: string } }> };
    assert.deepEqual(results.map((r) => [r.id, r.ok, r.error?.code]), [[a, true, undefined], [b, false, 'forbidden']]);
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', b)[0]?.status, 'approved');
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', a)[0]?.status, 'trash');
  });

  test('the moderator UI shows a moderator its own site only: queue, site picker, single comment, nav', async () => {
    const page = async (path: string) => {
      const res = await s.request(`${HOST}${path}`, { headers: f.modA.session, redirect: 'manual' });
      return { status: res.status, html: await res.text() };
    };
    const queue = await page('/admin/comments?status=approved');
    assert.equal(queue.status, 200);
    assert.doesNotMatch(queue.html, /Beta bicycle/);
    assert.match(queue.html, /<option value="news"/);
    assert.doesNotMatch(queue.html, /<option value="other"/);
    for (const path of ['/admin/comments?site=other', `/admin/comments/${b}`, `/admin/comments/${b}/row`, '/admin/sites', '/admin/moderators', '/admin/audit']) {
      assert.equal((await page(path)).status, 403, path);
    }
    const dashboard = await page('/admin');
    assert.doesNotMatch(dashboard.html, /href="\/admin\/(sites|moderators|audit|import|privacy)"/);
    assert.doesNotMatch(dashboard.html, /<code>other<\/code>/);
    const adminDashboard = await (await s.request(`${HOST}/admin`, { headers: f.admin.session })).text();
    assert.match(adminDashboard, /href="\/admin\/moderators"/);
  });

  test('mail preferences and moderators’ mail cover a moderator’s own sites only', async () => {
    const prefs = (await (await api('/api/admin/me/notifications', f.modA.session)).json()) as { sites: Array<{ site: string }> };
    assert.deepEqual(prefs.sites.map((p) => p.site), ['news']);
    const put = await api('/api/admin/me/notifications', f.modA.session, { method: 'PUT', body: { site: 'other', onNew: true, onHeld: true, digestMinutes: 0 } });
    assert.equal(put.status, 403);
    const recipients = (await s.store.mailRecipients(f.siteB)).map((r) => r.email).sort();
    assert.deepEqual(recipients, [f.admin.email, f.modB.email].sort());
  });
});

describe('managing moderators and tokens (admins only)', () => {
  let s: Service;
  let f: RolesFixture;
  before(async () => {
    s = await startService();
    f = await rolesFixture(s);
  });
  after(() => s.close());

  const api = (path: string, headers: Record<string, string>, method = 'GET', body?: Json) =>
    s.request(`${HOST}${path}`, { method, headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const lastAudit = () => s.rows<{ action: string; actor_name: string; detail: string }>('select action, actor_name, detail from audit_log order by id desc limit 1')[0];

  test('an admin adds a moderator of some sites, who signs in to exactly those; a change of sites applies at once; all audited', async () => {
    const created = await api('/api/admin/moderators', f.admin.session, 'POST', { email: 'New@Staff.example', name: 'New', password: PASSWORD, role: 'moderator', sites: ['news'] });
    assert.equal(created.status, 201);
    const { moderator } = (await created.json()) as { moderator: { id: number; email: string; role: string; sites: string[] } };
    assert.deepEqual([moderator.email, moderator.role, moderator.sites], ['new@staff.example', 'moderator', ['news']]);
    assert.equal(lastAudit()?.action, 'moderator.create');

    const session = await s.signIn({ email: 'new@staff.example', password: PASSWORD });
    const me = (await (await api('/api/admin/session', session)).json()) as { access: unknown };
    assert.deepEqual(me.access, { role: 'moderator', sites: ['news'] });

    const changed = await api(`/api/admin/moderators/${moderator.id}`, f.admin.token, 'PATCH', { sites: ['other'] });
    assert.equal(changed.status, 200);
    assert.equal(lastAudit()?.action, 'moderator.update');
    assert.deepEqual(((await (await api('/api/admin/session', session)).json()) as { access: unknown }).access, { role: 'moderator', sites: ['other'] });

    const unknown = await api(`/api/admin/moderators/${moderator.id}`, f.admin.token, 'PATCH', { sites: ['nowhere'] });
    assert.equal(unknown.status, 422);
    assert.ok(((await unknown.json()) as { error: { fields: Record<string, string> } }).error.fields.sites);
    const twice = await api('/api/admin/moderators', f.admin.token, 'POST', { email: 'new@staff.example', name: 'New', password: PASSWORD, role: 'admin' });
    assert.equal(twice.status, 409);

    const list = (await (await api('/api/admin/moderators', f.admin.token)).json()) as { moderators: Array<{ email: string }> };
    assert.ok(list.moderators.some((m) => m.email === 'new@staff.example'));
    assert.equal((await api(`/api/admin/moderators/${moderator.id}`, f.admin.token, 'DELETE')).status, 204);
    assert.equal(lastAudit()?.action, 'moderator.remove');
    assert.equal((await api('/api/admin/session', session)).status, 401, 'a removed moderator’s session ends');
  });

  test('the last admin can be neither demoted nor removed; with a second admin it can', async () => {
    const adminId = s.rows<{ id: number }>('select id from moderators where email = ?', f.admin.email)[0]?.id ?? 0;
    const demote = await api(`/api/admin/moderators/${adminId}`, f.admin.session, 'PATCH', { role: 'moderator', sites: ['news'] });
    assert.equal(demote.status, 403);
    assert.equal((await api(`/api/admin/moderators/${adminId}`, f.admin.session, 'DELETE')).status, 403);
    assert.equal(s.rows<{ role: string }>('select role from moderators where id = ?', adminId)[0]?.role, 'admin');

    const second = (await (await api('/api/admin/moderators', f.admin.session, 'POST', { email: 'second@staff.example', name: 'Second', password: PASSWORD, role: 'admin' })).json()) as {
      moderator: { id: number };
    };
    const demoted = await api(`/api/admin/moderators/${adminId}`, f.admin.session, 'PATCH', { role: 'moderator', sites: ['news'] });
    assert.equal(demoted.status, 200);
    // Demoted, the first admin's own token is capped at once: no admin routes, only site A.
    assert.equal((await api('/api/admin/moderators', f.admin.token)).status, 403);
    assert.equal((await api('/api/admin/comments?site=news', f.admin.token)).status, 200);
    // The second admin puts things back for the next test.
    const secondSession = await s.signIn({ email: 'second@staff.example', password: PASSWORD });
    assert.equal((await api(`/api/admin/moderators/${adminId}`, secondSession, 'PATCH', { role: 'admin' })).status, 200);
    assert.equal((await api(`/api/admin/moderators/${second.moderator.id}`, f.admin.session, 'DELETE')).status, 204);
  });

  test('an admin creates a moderator token for some sites (shown once), changes and revokes it; a token goes with the admin who made it', async () => {
    const created = await api('/api/admin/tokens', f.admin.session, 'POST', { name: 'b-bot', role: 'moderator', sites: ['other'] });
    assert.equal(created.status, 201);
    const { token, secret } = (await created.json()) as { token: { id: number; role: string; sites: string[] }; secret: string };
    assert.deepEqual([token.role, token.sites], ['moderator', ['other']]);
    assert.equal(lastAudit()?.action, 'token.create');
    assert.doesNotMatch(lastAudit()?.detail ?? '', /pt_/, 'the secret is not in the audit log');
    const bearer = { Authorization: `Bearer ${secret}` };
    const bComment = await f.comment('other');
    const aComment = await f.comment('news');
    assert.equal((await api(`/api/admin/comments/${bComment}`, bearer)).status, 200);
    assert.equal((await api(`/api/admin/comments/${aComment}`, bearer)).status, 403);
    assert.equal((await api('/api/admin/tokens', bearer)).status, 403);

    assert.equal((await api(`/api/admin/tokens/${token.id}`, f.admin.token, 'PATCH', { sites: ['news'] })).status, 200);
    assert.equal((await api(`/api/admin/comments/${aComment}`, bearer)).status, 200);
    assert.equal((await api(`/api/admin/tokens/${token.id}`, f.admin.token, 'DELETE')).status, 204);
    assert.equal(lastAudit()?.action, 'token.revoke');
    assert.equal((await api('/api/admin/stats', bearer)).status, 401);

    // A token made by an admin who is then removed stops working.
    const third = (await (await api('/api/admin/moderators', f.admin.session, 'POST', { email: 'third@staff.example', name: 'Third', password: PASSWORD, role: 'admin' })).json()) as {
      moderator: { id: number };
    };
    const thirdSession = await s.signIn({ email: 'third@staff.example', password: PASSWORD });
    const made = (await (await api('/api/admin/tokens', thirdSession, 'POST', { name: 'third-bot', role: 'admin' })).json()) as { secret: string };
    assert.equal((await api('/api/admin/stats', { Authorization: `Bearer ${made.secret}` })).status, 200);
    assert.equal((await api(`/api/admin/moderators/${third.moderator.id}`, f.admin.session, 'DELETE')).status, 204);
    assert.equal((await api('/api/admin/stats', { Authorization: `Bearer ${made.secret}` })).status, 401);
  });

  test('bad input to the moderators’ and tokens’ API is a 4xx JSON error and stores nothing', async () => {
    const counts = () => [s.count('select count(*) as n from moderators'), s.count('select count(*) as n from api_tokens'), s.count('select count(*) as n from audit_log')];
    const before = counts();
    const base = { email: 'bad@staff.example', name: 'Bad', password: PASSWORD, role: 'moderator', sites: ['news'] };
    const cases: Array<[string, string, string | Json]> = [
      ['POST', '/api/admin/moderators', { ...base, role: 'boss' }],
      ['POST', '/api/admin/moderators', { ...base, sites: 'news' }],
      ['POST', '/api/admin/moderators', { ...base, sites: ['news', 'nowhere'] }],
      ['POST', '/api/admin/moderators', { ...base, password: 'short' }],
      ['POST', '/api/admin/moderators', { ...base, superuser: true }],
      ['POST', '/api/admin/moderators', 'not json'],
      ['POST', '/api/admin/tokens', { name: '', role: 'moderator' }],
      ['POST', '/api/admin/tokens', { name: 'x', role: 'moderator', sites: [42] }],
      ['PATCH', '/api/admin/moderators/abc', { role: 'admin' }],
      ['PATCH', '/api/admin/moderators/0', { role: 'admin' }],
      ['PATCH', '/api/admin/moderators/999999', { role: 'admin' }],
      ['PATCH', '/api/admin/moderators/1', {}],
      ['DELETE', '/api/admin/tokens/999999', ''],
    ];
    for (const [method, path, body] of cases) {
      const res = await s.request(`${HOST}${path}`, {
        method,
        headers: { ...f.admin.token, 'Content-Type': 'application/json' },
        body: body === '' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} ${JSON.stringify(body)}: ${res.status}`);
      assert.equal(typeof ((await res.json()) as { error: { code: string } }).error.code, 'string');
    }
    assert.deepEqual(counts(), before);
  });
});
