// "Notify me" at posting, without mail: what is stored from the JSON API and the no-JS form, what
// is refused (and then nothing is stored), and the link pages' answers to hostile tokens. The new
// public pages never show an email or IP address.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signReaderLink } from '../src/readers/links.js';
import { ARTICLE_URL, startService, type Service } from './helpers.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';

describe('subscribing when posting', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0, approval: 'none' } });
  });
  after(() => svc.close());

  const subscriptions = () => svc.rows<{ email: string; kind: string; comment_id: number | null }>('select email, kind, comment_id from subscriptions order by id');

  test('"subscribe": "replies" in the JSON post subscribes the author (lowercased) to replies to that comment, unconfirmed', async () => {
    const res = await svc.post({ email: 'Amal@Example.org', subscribe: 'replies' });
    assert.equal(res.status, 201);
    const { comment } = (await res.json()) as { comment: { id: number } };
    assert.deepEqual(subscriptions(), [{ email: 'amal@example.org', kind: 'replies', comment_id: comment.id }]);
    assert.deepEqual(svc.rows('select email, confirmed_at from subscriber_addresses'), [{ email: 'amal@example.org', confirmed_at: null }]);
  });

  test('the no-JS form’s two checkboxes subscribe to replies and to the article', async () => {
    const before = subscriptions().length;
    const body = new URLSearchParams({ site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, author: 'Ben', email: 'ben@example.org', comment: 'From the form.' });
    body.append('subscribe', 'replies');
    body.append('subscribe', 'article');
    const res = await svc.request('/api/comments/form', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    assert.equal(res.status, 303);
    assert.deepEqual(subscriptions().slice(before).map((s) => s.kind), ['replies', 'article']);
  });

  test('refused subscriptions store neither the comment nor a subscription', async () => {
    const comments = svc.count();
    const subs = subscriptions().length;
    for (const [fields, field] of [
      [{ subscribe: 'everything' }, 'subscribe'],
      [{ subscribe: ['replies', 'article', 'replies'] }, 'subscribe'],
      [{ subscribe: 42 }, 'subscribe'],
      [{ subscribe: { kind: 'replies' } }, 'subscribe'],
    ] as const) {
      const res = await svc.post({ ...fields, body: `Refused ${JSON.stringify(fields)}` });
      assert.equal(res.status, 422, JSON.stringify(fields));
      const error = ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;
      assert.equal(error.code, 'validation_failed');
      assert.ok(field in error.fields);
    }
    const noEmail = await svc.post({ email: '', subscribe: 'article', body: 'No email to notify.' }, {});
    assert.equal(noEmail.status, 422);
    assert.equal(svc.count(), comments);
    assert.equal(subscriptions().length, subs);
  });

  test('a comment judged spam subscribes nobody', async () => {
    const subs = subscriptions().length;
    const res = await svc.post({ email: 'bot@example.org', subscribe: 'article', homepage: 'http://spam.example', body: 'Spam with a subscription.' });
    assert.equal(res.status, 201);
    assert.equal(subscriptions().length, subs);
  });
});

describe('the readers’ link pages', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    await svc.post({ email: 'canary-private@example.org', subscribe: 'replies' }, { 'User-Agent': 'CanaryAgent/1' });
  });
  after(() => svc.close());

  test('hostile tokens get an HTML page with 403 or 404, never a 5xx, and change nothing', async () => {
    const confirm = await signReaderLink(SECRET, { purpose: 'confirm', site: 'news', email: 'canary-private@example.org' }, svc.clock.now);
    const tokens = ['', 'x', '..%2F..%2Fetc', `${confirm}x`, confirm.replace(/\.[0-9a-f]+$/, `.${'f'.repeat(64)}`), `${'A'.repeat(1200)}.${'0'.repeat(64)}`, '%E0%A4%A', '<script>'];
    for (const path of ['/subscriptions/confirm', '/unsubscribe', '/privacy/export', '/privacy/erase']) {
      for (const token of tokens) {
        for (const method of ['GET', 'POST']) {
          const res = await svc.request(`${path}/${token}`, {
            method,
            ...(method === 'POST' ? { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'scope=all&mode=delete' } : {}),
          });
          assert.ok(res.status < 500, `${method} ${path}/${token}: ${res.status}`);
          if (token !== '') assert.ok([403, 404, 405].includes(res.status), `${method} ${path}/${token}: ${res.status}`);
          await res.arrayBuffer();
        }
      }
    }
    // A confirm link is no unsubscribe link: purposes do not cross.
    const crossed = await svc.request(`/unsubscribe/${confirm}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'scope=all' });
    assert.equal(crossed.status, 403);
    assert.equal(svc.count('select count(*) as n from mail_suppressions'), 0);
    assert.equal(svc.count('select count(*) as n from subscriber_addresses where confirmed_at is not null'), 0);
  });

  test('the new public pages and answers carry no email or IP address', async () => {
    const confirm = await signReaderLink(SECRET, { purpose: 'confirm', site: 'news', email: 'canary-private@example.org' }, svc.clock.now);
    const unsubscribe = await signReaderLink(SECRET, { purpose: 'unsubscribe', site: 'news', email: 'canary-private@example.org', subscriptionId: 1 }, svc.clock.now);
    const erase = await signReaderLink(SECRET, { purpose: 'erase', site: 'news', email: 'canary-private@example.org' }, svc.clock.now);
    const responses = [
      await svc.request('/privacy?site=news'),
      await svc.request(`/subscriptions/confirm/${confirm}`),
      await svc.request(`/subscriptions/confirm/${confirm}`, { method: 'POST' }),
      await svc.request(`/unsubscribe/${unsubscribe}`),
      await svc.request(`/privacy/erase/${erase}`),
      await svc.request('/api/privacy/requests', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', email: 'canary-private@example.org', kind: 'export' }) }),
      await svc.request('/embed?site=news&article=/2026/11/bike-lanes'),
    ];
    for (const res of responses) {
      assert.ok(res.status < 400, `${res.url}: ${res.status}`);
      const everything = `${[...res.headers].join('\n')}\n${await res.text()}`;
      assert.ok(!everything.includes('canary-private'), res.url);
      assert.ok(!everything.includes('203.0.113'), res.url);
      assert.ok(!everything.includes('CanaryAgent'), res.url);
    }
    assert.ok(!svc.logs.join('\n').includes('canary-private'));
  });

  test('the pages speak the site’s language, or the one the widget asks for', async () => {
    const unsubscribe = await signReaderLink(SECRET, { purpose: 'unsubscribe', site: 'news', email: 'x@example.org', subscriptionId: 1 }, svc.clock.now);
    assert.match(await (await svc.request(`/unsubscribe/${unsubscribe}`)).text(), /<html lang="en" dir="ltr">[\s\S]*Unsubscribe from this thread/);
    const ar = await (await svc.request('/privacy?site=news&lang=ar')).text();
    assert.match(ar, /<html lang="ar" dir="rtl">/);
    assert.match(ar, /إدارة تعليقاتك/);
    assert.match(await (await svc.request('/privacy?site=news&lang=de-AT')).text(), /Deine Kommentare verwalten/);
    assert.match(await (await svc.request('/privacy?site=news&lang=%3Cscript%3E')).text(), /<html lang="en"/);
  });
});
