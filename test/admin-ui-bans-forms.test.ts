// The moderator UI's ban and author forms in-process (real app, real SQLite): CSRF and origin checks,
// refused input shown on the page with nothing stored, expired bans marked, no email in any link.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { assertSignInRedirect, browse, type Browse } from './admin-ui-http.js';

let svc: Service;
let mod: Browse;
let commentId: number;
const bans = () => svc.count('select count(*) as n from bans');

beforeEach(async () => {
  svc = await startService({ settings: { floodSeconds: 0 } });
  mod = await browse(svc);
  const res = await svc.post({ email: 'Quiet.Author@Example.org', body: 'Held for a first comment.' });
  commentId = ((await res.json()) as { comment: { id: number } }).comment.id;
});
afterEach(() => svc.close());

describe('the moderator UI’s ban and author forms', () => {
  test('adding and lifting a ban need the CSRF token and the same origin; a forged form changes nothing', async () => {
    const fields = { site: 'news', kind: 'email', value: 'x@example.org', until: '', note: '' };
    assert.equal((await mod.postForm('/admin/bans', fields, { csrf: 'wrong' })).res.status, 403);
    assert.equal((await mod.postForm('/admin/bans', fields, { origin: 'https://evil.example' })).res.status, 403);
    assert.equal(bans(), 0);
    const added = await mod.postForm('/admin/bans', fields);
    assert.equal(added.res.status, 303);
    assert.equal(added.res.headers.get('Location'), '/admin/bans?site=news&done=created');
    const [ban] = svc.rows<{ id: number }>('select id from bans');
    assert.ok(ban);
    assert.equal((await mod.postForm(`/admin/bans/${ban.id}/lift?site=news`, {}, { csrf: 'wrong' })).res.status, 403);
    assert.equal(bans(), 1);
    assert.equal((await mod.postForm(`/admin/bans/${ban.id}/lift?site=news`, {})).res.status, 303);
    assert.equal(bans(), 0);
    assert.equal((await mod.postForm(`/admin/bans/${ban.id}/lift?site=news`, {})).res.status, 404);
  });

  test('refused input is shown on the page with a 422, and nothing is stored', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ site: 'news', kind: 'email', value: 'nope' }, /This is not an email address\./],
      [{ site: 'news', kind: 'ip', value: '300.1.1.1' }, /This is not an IP address/],
      [{ site: 'news', kind: 'wrong', value: 'x' }, /The kind is email, ip or domain\./],
      [{ site: 'news', kind: 'domain', value: 'spam.example', until: '2001-01-01' }, /Until must be in the future\./],
      [{ site: 'news', kind: 'domain', value: 'spam.example', until: 'soon' }, /Until is an ISO date/],
    ];
    for (const [fields, message] of cases) {
      const { res, html } = await mod.postForm('/admin/bans', fields);
      assert.equal(res.status, 422, JSON.stringify(fields));
      assert.match(html, message);
    }
    assert.equal(bans(), 0);
    await mod.postForm('/admin/bans', { site: 'news', kind: 'domain', value: 'spam.example' });
    const again = await mod.postForm('/admin/bans', { site: 'news', kind: 'domain', value: 'SPAM.example' });
    assert.equal(again.res.status, 422);
    assert.match(again.html, /already banned/);
    assert.equal(bans(), 1);
  });

  test('the Bans page marks a ban whose time has passed as expired', async () => {
    const until = new Date(svc.clock.now + 86_400_000).toISOString().slice(0, 10);
    await mod.postForm('/admin/bans', { site: 'news', kind: 'ip', value: '192.0.2.4', until });
    assert.match((await mod.get('/admin/bans?site=news')).html, /class="ban-active"[\s\S]*Active/);
    // A date is its midnight (UTC): the test clock starts in the evening, so a few hours on it has passed.
    svc.clock.now += 6 * 3_600_000;
    const { html } = await mod.get('/admin/bans?site=news');
    assert.match(html, /class="ban-expired"[\s\S]*Expired/);
    assert.match(html, /192\.0\.2\.0/);
  });

  test('queue rows link to the author’s comments by an opaque key, never by email; approving them all needs the confirmation form', async () => {
    const { html } = await mod.get('/admin/comments?status=pending&site=news');
    const links = [...html.matchAll(/href="([^"]*author=[^"]*)"/g)].map((m) => m[1] ?? '');
    assert.ok(links.length >= 4, html);
    for (const link of links) assert.doesNotMatch(link, /@|quiet/i);
    const key = /author=([0-9a-f]{32})/.exec(links[0] ?? '')?.[1] ?? '';
    // The single view and the row the script re-renders after an edit show the same history.
    for (const path of [`/admin/comments/${commentId}`, `/admin/comments/${commentId}/row`]) {
      const page = (await mod.get(path)).html;
      assert.match(page, /class="author-history"[\s\S]*0 approved[\s\S]*1 pending/, path);
      assert.ok(page.includes(`author=${key}`), path);
    }
    const confirm = await mod.get(`/admin/authors/approve?site=news&author=${key}`);
    assert.equal(confirm.res.status, 200);
    assert.match(confirm.html, /Approve 1 comment/);
    assert.equal(svc.rows<{ status: string }>('select status from comments where id = ?', commentId)[0]?.status, 'pending');
    assert.equal((await mod.postForm('/admin/authors/approve', { site: 'news', author: key }, { csrf: 'wrong' })).res.status, 403);
    assert.equal(svc.rows<{ status: string }>('select status from comments where id = ?', commentId)[0]?.status, 'pending');
    const done = await mod.postForm('/admin/authors/approve', { site: 'news', author: key });
    assert.equal(done.res.status, 303);
    assert.equal(svc.rows<{ status: string }>('select status from comments where id = ?', commentId)[0]?.status, 'approved');
    assert.equal((await mod.get('/admin/authors/approve?site=news&author=quiet.author@example.org')).res.status, 400);
  });

  test('signed out, the Bans page and the author confirmation send to sign-in', async () => {
    const anonymous = await browse(svc, { anonymous: true });
    assertSignInRedirect((await anonymous.get('/admin/bans?site=news')).res, '/admin/bans?site=news');
    const posted = await anonymous.postForm('/admin/bans', { site: 'news', kind: 'ip', value: '192.0.2.1' });
    assert.ok([302, 303, 401, 403].includes(posted.res.status));
    assert.equal(bans(), 0);
  });
});
