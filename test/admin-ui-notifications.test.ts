// The moderator UI's "My notifications" page (real app, real SQLite): WordPress's two choices and the
// digest per site, saved with the CSRF token and nothing saved without it; the dashboard's
// "Mail that failed" only when there is some.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { assertSignInRedirect, browse, pageText, type Browse } from './admin-ui-http.js';

let svc: Service;
let mod: Browse;
beforeEach(async () => {
  svc = await startService();
  mod = await browse(svc);
});
afterEach(() => svc.close());

const prefs = () => svc.rows('select on_new, on_held, digest_minutes from moderator_mail_prefs');

describe('My notifications', () => {
  test('the page shows both choices ticked by default and says when this Parley sends no mail', async () => {
    const { res, html } = await mod.get('/admin/notifications');
    assert.equal(res.status, 200);
    const text = pageText(html);
    assert.ok(text.includes('Email me whenever'));
    assert.ok(text.includes('Anyone posts a comment'));
    assert.ok(text.includes('A comment is held for moderation'));
    assert.ok(text.includes('This Parley sends no mail'));
    assert.match(html, /name="onNew" value="1" checked=""/);
    assert.match(html, /name="onHeld" value="1" checked=""/);
    assert.match(html, /<option value="0" selected="">No digest/);
    assert.match(html, /<a href="\/admin\/notifications" aria-current="page">/);
  });

  test('saving turns a choice off and picks a digest, and the page shows what was saved', async () => {
    const { res } = await mod.postForm('/admin/notifications', { site: 'news', onHeld: '1', digestMinutes: '60' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/notifications?saved=news');
    assert.deepEqual(prefs(), [{ on_new: 0, on_held: 1, digest_minutes: 60 }]);
    const { html } = await mod.get('/admin/notifications?saved=news');
    assert.ok(pageText(html).includes('Notifications for news saved.'));
    assert.match(html, /name="onNew" value="1"\s*\/?>/);
    assert.match(html, /<option value="60" selected="">/);
  });

  test('a form without the CSRF token, with a bad digest or for an unknown site saves nothing', async () => {
    const forged = await mod.postForm('/admin/notifications', { site: 'news', digestMinutes: '0' }, { csrf: 'wrong' });
    assert.equal(forged.res.status, 403);
    const bad = await mod.postForm('/admin/notifications', { site: 'news', digestMinutes: '3' });
    assert.equal(bad.res.status, 422);
    assert.ok(pageText(bad.html).includes('digestMinutes is 0 (no digest) or from 5 to 10080.'));
    const unknown = await mod.postForm('/admin/notifications', { site: 'nope', digestMinutes: '0' });
    assert.equal(unknown.res.status, 404);
    assert.deepEqual(prefs(), []);
  });

  test('signed out, the page sends you to sign in', async () => {
    const anonymous = await browse(svc, { anonymous: true });
    const { res } = await anonymous.get('/admin/notifications');
    assertSignInRedirect(res, '/admin/notifications');
  });

  test('the dashboard lists mail that failed for good, and says nothing of mail when none did', async () => {
    assert.ok(!pageText((await mod.get('/admin')).html).includes('Mail that failed'));
    svc.sqlite
      .prepare(
        "insert into mail_outbox (site_id, kind, recipient, subject, attempts, next_attempt_at, failed_at, last_error, created_at) values (1, 'moderator.held', 'x@example.org', 's', 6, 0, 1, '<b>421 try later</b>', 0)",
      )
      .run();
    const { html } = await mod.get('/admin');
    const text = pageText(html);
    assert.ok(text.includes('Mail that failed'));
    assert.ok(text.includes('x@example.org'));
    assert.ok(html.includes('&lt;b&gt;421 try later&lt;/b&gt;'), 'the error is escaped');
  });
});

describe('the language of a site’s mail', () => {
  /** The settings form's fields as a browser would send them (inputs and textareas; ticked boxes only). */
  async function settingsFields(): Promise<Record<string, string>> {
    const { html } = await mod.get('/admin/sites/news');
    const form = /<form method="post" action="\/admin\/sites\/news"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
    const fields: Record<string, string> = {};
    for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
      const name = /\sname="([^"]*)"/.exec(tag)?.[1];
      if (!name || (/type="checkbox"/.test(tag) && !/\schecked=""/.test(tag))) continue;
      fields[name] = (/\svalue="([^"]*)"/.exec(tag)?.[1] ?? 'on').replace(/&amp;/g, '&');
    }
    for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1] ?? ''] = m[2] ?? '';
    return fields;
  }
  const language = () => (JSON.parse(svc.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings ?? '{}') as { language?: string }).language;

  test('is chosen in the site settings form, kept when the form does not send it, and refused when unknown', async () => {
    const { html } = await mod.get('/admin/sites/news');
    assert.match(html, /<option value="en" selected="">English<\/option>/);
    const fields = await settingsFields();
    assert.equal((await mod.postForm('/admin/sites/news', { ...fields, language: 'de' })).res.status, 303);
    assert.equal(language(), 'de');
    assert.equal((await mod.postForm('/admin/sites/news', await settingsFields())).res.status, 303);
    assert.equal(language(), 'de', 'a form without the field keeps the language');
    const bad = await mod.postForm('/admin/sites/news', { ...fields, language: 'fr' });
    assert.equal(bad.res.status, 422);
    assert.ok(pageText(bad.html).includes('Choose English, Arabic or German.'));
    assert.equal(language(), 'de');
  });
});
