// Webhooks end to end: a real HTTP receiver on 127.0.0.1 that checks the Standard Webhooks
// signature itself, the events the contract names, delivery off the request path, retries with
// back-off from the outbox, and payloads going only to the URL the moderator configured.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { deliverDue } from '../src/moderation/webhooks.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';

const SPORTS = 'https://sports.example.org';

interface Delivery {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  id: string;
  timestamp: string;
  body: string;
  /** Whether the signature matched, checked by the receiver with the site's secret. */
  verified: boolean;
  /** What the receiver answered, once it has. */
  answered: number | null;
}

interface EventPayload {
  type: string;
  timestamp: string;
  site: string;
  data: {
    comment: Json & { id: number; status: string; email: string };
    verdict?: { status: string; reasons: string[] };
    /** Who deleted the comment, on comment.deleted. */
    by?: string;
  };
}

interface OutboxRow {
  id: number;
  event_id: string;
  url: string;
  payload: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; fails the test after `ms`. */
async function waitFor(what: string, predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The Standard Webhooks check: any `v1,` signature equal to base64 HMAC-SHA256 of `id.timestamp.body`. */
function verifySignature(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  return header.split(' ').some((candidate) => {
    if (!candidate.startsWith('v1,')) return false;
    const given = Buffer.from(candidate.slice(3));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
};

/** A webhook receiver: records every request, verifies its signature, answers `status` after `delayMs`. */
async function startReceiver(timeline: string[] = []) {
  const state = { status: 200, delayMs: 0, secret: '' };
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = header(req.headers, 'webhook-id');
      const timestamp = header(req.headers, 'webhook-timestamp');
      const delivery: Delivery = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        id,
        timestamp,
        body,
        verified: verifySignature(state.secret, id, timestamp, body, header(req.headers, 'webhook-signature')),
        answered: null,
      };
      deliveries.push(delivery);
      timeline.push('receiver got the request');
      const { status, delayMs } = state;
      setTimeout(() => {
        res.writeHead(status, { 'Content-Type': 'text/plain', Connection: 'close' });
        res.end(status < 300 ? 'ok' : 'failed');
        delivery.answered = status;
        timeline.push('receiver answered');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    deliveries,
    timeline,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function putSite(s: Service, auth: Record<string, string>, slug: string, settings: Json, status: number) {
  const res = await s.request(`/api/admin/sites/${slug}`, {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(settings),
  });
  assert.equal(res.status, status, await res.clone().text());
  const res2 = await s.request(`/api/admin/sites/${slug}`, { headers: auth });
  assert.equal(res2.status, 200);
  const view = (await res2.json()) as { webhookSecret: string; settings: { notify: { webhook?: string } } };
  assert.match(view.webhookSecret, /^whsec_/);
  return view;
}

const outboxRow = (s: Service, eventId: string) => s.rows<OutboxRow>('select * from webhook_outbox where event_id = ?', eventId)[0];

/** Waits for the receiver's `n`th request and for the service to record that delivery. */
async function delivery(s: Service, receiver: Receiver, n: number): Promise<{ delivery: Delivery; payload: EventPayload }> {
  await waitFor(`delivery #${n}`, () => receiver.deliveries.length >= n);
  const got = receiver.deliveries[n - 1];
  assert.ok(got);
  await waitFor(`delivery #${n} to be recorded`, () => (outboxRow(s, got.id)?.delivered_at ?? null) !== null);
  return { delivery: got, payload: JSON.parse(got.body) as EventPayload };
}

async function adminComment(s: Service, auth: Record<string, string>, id: number): Promise<Json> {
  const res = await s.request(`/api/admin/comments/${id}`, { headers: auth });
  assert.equal(res.status, 200);
  return ((await res.json()) as { comment: Json }).comment;
}

describe('webhook events', () => {
  let s: Service;
  let news: Receiver;
  let sports: Receiver;
  let auth: Record<string, string>;
  let commentId: number;
  const timeline: string[] = [];

  before(async () => {
    s = await startService({ env: { PARLEY_ALLOW_PRIVATE_HOOKS: 'true' } });
    news = await startReceiver(timeline);
    sports = await startReceiver();
    auth = await s.addToken();
    const newsView = await putSite(s, auth, 'news', { origins: [ORIGIN], notify: { webhook: `${news.url}/hooks/news` } }, 200);
    assert.equal(newsView.settings.notify.webhook, `${news.url}/hooks/news`);
    news.state.secret = newsView.webhookSecret;
    const sportsView = await putSite(s, auth, 'sports', { origins: [SPORTS], notify: { webhook: `${sports.url}/hooks/sports` } }, 201);
    sports.state.secret = sportsView.webhookSecret;
    assert.notEqual(newsView.webhookSecret, sportsView.webhookSecret);
    await s.store.saveSite('quiet', siteSettingsSchema.parse({ origins: ['https://quiet.example.org'] }), s.clock.now);
  });
  after(async () => {
    await s.close();
    await news.close();
    await sports.close();
  });

  test("the receiver's signature check is real: a changed body, id or secret does not verify", () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const signature = `v1,${createHmac('sha256', Buffer.alloc(32, 7)).update('msg_1.1700000000.{"a":1}').digest('base64')}`;
    assert.equal(verifySignature(secret, 'msg_1', '1700000000', '{"a":1}', signature), true);
    assert.equal(verifySignature(secret, 'msg_1', '1700000000', '{"a":2}', signature), false);
    assert.equal(verifySignature(secret, 'msg_2', '1700000000', '{"a":1}', signature), false);
    assert.equal(verifySignature(secret, 'msg_1', '1700000001', '{"a":1}', signature), false);
    assert.equal(verifySignature(`whsec_${Buffer.alloc(32, 8).toString('base64')}`, 'msg_1', '1700000000', '{"a":1}', signature), false);
    assert.equal(verifySignature(secret, 'msg_1', '1700000000', '{"a":1}', signature.replace('v1,', 'v2,')), false);
  });

  test('a public post is announced as comment.created, signed, with the verdict, its reasons and the comment as moderators see it', async () => {
    const res = await s.post({ email: 'first@example.org', body: 'Hello, webhooks.' }, { 'User-Agent': 'HookTest/1.0' });
    assert.equal(res.status, 201);
    commentId = ((await res.json()) as { comment: { id: number } }).comment.id;
    const { delivery: got, payload } = await delivery(s, news, 1);

    assert.equal(got.method, 'POST');
    assert.equal(got.path, '/hooks/news');
    assert.equal(got.verified, true, 'the signature verifies with the secret from GET /api/admin/sites/news');
    assert.match(got.id, /^msg_[A-Za-z0-9_-]+$/);
    assert.equal(got.timestamp, String(Math.floor(s.clock.now / 1000)));
    assert.match(header(got.headers, 'content-type'), /^application\/json/);

    assert.equal(payload.type, 'comment.created');
    assert.equal(payload.site, 'news');
    assert.equal(payload.timestamp, new Date(s.clock.now).toISOString());
    assert.deepEqual(payload.data.verdict, { status: 'pending', reasons: ['first_comment'] });
    assert.equal(payload.data.comment.id, commentId);
    assert.equal(payload.data.comment.email, 'first@example.org');
    assert.equal(payload.data.comment.ip, '203.0.113.0');
    assert.equal(payload.data.comment.userAgent, 'HookTest/1.0');
    assert.equal(payload.data.comment.status, 'pending');
    assert.deepEqual(payload.data.comment, await adminComment(s, auth, commentId));

    const row = outboxRow(s, got.id);
    assert.ok(row);
    assert.equal(row.url, `${news.url}/hooks/news`);
    assert.equal(row.payload, got.body);
    assert.equal(row.attempts, 1);
    assert.equal(row.delivered_at, s.clock.now);
    assert.equal(row.last_error, null);
    assert.equal(sports.deliveries.length, 0, 'the other site’s receiver got nothing');
    s.later();
  });

  test('a comment judged spam is answered like a pending one, and the webhook says spam and why', async () => {
    const res = await s.post({ email: 'bot@example.org', body: 'Cheap pills.', homepage: 'http://spam.example' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { comment: { id: number; status: string } };
    assert.equal(body.comment.status, 'pending');
    const { delivery: got, payload } = await delivery(s, news, 2);
    assert.equal(got.verified, true);
    assert.equal(payload.type, 'comment.created');
    assert.deepEqual(payload.data.verdict, { status: 'spam', reasons: ['honeypot'] });
    assert.equal(payload.data.comment.id, body.comment.id);
    assert.equal(payload.data.comment.status, 'spam');
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', body.comment.id)[0]?.status, 'spam');
    s.later();
  });

  test('approving a comment sends comment.approved', async () => {
    const res = await s.request(`/api/admin/comments/${commentId}/approve`, { method: 'POST', headers: auth });
    assert.equal(res.status, 200);
    const { delivery: got, payload } = await delivery(s, news, 3);
    assert.equal(got.verified, true);
    assert.equal(payload.type, 'comment.approved');
    assert.equal(payload.site, 'news');
    assert.equal(payload.data.comment.id, commentId);
    assert.equal(payload.data.comment.status, 'approved');
    assert.equal(payload.data.comment.email, 'first@example.org');
    assert.deepEqual(payload.data.comment, await adminComment(s, auth, commentId));
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', commentId)[0]?.status, 'approved');
  });

  test('marking a comment as spam sends comment.spam', async () => {
    const res = await s.request(`/api/admin/comments/${commentId}/spam`, { method: 'POST', headers: auth });
    assert.equal(res.status, 200);
    const { delivery: got, payload } = await delivery(s, news, 4);
    assert.equal(got.verified, true);
    assert.equal(payload.type, 'comment.spam');
    assert.equal(payload.data.comment.id, commentId);
    assert.equal(payload.data.comment.status, 'spam');
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', commentId)[0]?.status, 'spam');
  });

  test('deleting a comment for good sends comment.deleted with the comment as it was', async () => {
    const res = await s.request(`/api/admin/comments/${commentId}`, { method: 'DELETE', headers: auth });
    assert.equal(res.status, 204);
    const { delivery: got, payload } = await delivery(s, news, 5);
    assert.equal(got.verified, true);
    assert.equal(payload.type, 'comment.deleted');
    assert.equal(payload.data.by, 'moderator');
    assert.equal(payload.data.comment.id, commentId);
    assert.equal(payload.data.comment.email, 'first@example.org');
    assert.equal(s.count('select count(*) as n from comments where id = ?', commentId), 0);
    // Every event was a different message, each delivered once.
    assert.equal(new Set(news.deliveries.map((d) => d.id)).size, 5);
    assert.equal(s.count('select count(*) as n from webhook_outbox where delivered_at is null'), 0);
  });

  test("payloads go only to the URL configured for the comment's site", async () => {
    const newsBefore = news.deliveries.length;
    const outboxBefore = s.count('select count(*) as n from webhook_outbox');

    // A site without a webhook queues nothing at all.
    const quiet = await s.post({ site: 'quiet', article: '/q', articleUrl: 'https://quiet.example.org/q', email: 'q@example.org', body: 'Quiet.' });
    assert.equal(quiet.status, 201);
    assert.equal(s.count('select count(*) as n from webhook_outbox'), outboxBefore);
    s.later();

    const res = await s.post({ site: 'sports', article: '/match', articleUrl: `${SPORTS}/match`, email: 'fan@example.org', body: 'Goal!' }, { Origin: SPORTS });
    assert.equal(res.status, 201);
    const { delivery: got, payload } = await delivery(s, sports, 1);
    assert.equal(got.path, '/hooks/sports');
    assert.equal(got.verified, true, 'signed with the sports site’s own secret');
    assert.equal(verifySignature(news.state.secret, got.id, got.timestamp, got.body, header(got.headers, 'webhook-signature')), false);
    assert.equal(payload.site, 'sports');
    assert.equal(payload.data.comment.email, 'fan@example.org');
    assert.equal(news.deliveries.length, newsBefore, 'the news receiver saw nothing of the sports comment');
    s.later();

    const newsPost = await s.post({ email: 'reader@example.org', body: 'News again.' });
    assert.equal(newsPost.status, 201);
    await delivery(s, news, newsBefore + 1);
    assert.equal(sports.deliveries.length, 1, 'the sports receiver saw nothing of the news comment');
    assert.ok(news.deliveries.every((d) => !d.body.includes('fan@example.org')));

    const urls = s.rows<{ slug: string; url: string }>('select distinct s.slug, o.url from webhook_outbox o join sites s on s.id = o.site_id order by s.slug');
    assert.deepEqual(urls.map((u) => ({ ...u })), [
      { slug: 'news', url: `${news.url}/hooks/news` },
      { slug: 'sports', url: `${sports.url}/hooks/sports` },
    ]);
    s.later();
  });

  test('a slow receiver does not hold up the comment request', async () => {
    news.state.delayMs = 3000;
    timeline.length = 0;
    const before = news.deliveries.length;
    const started = Date.now();
    const res = await s.post({ email: 'patient@example.org', body: 'Slow hooks.' });
    timeline.push('post answered');
    const elapsed = Date.now() - started;
    assert.equal(res.status, 201);
    const id = ((await res.json()) as { comment: { id: number } }).comment.id;
    assert.equal(s.count('select count(*) as n from comments where id = ?', id), 1);
    assert.ok(elapsed < 2500, `the post took ${elapsed} ms`);

    await waitFor('the slow receiver to answer', () => timeline.includes('receiver answered'));
    assert.ok(
      timeline.indexOf('post answered') < timeline.indexOf('receiver answered'),
      `the post answered before the receiver did: ${timeline.join(' → ')}`,
    );
    const { payload } = await delivery(s, news, before + 1);
    assert.equal(payload.data.comment.id, id);
    news.state.delayMs = 0;
    s.later();
  });

  test('an author deleting their own comment sends comment.deleted (by: author) with the comment as it was; a refused delete sends nothing', async () => {
    const before = news.deliveries.length;
    const res = await s.post({ email: 'regret@example.org', body: 'I take this back.' });
    assert.equal(res.status, 201);
    const posted = (await res.json()) as { comment: { id: number }; editToken: string };
    await delivery(s, news, before + 1);
    const del = (token: string) => s.request(`/api/comments/${posted.comment.id}`, { method: 'DELETE', headers: { 'X-Edit-Token': token } });

    assert.equal((await del('not-the-token')).status, 403);
    assert.equal((await del(posted.editToken)).status, 204);
    const { delivery: got, payload } = await delivery(s, news, before + 2);
    assert.equal(got.verified, true);
    assert.equal(payload.type, 'comment.deleted');
    assert.equal(payload.data.by, 'author');
    assert.equal(payload.data.comment.id, posted.comment.id);
    assert.equal(payload.data.comment.email, 'regret@example.org');
    assert.equal(payload.data.comment.body, 'I take this back.');
    assert.equal(s.count('select count(*) as n from comments where id = ?', posted.comment.id), 0);
    await sleep(100);
    assert.equal(news.deliveries.length, before + 2, 'the refused delete announced nothing');
    s.later();
  });
});

describe('failed webhook deliveries', () => {
  let s: Service;
  let receiver: Receiver;
  let eventId: string;
  let firstDelay: number;
  const deliver = () => deliverDue({ store: s.store, now: () => s.clock.now, fetch });

  before(async () => {
    s = await startService({ env: { PARLEY_ALLOW_PRIVATE_HOOKS: 'true' } });
    receiver = await startReceiver();
    receiver.state.status = 500;
    const auth = await s.addToken();
    const view = await putSite(s, auth, 'news', { origins: [ORIGIN], notify: { webhook: `${receiver.url}/hook` } }, 200);
    receiver.state.secret = view.webhookSecret;
  });
  after(async () => {
    await s.close();
    await receiver.close();
  });

  test('a receiver answering 500 never fails the post; the outbox records the attempt, the error and a later retry', async () => {
    const res = await s.post({ email: 'first@example.org', body: 'Into the void.' });
    assert.equal(res.status, 201);
    const id = ((await res.json()) as { comment: { id: number } }).comment.id;
    assert.equal(s.count('select count(*) as n from comments where id = ?', id), 1);

    await waitFor('the first attempt', () => receiver.deliveries.length === 1);
    const first = receiver.deliveries[0];
    assert.ok(first);
    eventId = first.id;
    assert.equal(first.verified, true);
    await waitFor('the failure to be recorded', () => (outboxRow(s, eventId)?.attempts ?? 0) === 1);
    const row = outboxRow(s, eventId);
    assert.ok(row);
    assert.equal(row.delivered_at, null);
    assert.equal(row.failed_at, null);
    assert.match(row.last_error ?? '', /500/);
    assert.ok(row.next_attempt_at > s.clock.now, 'the retry is in the future');
    firstDelay = row.next_attempt_at - s.clock.now;

    // Not due yet: nothing is sent.
    assert.equal(await deliver(), 0);
    assert.equal(receiver.deliveries.length, 1);
  });

  test('a retry that fails again waits longer (exponential back-off)', async () => {
    const row = outboxRow(s, eventId);
    assert.ok(row);
    s.clock.now = row.next_attempt_at;
    assert.equal(await deliver(), 1);
    assert.equal(receiver.deliveries.length, 2);
    const after = outboxRow(s, eventId);
    assert.ok(after);
    assert.equal(after.attempts, 2);
    assert.equal(after.delivered_at, null);
    assert.match(after.last_error ?? '', /500/);
    const secondDelay = after.next_attempt_at - s.clock.now;
    assert.ok(secondDelay > firstDelay, `second delay ${secondDelay} ms > first ${firstDelay} ms`);
    s.clock.now += secondDelay - 1000;
    assert.equal(await deliver(), 0, 'still not due');
    assert.equal(receiver.deliveries.length, 2);
  });

  test('when the receiver recovers the event is delivered exactly once, with the same webhook-id', async () => {
    receiver.state.status = 204;
    const row = outboxRow(s, eventId);
    assert.ok(row);
    s.clock.now = row.next_attempt_at;
    assert.equal(await deliver(), 1);
    const done = outboxRow(s, eventId);
    assert.ok(done);
    assert.equal(done.delivered_at, s.clock.now);
    assert.equal(done.attempts, 3);
    assert.equal(done.failed_at, null);

    s.clock.now += 48 * 3_600_000;
    assert.equal(await deliver(), 0, 'a delivered event is not sent again');
    await sleep(50);
    assert.equal(receiver.deliveries.length, 3);
    assert.deepEqual(receiver.deliveries.map((d) => d.id), [eventId, eventId, eventId]);
    assert.deepEqual(receiver.deliveries.map((d) => d.answered), [500, 500, 204]);
    assert.equal(receiver.deliveries.filter((d) => d.answered === 204).length, 1);
    assert.ok(receiver.deliveries.every((d) => d.verified), 'every attempt is signed');
    assert.ok(receiver.deliveries.every((d) => d.body === done.payload), 'every attempt carries the same payload');
    assert.equal(new Set(receiver.deliveries.map((d) => d.timestamp)).size, 3, 'each attempt is signed with its own timestamp');
    assert.equal(s.count('select count(*) as n from webhook_outbox'), 1);
  });
});
