// The moderator UI's Privacy page (real app, real SQLite): look up an address, download its export,
// erase with the CSRF-checked form; signed-out visitors and forged forms get nothing.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { browse, type Browse } from './admin-ui-http.js';

let svc: Service;
let mod: Browse;
let ids: number[];
beforeEach(async () => {
  svc = await startService({ settings: { floodSeconds: 0 } });
  mod = await browse(svc);
  ids = [
    await svc.postApproved({ email: 'amal@example.org', body: 'Amal’s comment.' }),
    await svc.postApproved({ email: 'ben@example.org', name: 'Ben', body: 'Ben’s comment.' }),
  ];
});
afterEach(() => svc.close());

describe('the moderator UI’s Privacy page', () => {
  test('looking up an address lists its comments only, with the export and erase tools', async () => {
    const { res, html } = await mod.get('/admin/privacy?site=news&email=AMAL%40example.org');
    assert.equal(res.status, 200);
    assert.match(html, /<h2 id="found">1 comment<\/h2>/);
    assert.ok(html.includes(`/admin/comments/${ids[0]}`) && !html.includes(`/admin/comments/${ids[1]}`));
    assert.match(html, /href="\/admin\/privacy\/export\?site=news&amp;email=AMAL%40example.org"/);
    assert.match(html, /action="\/admin\/privacy\/erase"/);
    assert.match(html, /aria-current="page"[^>]*>\s*Privacy|href="\/admin\/privacy" aria-current="page"/);
    const invalid = await mod.get('/admin/privacy?site=news&email=nope');
    assert.equal(invalid.res.status, 422);
    assert.match(invalid.html, /Enter a valid email address/);
  });

  test('the export downloads that address’s comments and is audited', async () => {
    const { res, html } = await mod.get('/admin/privacy/export?site=news&email=ben%40example.org');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('Content-Disposition') ?? '', /attachment/);
    const data = JSON.parse(html) as { comments: Array<{ id: number }> };
    assert.deepEqual(data.comments.map((c) => c.id), [ids[1]]);
    assert.equal(svc.count("select count(*) as n from audit_log where action = 'privacy.export' and actor_type = 'moderator'"), 1);
  });

  test('erasing needs the CSRF token, then anonymises and says how many', async () => {
    const forged = await mod.postForm('/admin/privacy/erase', { site: 'news', email: 'amal@example.org', mode: 'anonymise' }, { csrf: 'wrong' });
    assert.equal(forged.res.status, 403);
    assert.equal(svc.count("select count(*) as n from comments where name = 'Anonymous'"), 0);
    const done = await mod.postForm('/admin/privacy/erase', { site: 'news', email: 'amal@example.org', mode: 'anonymise' });
    assert.equal(done.res.status, 303);
    assert.equal(done.res.headers.get('Location'), '/admin/privacy?site=news&erased=1');
    assert.equal(svc.count("select count(*) as n from comments where name = 'Anonymous' and email = ''"), 1);
    assert.match((await mod.get('/admin/privacy?site=news&erased=1')).html, /Comments erased: 1\./);
  });

  test('signed out, the page and its tools send to sign-in or refuse', async () => {
    const anonymous = await browse(svc, { anonymous: true });
    const page = await anonymous.get('/admin/privacy?site=news&email=amal%40example.org');
    assert.ok(page.res.status === 303 || page.res.status === 302 || page.res.status === 401);
    assert.ok(!page.html.includes('amal@example.org'));
    const exported = await anonymous.get('/admin/privacy/export?site=news&email=amal%40example.org');
    assert.ok(!exported.html.includes('Amal’s comment'));
  });
});
