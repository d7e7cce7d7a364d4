// Readers' mail end to end through the real SMTP server in the test process: subscribe, confirm over
// HTTP, reply notifications (headers, text, HTML, links), RFC 8058 one-click unsubscribe, suppression,
// the hourly cap, "your comment was approved", and the privacy links. Runs on Node and (see
// worker-mail-readers.test.ts) on the Worker under workerd.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SiteSettings } from '../src/comments/settings.js';
import { signReaderLink } from '../src/readers/links.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';
import { startSmtp, type ReceivedMail, type SmtpHarness } from './mail-harness.js';

const FROM = 'comments@news.example.org';
const SECRET = 'test-secret-that-is-long-enough-0123456789';
const PUBLIC = 'http://parley.test';
const AMAL = 'canary-amal@example.org';
const BEN = 'canary-ben@example.net';
const CY = 'canary-cy@example.com';
const HOSTILE_NAME = '<b>Cy</b> & "Co"';
const CANARIES = [AMAL, BEN, CY];

const mailEnv = (smtp: SmtpHarness) => ({ PARLEY_SMTP_URL: smtp.url, PARLEY_MAIL_FROM: `Parley News <${FROM}>`, PARLEY_PUBLIC_URL: PUBLIC });

async function start(smtp: SmtpHarness, settings: Partial<SiteSettings> = {}): Promise<Service> {
  return startService({ env: mailEnv(smtp), settings: { approval: 'none', floodSeconds: 0, ...settings } });
}

async function postId(svc: Service, fields: Json): Promise<number> {
  const res = await svc.post(fields);
  assert.equal(res.status, 201, await res.clone().text());
  svc.later(5);
  return ((await res.json()) as { comment: { id: number } }).comment.id;
}

/** Sends what is due and answers the mails that arrived since `seen`; fails with the outbox when too few came. */
async function mailsAfter(svc: Service, smtp: SmtpHarness, seen: number, expected: number): Promise<ReceivedMail[]> {
  await svc.sendMail();
  try {
    await smtp.waitFor(seen + expected, 5000);
  } catch (err) {
    const outbox = svc.rows('select id, kind, recipient, attempts, sent_at, last_error from mail_outbox');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\noutbox: ${JSON.stringify(outbox)}\nlog:\n${svc.logs.join('\n')}`);
  }
  return smtp.messages.slice(seen);
}

const linkTo = (mail: ReceivedMail, path: string) => {
  const found = mail.links.find((l) => l.startsWith(`${PUBLIC}${path}/`));
  assert.ok(found, `no ${path} link in: ${mail.links.join(' ')}`);
  return found;
};

/** No mail names anyone but its own recipient (the canary addresses of everyone else). */
function assertOnlyOwnAddress(mails: ReceivedMail[]) {
  for (const mail of mails) {
    assert.equal(mail.envelope.to.length, 1);
    const me = mail.envelope.to[0];
    assert.deepEqual(mail.to, [me]);
    for (const other of CANARIES.filter((a) => a !== me)) assert.ok(!mail.raw.toLowerCase().includes(other), `${other} in a mail to ${me}`);
  }
}

/** Amal posts with "Notify me of follow-up comments", and confirms from the mail over HTTP. */
async function subscribeAndConfirm(svc: Service, smtp: SmtpHarness, kind: 'replies' | 'article' = 'replies'): Promise<number> {
  const seen = smtp.messages.length;
  const id = await postId(svc, { name: 'Amal', email: AMAL, body: 'Who fixes the bike lanes?', subscribe: kind });
  const [confirm] = await mailsAfter(svc, smtp, seen, 1);
  assert.ok(confirm);
  const done = await svc.request(linkTo(confirm, '/subscriptions/confirm'), { method: 'POST' });
  assert.equal(done.status, 200);
  return id;
}

describe('readers hear of replies by mail', () => {
  let smtp: SmtpHarness;
  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.stop();
  });
  beforeEach(() => smtp.clear());

  test('subscribing sends one confirmation mail, and nothing else reaches the address until its link is confirmed', async () => {
    const svc = await start(smtp);
    try {
      const amal = await postId(svc, { name: 'Amal', email: AMAL, body: 'Who fixes the bike lanes?', subscribe: 'replies' });
      const [confirm] = await mailsAfter(svc, smtp, 0, 1);
      assert.ok(confirm);
      assert.deepEqual(confirm.envelope.to, [AMAL]);
      assert.deepEqual(confirm.from, [FROM]);
      assert.equal(confirm.subject, '[news] Please confirm your subscription');
      assert.match(confirm.text, /Bike lanes/);
      assert.equal(confirm.header('list-unsubscribe'), undefined);
      const link = linkTo(confirm, '/subscriptions/confirm');
      assert.ok(confirm.html.includes(link.replace(/&/g, '&amp;')));

      // A reply before confirming: no mail is even queued for Amal.
      await postId(svc, { name: 'Ben', email: BEN, body: 'The city does.', parentId: amal });
      assert.equal(svc.count("select count(*) as n from mail_outbox where kind like 'reader.%' and kind != 'reader.confirm'"), 0);

      // Opening the link (as a mail scanner does) confirms nothing; the page's button does.
      const page = await svc.request(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<form method="post"/);
      assert.equal(svc.count('select count(*) as n from subscriber_addresses where confirmed_at is not null'), 0);
      assert.equal((await svc.request(link, { method: 'POST' })).status, 200);
      assert.equal(svc.count('select count(*) as n from subscriber_addresses where confirmed_at is not null'), 1);

      // Subscribing again later sends no second confirmation.
      await postId(svc, { name: 'Amal', email: AMAL, body: 'And the pavements?', subscribe: 'replies' });
      await svc.sendMail();
      assert.equal(svc.count("select count(*) as n from mail_outbox where kind = 'reader.confirm'"), 1);
    } finally {
      await svc.close();
    }
  });

  test('an approved reply is mailed to the subscriber with List-Unsubscribe headers, escaped text and working links; one-click ends it', async () => {
    const svc = await start(smtp);
    try {
      const amal = await subscribeAndConfirm(svc, smtp);
      const seen = smtp.messages.length;
      const reply = await postId(svc, { name: HOSTILE_NAME, email: CY, body: 'Reply with <script>x</script> & more', parentId: amal });
      const [mail] = await mailsAfter(svc, smtp, seen, 1);
      assert.ok(mail);
      assert.deepEqual(mail.envelope.to, [AMAL]);
      assert.equal(mail.subject, `[news] ${HOSTILE_NAME} replied to your comment on “Bike lanes”`);
      assert.match(mail.text, /> Reply with <script>x<\/script> & more/);
      assert.ok(mail.html.includes('&lt;b&gt;Cy&lt;/b&gt; &amp; &quot;Co&quot;') && !mail.html.includes('<script>'));
      assert.ok(!mail.html.includes('<img'));
      const unsubscribe = linkTo(mail, '/unsubscribe');
      assert.equal(mail.header('list-unsubscribe'), `<${unsubscribe}>`);
      assert.equal(mail.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.ok(mail.links.includes(`${ORIGIN}/2026/11/bike-lanes#comment-${reply}`));
      assertOnlyOwnAddress(smtp.messages);

      // The unsubscribe page offers this thread or everything, and changes nothing by itself.
      const page = await svc.request(unsubscribe);
      const html = await page.text();
      assert.match(html, /value="thread"/);
      assert.match(html, /value="all"/);
      assert.ok(!html.includes(AMAL));
      assert.equal(svc.count('select count(*) as n from subscriptions'), 1);

      // A mail program's one-click POST.
      const oneClick = await svc.request(unsubscribe, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      assert.equal(oneClick.status, 200);
      assert.equal(svc.count('select count(*) as n from subscriptions'), 0);
      await postId(svc, { name: 'Ben', email: BEN, body: 'Another reply.', parentId: amal });
      await svc.sendMail();
      assert.equal(smtp.messages.length, seen + 1);
    } finally {
      await svc.close();
    }
  });

  test('replies by the subscriber themselves are not mailed to them, and a held reply is mailed only once a moderator approves it', async () => {
    const svc = await start(smtp, { approval: 'all' });
    try {
      const auth = await svc.addToken();
      const amal = await subscribeAndConfirm(svc, smtp);
      await svc.request(`/api/admin/comments/${amal}/approve`, { method: 'POST', headers: auth });
      const seen = smtp.messages.length;
      const own = await postId(svc, { name: 'Amal', email: AMAL.toUpperCase(), body: 'Replying to myself.', parentId: amal });
      await svc.request(`/api/admin/comments/${own}/approve`, { method: 'POST', headers: auth });
      const held = await postId(svc, { name: 'Ben', email: BEN, body: 'A held reply.', parentId: amal });
      await svc.sendMail();
      assert.equal(smtp.messages.length, seen, 'nothing for a held reply or one’s own');
      const approved = await svc.request(`/api/admin/comments/${held}/approve`, { method: 'POST', headers: auth });
      assert.equal(approved.status, 200);
      const [mail] = await mailsAfter(svc, smtp, seen, 1);
      assert.deepEqual(mail?.envelope.to, [AMAL]);
      assert.match(mail?.text ?? '', /A held reply\./);
      assertOnlyOwnAddress(smtp.messages);
    } finally {
      await svc.close();
    }
  });

  test('an address gets at most the site’s number of notifications per hour', async () => {
    const svc = await start(smtp, { subscriberMailsPerHour: 2 });
    try {
      const amal = await subscribeAndConfirm(svc, smtp);
      const seen = smtp.messages.length;
      for (const n of [1, 2, 3]) await postId(svc, { name: 'Ben', email: BEN, body: `Reply number ${n}.`, parentId: amal });
      await mailsAfter(svc, smtp, seen, 2);
      await svc.sendMail();
      assert.equal(smtp.messages.length, seen + 2);
      svc.clock.now += 3_600_000;
      await postId(svc, { name: 'Ben', email: BEN, body: 'Reply number 4.', parentId: amal });
      const later = await mailsAfter(svc, smtp, seen + 2, 1);
      assert.match(later[0]?.text ?? '', /Reply number 4/);
    } finally {
      await svc.close();
    }
  });

  test('unsubscribing from everything suppresses the address: no notification and no new confirmation reach it', async () => {
    const svc = await start(smtp);
    try {
      const amal = await subscribeAndConfirm(svc, smtp, 'article');
      const seen = smtp.messages.length;
      await postId(svc, { name: 'Ben', email: BEN, body: 'New comment on the article.' });
      const [mail] = await mailsAfter(svc, smtp, seen, 1);
      assert.ok(mail);
      assert.equal(mail.subject, '[news] New comment on “Bike lanes”');
      const all = await svc.request(linkTo(mail, '/unsubscribe'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'scope=all',
      });
      assert.equal(all.status, 200);
      assert.equal(svc.count('select count(*) as n from mail_suppressions where email = ?', AMAL), 1);
      await postId(svc, { name: 'Amal', email: AMAL, body: 'Subscribing again.', subscribe: 'replies', article: '/another' });
      await postId(svc, { name: 'Ben', email: BEN, body: 'A reply.', parentId: amal });
      await svc.sendMail();
      assert.equal(smtp.messages.length, seen + 1);
    } finally {
      await svc.close();
    }
  });

  test('mail waiting in the outbox is not sent once its address unsubscribed from everything', async () => {
    // The SMTP server is down when Amal subscribes, so her confirmation waits for a retry.
    const down = await startSmtp();
    await down.stop();
    const svc = await start(down);
    let back: SmtpHarness | null = null;
    try {
      await postId(svc, { name: 'Amal', email: AMAL, body: 'Subscribe me.', subscribe: 'replies' });
      await svc.sendMail();
      assert.equal(svc.count("select count(*) as n from mail_outbox where kind = 'reader.confirm' and sent_at is null"), 1);
      const token = await signReaderLink(SECRET, { purpose: 'unsubscribe', site: 'news', email: AMAL }, svc.clock.now);
      const res = await svc.request(`${PUBLIC}/unsubscribe/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'scope=all' });
      assert.equal(res.status, 200);
      back = await startSmtp({ port: down.port });
      svc.clock.now += 10 * 60_000;
      await svc.sendMail();
      assert.equal(back.messages.length, 0);
      assert.equal(svc.count("select count(*) as n from mail_outbox where kind = 'reader.confirm' and sent_at is not null"), 1, 'settled, not retried');
    } finally {
      await svc.close();
      await back?.stop();
    }
  });

  test('with the site setting on, an author hears that their held comment was approved', async () => {
    const svc = await start(smtp, { approval: 'all', approvedMail: true });
    try {
      const auth = await svc.addToken();
      const id = await postId(svc, { name: 'Ben', email: BEN, body: 'Please approve me.' });
      await svc.sendMail();
      assert.equal(smtp.messages.length, 0);
      await svc.request(`/api/admin/comments/${id}/approve`, { method: 'POST', headers: auth });
      const [mail] = await mailsAfter(svc, smtp, 0, 1);
      assert.deepEqual(mail?.envelope.to, [BEN]);
      assert.equal(mail?.subject, '[news] Your comment on “Bike lanes” was approved');
      assert.equal(mail?.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    } finally {
      await svc.close();
    }
  });
});

describe('privacy requests by mail', () => {
  let smtp: SmtpHarness;
  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.stop();
  });

  const ask = (svc: Service, email: string, kind: 'export' | 'erase') =>
    svc.request('/api/privacy/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      body: JSON.stringify({ site: 'news', email, kind }),
    });

  test('the export link mailed to an address downloads exactly its comments; an unknown address gets the same 202 and no mail', async () => {
    smtp.clear();
    const svc = await start(smtp);
    try {
      const first = await postId(svc, { name: 'Amal', email: AMAL, body: 'Mine.' });
      await postId(svc, { name: 'Ben', email: BEN, body: 'Not hers.', parentId: first });
      await postId(svc, { name: 'Amal', email: AMAL, body: 'Also mine.', article: '/other' });
      const known = await ask(svc, AMAL, 'export');
      const unknown = await ask(svc, 'canary-nobody@example.org', 'export');
      assert.equal(known.status, 202);
      assert.deepEqual(await known.json(), await unknown.json());
      const [mail] = await mailsAfter(svc, smtp, 0, 1);
      await svc.sendMail();
      assert.equal(smtp.messages.length, 1, 'no mail to an address without comments');
      assert.ok(mail);
      assert.deepEqual(mail.envelope.to, [AMAL]);
      assert.equal(mail.subject, '[news] Your comments, ready to download');
      const download = await svc.request(linkTo(mail, '/privacy/export'));
      assert.equal(download.status, 200);
      assert.match(download.headers.get('Content-Disposition') ?? '', /attachment/);
      const data = (await download.json()) as { comments: Array<{ body: string; email: string; status: string; article: { key: string } }> };
      assert.deepEqual(data.comments.map((c) => c.body).sort(), ['Also mine.', 'Mine.']);
      assert.ok(data.comments.every((c) => c.email === AMAL && c.status === 'approved'));
      assertOnlyOwnAddress(smtp.messages);
    } finally {
      await svc.close();
    }
  });

  test('the erase link’s page, then its POST, deletes the text (placeholder where replies hang), and works once', async () => {
    smtp.clear();
    const svc = await start(smtp);
    try {
      const first = await postId(svc, { name: 'Amal', email: AMAL, body: 'Mine, with a reply.' });
      await postId(svc, { name: 'Ben', email: BEN, body: 'Ben’s reply.', parentId: first });
      await postId(svc, { name: 'Amal', email: AMAL, body: 'Mine, alone.' });
      assert.equal((await ask(svc, AMAL, 'erase')).status, 202);
      const [mail] = await mailsAfter(svc, smtp, 0, 1);
      assert.ok(mail);
      const link = linkTo(mail, '/privacy/erase');
      const page = await svc.request(link);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /value="delete"/);
      const form = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'mode=delete' };
      assert.equal((await svc.request(link, form)).status, 200);
      const rows = svc.rows<{ name: string; email: string; body_source: string; deleted: number }>('select name, email, body_source, deleted from comments order by id');
      assert.deepEqual(rows, [
        { name: '', email: '', body_source: '', deleted: 1 },
        { name: 'Ben', email: BEN, body_source: 'Ben’s reply.', deleted: 0 },
      ]);
      assert.equal((await svc.request(link, form)).status, 403);
      assert.equal((await svc.request(link)).status, 403);
    } finally {
      await svc.close();
    }
  });
});
