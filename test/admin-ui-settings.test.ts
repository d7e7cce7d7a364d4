// A site's discussion settings form (real app, real SQLite): WordPress's wording and the site's values,
// saving (audited) and the next comment judged by the new settings, an error beside each bad field
// with nothing saved, CSRF, "Break comments into pages" as the public thread's page size, adding a site.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ARTICLE_URL, startService, type Service } from './helpers.js';
import { browse, formFields, pageText, type Browse } from './admin-ui-http.js';

let svc: Service;
let mod: Browse;
beforeEach(async () => {
  svc = await startService({ settings: { floodSeconds: 0 } });
  mod = await browse(svc);
});
afterEach(() => svc.close());

async function settingsForm(): Promise<Record<string, string>> {
  const { res, html } = await mod.get('/admin/sites/news');
  assert.equal(res.status, 200);
  return formFields(html);
}

function without(fields: Record<string, string>, ...names: string[]): Record<string, string> {
  const copy = { ...fields };
  for (const name of names) delete copy[name];
  return copy;
}

const storedSettings = () => JSON.parse(svc.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings ?? '{}') as Record<string, unknown>;

async function postComment(body: string, email: string) {
  const res = await svc.post({ body, email });
  const json = (await res.json()) as { comment?: { id: number; status: string } };
  return { status: res.status, id: json.comment?.id ?? 0, commentStatus: json.comment?.status };
}

describe('the settings form', () => {
  test('sets what happens to a banned author’s comment (refused, or silently spam) and keeps it on a later save', async () => {
    const fields = await settingsForm();
    assert.equal(fields.bannedSpam, undefined);
    assert.equal(storedSettings().bannedAction ?? 'refuse', 'refuse');
    assert.equal((await mod.postForm('/admin/sites/news', { ...fields, bannedSpam: 'on' })).res.status, 303);
    assert.equal(storedSettings().bannedAction, 'spam');
    assert.equal((await mod.postForm('/admin/sites/news', await settingsForm())).res.status, 303);
    assert.equal(storedSettings().bannedAction, 'spam');
    assert.equal((await mod.postForm('/admin/sites/news', without(await settingsForm(), 'bannedSpam'))).res.status, 303);
    assert.equal(storedSettings().bannedAction, 'refuse');
  });

  test('keeps and changes the readers’ settings: reactions on or off, and the report threshold', async () => {
    const fields = await settingsForm();
    assert.equal(fields.reactions, 'on');
    assert.equal(fields.reportThreshold, '3');
    assert.equal((await mod.postForm('/admin/sites/news', { ...without(fields, 'reactions'), reportThreshold: '5' })).res.status, 303);
    assert.equal(storedSettings().reactions, false);
    assert.equal(storedSettings().reportThreshold, 5);
    // Saving again without touching them keeps them.
    assert.equal((await mod.postForm('/admin/sites/news', await settingsForm())).res.status, 303);
    assert.equal(storedSettings().reactions, false);
    assert.equal(storedSettings().reportThreshold, 5);
    const bad = await mod.postForm('/admin/sites/news', { ...fields, reportThreshold: '0' });
    assert.equal(bad.res.status, 422);
    assert.match(pageText(bad.html), /Enter a whole number from 1 to 1,000/);
    assert.equal(storedSettings().reportThreshold, 5);
  });

  test('shows WordPress’s discussion settings with the site’s values', async () => {
    const { html } = await mod.get('/admin/sites/news');
    const text = pageText(html);
    for (const words of [
      'Comment must be manually approved',
      'Comment author must have a previously approved comment',
      'Hold a comment in the queue if it contains',
      'or more links',
      'Comment Moderation',
      'Disallowed Comment Keys',
      'Break comments into pages with',
      'Enable threaded (nested) comments',
      'levels deep',
      'Automatically close comments on articles older than',
      'Comment author must fill out name and email',
      'Allowed origins',
      'Webhook URL',
    ]) assert.ok(text.includes(words), words);
    assert.deepEqual(await settingsForm(), {
      csrf: mod.csrf,
      origins: 'https://news.example.org',
      previousApproval: 'on',
      maxLinks: '2',
      moderationKeys: '',
      disallowedKeys: '',
      requireNameEmail: 'on',
      akismetKey: '',
      hookUrl: '',
      hookSecret: '',
      hookTimeoutMs: '2000',
      closeAfterDays: '14',
      threadComments: 'on',
      maxDepth: '5',
      pageComments: 'on',
      commentsPerPage: '50',
      editWindowMinutes: '15',
      floodSeconds: '0',
      reactions: 'on',
      reportThreshold: '3',
      webhook: '',
      subscriberMailsPerHour: '5',
      forgetIpAfterDays: '90',
      emptySpamTrash: 'on',
      emptySpamTrashAfterDays: '30',
      quietTimeZone: 'UTC',
      quietWindows: '',
    });
  });

  test('saving changes the settings, is audited, and the next comment is judged by them', async () => {
    const fields = without(await settingsForm(), 'previousApproval');
    const saved = await mod.postForm('/admin/sites/news', { ...fields, maxLinks: '1', moderationKeys: ' casino \r\n\r\nroulette\r\n' });
    assert.equal(saved.res.status, 303);
    assert.equal(saved.res.headers.get('location'), '/admin/sites/news?saved=1');
    assert.match((await mod.get('/admin/sites/news?saved=1')).html, /Settings saved\./);
    const settings = storedSettings();
    assert.equal(settings.approval, 'none');
    assert.equal(settings.maxLinks, 1);
    assert.deepEqual(settings.moderationKeys, ['casino', 'roulette']);
    assert.equal(svc.count("select count(*) as n from audit_log where action = 'site.update'"), 1);

    assert.equal((await postComment('A first comment, published at once now.', 'new@example.org')).commentStatus, 'approved');
    const held = await postComment('Meet me at the Casino.', 'other@example.org');
    assert.equal(held.commentStatus, 'pending');
    assert.deepEqual(JSON.parse(svc.rows<{ reasons: string }>('select reasons from comments where id = ?', held.id)[0]?.reasons ?? ''), ['moderation_key:casino']);
    const linked = await postComment('See https://example.org', 'third@example.org');
    assert.deepEqual(JSON.parse(svc.rows<{ reasons: string }>('select reasons from comments where id = ?', linked.id)[0]?.reasons ?? ''), ['links:1']);
  });

  test('closing old articles and turning threading off take effect on the next post', async () => {
    const parent = await svc.postApproved({ body: 'The first comment on the article.' });
    const fields = without(await settingsForm(), 'threadComments');
    assert.equal((await mod.postForm('/admin/sites/news', { ...fields, closeComments: 'on', closeAfterDays: '1' })).res.status, 303);
    assert.equal(storedSettings().maxDepth, 1);
    const reply = await svc.post({ parentId: parent, email: 'r@example.org', body: 'A reply' });
    assert.equal(reply.status, 422);
    assert.match(await reply.text(), /Replies are turned off on this site\./);
    svc.clock.now += 2 * 86_400_000;
    assert.equal((await svc.post({ email: 'late@example.org', body: 'Too late' })).status, 403);
  });

  test('shows what is wrong beside each field, keeps what was typed, and saves nothing', async () => {
    const before = storedSettings();
    const fields = await settingsForm();
    const { res, html } = await mod.postForm('/admin/sites/news', {
      ...fields,
      origins: 'https://news.example.org\nnot an origin',
      maxLinks: 'lots',
      closeComments: 'on',
      closeAfterDays: '0',
      commentsPerPage: '500',
      maxDepth: '1',
      webhook: 'ftp://files.example.org/',
      moderationKeys: 'x'.repeat(201),
    });
    assert.equal(res.status, 422);
    const text = pageText(html);
    assert.match(text, /The settings were not saved/);
    for (const [field, message] of [
      ['origins', '“not an origin” is not an origin: write the scheme, host and port only, like https://example.org.'],
      ['maxLinks', 'Enter a whole number from 0 to 1,000.'],
      ['closeAfterDays', 'Enter a whole number from 1 to 36,500.'],
      ['commentsPerPage', 'Enter a whole number from 1 to 200.'],
      ['maxDepth', 'Enter a whole number from 2 to 50.'],
      ['webhook', 'Enter an http(s) address, like https://example.org/hooks/parley, or leave it empty.'],
    ] as const) {
      assert.match(html, new RegExp(`<p class="field-error" id="${field}-error"><span class="visually-hidden">Error: </span>`), field);
      assert.ok(text.includes(message), `${field}: ${message}`);
      assert.match(html, new RegExp(`id="${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${field}-error`), field);
      assert.match(html, new RegExp(`<a href="#${field}">`), `${field} is in the summary`);
    }
    assert.match(text, /is too long: a word or address is at most 200 characters/);
    assert.match(html, /value="lots"/);
    assert.match(html, />https:\/\/news\.example\.org\nnot an origin<\/textarea>/);
    assert.deepEqual(storedSettings(), before);
    assert.equal(svc.count("select count(*) as n from audit_log where action = 'site.update'"), 0);
  });

  test('a post without the CSRF token, or from another origin, is refused and changes nothing', async () => {
    const before = storedSettings();
    const fields = await settingsForm();
    for (const options of [{ csrf: '' }, { csrf: 'x'.repeat(43) }, { origin: 'https://evil.example' }]) {
      const { res } = await mod.postForm('/admin/sites/news', { ...fields, maxLinks: '9' }, options);
      assert.equal(res.status, 403, JSON.stringify(options));
    }
    assert.deepEqual(storedSettings(), before);
  });

  test('keeps what the form does not show (the notification email) and saves the webhook', async () => {
    const site = await svc.store.getSite('news');
    assert.ok(site);
    await svc.store.saveSite('news', { ...site.settings, notify: { email: 'desk@example.org' } }, svc.clock.now);
    const fields = await settingsForm();
    assert.equal((await mod.postForm('/admin/sites/news', { ...fields, webhook: 'https://hooks.example.org/parley' })).res.status, 303);
    assert.deepEqual(storedSettings().notify, { email: 'desk@example.org', webhook: 'https://hooks.example.org/parley' });
    assert.match((await mod.get('/admin/sites/news')).html, /Signing secret \(Standard Webhooks\): <code class="secret">whsec_/);
  });
});

describe('Break comments into pages', () => {
  const thread = async (query = '') => {
    const res = await svc.request(`/api/comments?site=news&article=${encodeURIComponent('/2026/11/bike-lanes')}${query}`);
    return (await res.json()) as { comments: unknown[]; nextCursor: string | null };
  };

  test('sets how many top-level comments a page of the public thread has', async () => {
    for (let i = 0; i < 3; i++) await svc.postApproved({ email: `p${i}@example.org`, body: `Top level ${i}`, articleUrl: ARTICLE_URL });
    const fields = await settingsForm();
    assert.equal((await mod.postForm('/admin/sites/news', { ...fields, commentsPerPage: '2' })).res.status, 303);
    const paged = await thread();
    assert.equal(paged.comments.length, 2);
    assert.ok(paged.nextCursor);
    assert.equal((await thread('&limit=3')).comments.length, 3, 'an explicit limit still wins');

    assert.equal((await mod.postForm('/admin/sites/news', without(fields, 'pageComments'))).res.status, 303);
    assert.equal(storedSettings().commentsPerPage, null);
    const whole = await thread();
    assert.equal(whole.comments.length, 3);
    assert.equal(whole.nextCursor, null);
  });
});

describe('sites', () => {
  test('adding a site creates it with the default settings and opens its form', async () => {
    const { res } = await mod.postForm('/admin/sites', { slug: 'blog' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/sites/blog?created=1');
    const site = await svc.store.getSite('blog');
    assert.equal(site?.settings.approval, 'first-time');
    assert.deepEqual(site?.settings.origins, []);
    assert.match((await mod.get('/admin/sites/blog?created=1')).html, /Site created\./);
    assert.match((await mod.get('/admin/sites')).html, /<code>blog<\/code>/);
    const again = await mod.postForm('/admin/sites', { slug: 'blog' });
    assert.equal(again.res.headers.get('location'), '/admin/sites/blog');
    assert.equal(svc.count("select count(*) as n from audit_log where action = 'site.create'"), 1);
  });

  test('a bad site name is explained beside the field and nothing is created', async () => {
    const { res, html } = await mod.postForm('/admin/sites', { slug: 'no spaces here' });
    assert.equal(res.status, 422);
    assert.match(html, /A site name is 1 to 64 letters, digits, - and _/);
    assert.match(html, /aria-invalid="true"/);
    assert.equal(svc.count('select count(*) as n from sites'), 1);
    assert.equal((await mod.postForm('/admin/sites', { slug: 'blog' }, { csrf: 'nope' })).res.status, 403);
    assert.equal(svc.count('select count(*) as n from sites'), 1);
  });

  test('readers’ mail and retention settings are on the form, saved, and checked', async () => {
    const fields = await settingsForm();
    assert.equal(fields.subscriberMailsPerHour, '5');
    assert.equal(fields.emptySpamTrash, 'on', 'spam and trash are emptied after 30 days by default, as in WordPress');
    assert.equal(fields.forgetIps, undefined);
    const bad = await mod.postForm('/admin/sites/news', { ...fields, forgetIps: 'on', forgetIpAfterDays: '0', subscriberMailsPerHour: 'many' });
    assert.equal(bad.res.status, 422);
    assert.match(bad.html, /id="forgetIpAfterDays-error"/);
    assert.match(bad.html, /id="subscriberMailsPerHour-error"/);
    assert.equal(storedSettings().forgetIpAfterDays, null);
    const saved = await mod.postForm('/admin/sites/news', { ...without(fields, 'emptySpamTrash'), forgetIps: 'on', forgetIpAfterDays: '60', approvedMail: 'on', subscriberMailsPerHour: '2' });
    assert.equal(saved.res.status, 303);
    const settings = storedSettings();
    assert.deepEqual(
      [settings.forgetIpAfterDays, settings.emptySpamTrashAfterDays, settings.approvedMail, settings.subscriberMailsPerHour],
      [60, null, true, 2],
    );
  });

  test('an unknown site is a 404 page', async () => {
    assert.equal((await mod.get('/admin/sites/nowhere')).res.status, 404);
    assert.equal((await mod.get('/admin/sites/bad%20slug')).res.status, 404);
  });
});
