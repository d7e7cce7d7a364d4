// Moderators' mail end to end: a real SMTP server in the test process, every mail parsed (envelope,
// headers, text, HTML, links), and every link followed over HTTP. Runs on Node and (see
// worker-mail.test.ts) on the Worker under workerd.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { startSmtp, type ReceivedMail, type SmtpHarness } from './mail-harness.js';

const FROM = 'comments@news.example.org';
const PUBLIC = 'http://parley.test';
const HOSTILE_NAME = '<script>alert("name")</script> O\'Brien & "Co"';
const HOSTILE_BODY = 'Look <img src=x onerror=alert(1)> & <b>bold</b> "quoted"';

const mailEnv = (smtp: SmtpHarness, extra: Record<string, string> = {}) => ({
  PARLEY_SMTP_URL: smtp.url,
  PARLEY_MAIL_FROM: `Parley News <${FROM}>`,
  PARLEY_PUBLIC_URL: PUBLIC,
  PARLEY_MAIL_RETRY_SECONDS: '60',
  ...extra,
});

interface CommentCreated {
  comment: { id: number; status: string };
}

/** Posts a comment that is held (a first comment); `advance` moves the clock past the flood window after it. */
async function postHeld(svc: Service, fields: Record<string, unknown> = {}, advance = true): Promise<number> {
  const res = await svc.post({ name: HOSTILE_NAME, email: 'canary-author@example.net', body: HOSTILE_BODY, ...fields });
  assert.equal(res.status, 201, await res.clone().text());
  const body = (await res.json()) as CommentCreated;
  assert.equal(body.comment.status, 'pending');
  if (advance) svc.later();
  return body.comment.id;
}

/** Waits for `count` mails; on a timeout the failure tells what the outbox and the log say. */
async function received(svc: Service, smtp: SmtpHarness, count: number): Promise<ReceivedMail[]> {
  try {
    return await smtp.waitFor(count);
  } catch (err) {
    const outbox = svc.rows('select id, kind, attempts, sent_at, failed_at, last_error from mail_outbox');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\noutbox: ${JSON.stringify(outbox)}\nlog:\n${svc.logs.join('\n')}`);
  }
}

const actionLinks = (mail: ReceivedMail) => mail.links.filter((l) => l.startsWith(`${PUBLIC}/mail/action/`));

const statusOf = (svc: Service, id: number) => svc.rows<{ status: string }>('select status from comments where id = ?', id)[0]?.status;

describe('moderators hear of held comments by mail', () => {
  let smtp: SmtpHarness;
  let svc: Service;

  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.stop();
  });
  beforeEach(async () => {
    smtp.clear();
  });

  test('a held comment is mailed to each moderator, one recipient per mail, with the comment, its article, the author and the reasons', async () => {
    svc = await startService({ env: mailEnv(smtp) });
    try {
      await svc.addModerator('canary-mod-one@example.com', 'correct horse battery', 'Mod One');
      await svc.addModerator('canary-mod-two@example.com', 'correct horse battery', 'Mod Two');
      await postHeld(svc);
      await svc.sendMail();
      const mails = await received(svc, smtp, 2);
      assert.deepEqual(mails.map((m) => m.envelope.to).sort(), [['canary-mod-one@example.com'], ['canary-mod-two@example.com']]);
      for (const mail of mails) {
        const me = mail.envelope.to[0] ?? '';
        const other = me === 'canary-mod-one@example.com' ? 'canary-mod-two@example.com' : 'canary-mod-one@example.com';
        assert.deepEqual(mail.to, [me], 'exactly one address in To/Cc/Bcc');
        assert.deepEqual(mail.from, [FROM]);
        assert.equal(mail.envelope.from, FROM);
        assert.equal(mail.subject, '[news] Please moderate: “Bike lanes”');
        // The moderator may see the author's email; the other moderator's address appears nowhere.
        assert.ok(mail.text.includes('canary-author@example.net'));
        assert.ok(!mail.raw.toLowerCase().includes(other), `mail to ${me} names ${other}`);
        assert.ok(mail.text.includes(HOSTILE_NAME), 'the text part shows the name as typed');
        assert.ok(mail.text.includes('First comment from this author'));
        assert.ok(mail.html.includes('First comment from this author'));
        assert.ok(mail.text.includes('Bike lanes') && mail.text.includes('https://news.example.org/2026/11/bike-lanes'));
        // Every piece of user text is escaped in the HTML; there are no images (no tracking pixels).
        assert.ok(!mail.html.includes('<script'), 'no script element');
        assert.ok(!/<img/i.test(mail.html), 'no image');
        assert.ok(!mail.html.includes('<b>bold</b>'));
        assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; O&#39;Brien &amp; &quot;Co&quot;'));
        assert.ok(mail.html.includes('&lt;img src=x onerror=alert(1)&gt;'));
        assert.equal(actionLinks(mail).length, 3, 'Approve, Spam and Trash');
        assert.ok(mail.links.includes(`${PUBLIC}/admin`));
      }
      const rows = svc.rows<{ sent_at: number | null; comment_id: number }>('select sent_at, comment_id from mail_outbox');
      assert.equal(rows.length, 2);
      assert.ok(rows.every((r) => r.sent_at !== null));
    } finally {
      await svc.close();
    }
  });

  test('Approve from the mail: GET shows a confirmation and changes nothing, POST approves once, as the moderator, audited', async () => {
    svc = await startService({ env: mailEnv(smtp) });
    try {
      await svc.addModerator('canary-mod-one@example.com', 'correct horse battery', 'Mod One');
      const id = await postHeld(svc);
      await svc.sendMail();
      const [mail] = await received(svc, smtp, 1);
      assert.ok(mail);
      const [approve, spam, trash] = actionLinks(mail);
      assert.ok(approve && spam && trash);

      const page = await svc.request(approve);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.ok(!(page.headers.get('content-security-policy') ?? '').includes('script-src'));
      const html = await page.text();
      assert.match(html, /<form method="post" action="\/mail\/action\/[^"]+">/);
      assert.ok(!html.includes('<script'));
      assert.ok(html.includes('&lt;script&gt;'), 'the name is escaped on the page');
      assert.equal(statusOf(svc, id), 'pending', 'GET changed nothing');

      const done = await svc.request(approve, { method: 'POST' });
      assert.equal(done.status, 200);
      assert.match(await done.text(), /The comment is approved/);
      assert.equal(statusOf(svc, id), 'approved');
      const audit = svc.rows<{ actor_type: string; actor_name: string; action: string; from_status: string; to_status: string }>(
        'select actor_type, actor_name, action, from_status, to_status from audit_log where comment_id = ?',
        id,
      );
      assert.deepEqual(audit, [{ actor_type: 'moderator', actor_name: 'Mod One', action: 'approve', from_status: 'pending', to_status: 'approved' }]);

      const again = await svc.request(approve, { method: 'POST' });
      assert.equal(again.status, 409);
      assert.match(await again.text(), /already used/);
      const againGet = await svc.request(approve);
      assert.equal(againGet.status, 409);

      // A tampered link (one character of the signature changed) is refused, and changes nothing.
      const tampered = spam.slice(0, -1) + (spam.endsWith('0') ? '1' : '0');
      const forged = await svc.request(tampered, { method: 'POST' });
      assert.equal(forged.status, 400);
      assert.match(await forged.text(), /not one Parley sent/);
      const garbage = await svc.request(`${PUBLIC}/mail/action/not-a-token`, { method: 'POST' });
      assert.equal(garbage.status, 400);
      assert.equal(statusOf(svc, id), 'approved');

      // Eight days later the unused links have expired.
      svc.clock.now += 8 * 24 * 3_600_000;
      const expired = await svc.request(trash, { method: 'POST' });
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /expired/);
      assert.equal(statusOf(svc, id), 'approved');
      assert.equal(svc.count('select count(*) as n from audit_log'), 1);
    } finally {
      await svc.close();
    }
  });
});

const PREFS = 'http://parley.test/api/admin/me/notifications';

async function setPrefs(svc: Service, headers: Record<string, string>, prefs: Record<string, unknown>) {
  return svc.request(PREFS, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', ...prefs }) });
}

/** Polls the database until `predicate` holds (the Worker sends after its response, in waitUntil). */
async function until(svc: Service, what: string, predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}\noutbox: ${JSON.stringify(svc.rows('select * from mail_outbox'))}\nlog:\n${svc.logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('mail is written with its event, or not at all', () => {
  test('a refused comment (a duplicate) writes no mail, and the accepted one writes one per moderator', async () => {
    const smtp = await startSmtp();
    const svc = await startService({ env: mailEnv(smtp), settings: { floodSeconds: 0 } });
    try {
      await svc.addModerator('canary-a@example.com');
      await svc.addModerator('canary-b@example.com');
      await postHeld(svc);
      const again = await svc.post({ name: HOSTILE_NAME, email: 'canary-author@example.net', body: HOSTILE_BODY });
      assert.equal(again.status, 409);
      const rows = svc.rows<{ comment_id: number; recipient: string }>('select comment_id, recipient from mail_outbox order by recipient');
      const [comment] = svc.rows<{ id: number }>('select id from comments');
      assert.deepEqual(rows, [
        { comment_id: comment?.id, recipient: 'canary-a@example.com' },
        { comment_id: comment?.id, recipient: 'canary-b@example.com' },
      ]);
    } finally {
      await svc.close();
      await smtp.stop();
    }
  });

  test('approving from a mail sends the usual webhook, like any other approval', async () => {
    const smtp = await startSmtp();
    // A receiver on the discard port of this machine: the event is only looked at in the outbox.
    const svc = await startService({ env: mailEnv(smtp), settings: { notify: { webhook: 'http://127.0.0.1:9/hook' } } });
    try {
      await svc.addModerator('canary-hook@example.com');
      await postHeld(svc);
      await svc.sendMail();
      const [mail] = await received(svc, smtp, 1);
      const [approve] = actionLinks(mail ?? ({ links: [] } as unknown as ReceivedMail));
      assert.ok(approve);
      assert.equal((await svc.request(approve, { method: 'POST' })).status, 200);
      const events = svc.rows<{ payload: string }>('select payload from webhook_outbox').map((r) => (JSON.parse(r.payload) as { type: string }).type);
      assert.ok(events.includes('comment.approved'), events.join(', '));
    } finally {
      await svc.close();
      await smtp.stop();
    }
  });
});

describe('mail is not kept for ever', () => {
  test('sent mail is forgotten after 30 days, and used link ids once their links have expired', async () => {
    const smtp = await startSmtp();
    const svc = await startService({ env: mailEnv(smtp) });
    try {
      await svc.addModerator('canary-prune@example.com');
      await postHeld(svc);
      await svc.sendMail();
      const [mail] = await received(svc, smtp, 1);
      assert.ok(mail);
      const [approve] = actionLinks(mail);
      assert.ok(approve);
      assert.equal((await svc.request(approve, { method: 'POST' })).status, 200);
      assert.equal(svc.count('select count(*) as n from mail_tokens_used'), 1);
      svc.clock.now += 31 * 24 * 3_600_000;
      await svc.sendMail();
      await until(svc, 'the sent mail forgotten', () => svc.count('select count(*) as n from mail_outbox') === 0);
      assert.equal(svc.count('select count(*) as n from mail_tokens_used'), 0);
    } finally {
      await svc.close();
      await smtp.stop();
    }
  });
});

describe('moderators choose which mail they get', () => {
  let smtp: SmtpHarness;

  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.stop();
  });
  beforeEach(() => smtp.clear());

  test('both choices are on by default, and a moderator who turns them off gets no mail while another still does', async () => {
    const svc = await startService({ env: mailEnv(smtp) });
    try {
      const quiet = await svc.addModerator('canary-quiet@example.com', 'correct horse battery', 'Quiet');
      await svc.addModerator('canary-loud@example.com', 'correct horse battery', 'Loud');
      const headers = await svc.signIn(quiet);
      const defaults = await svc.request(PREFS, { headers });
      assert.equal(defaults.status, 200);
      assert.deepEqual(await defaults.json(), { mail: true, sites: [{ site: 'news', onNew: true, onHeld: true, digestMinutes: 0 }] });

      const saved = await setPrefs(svc, headers, { onNew: false, onHeld: false, digestMinutes: 0 });
      assert.equal(saved.status, 200);
      assert.deepEqual(await saved.json(), { site: 'news', onNew: false, onHeld: false, digestMinutes: 0 });

      await postHeld(svc);
      await svc.sendMail();
      const [mail] = await received(svc, smtp, 1);
      assert.deepEqual(mail?.envelope.to, ['canary-loud@example.com']);
      assert.equal(svc.count("select count(*) as n from mail_outbox where recipient = 'canary-quiet@example.com'"), 0);
    } finally {
      await svc.close();
    }
  });

  test('preferences refuse bad values, unknown sites and API tokens', async () => {
    const svc = await startService({ env: mailEnv(smtp) });
    try {
      const headers = await svc.signIn(await svc.addModerator());
      assert.equal((await setPrefs(svc, headers, { onNew: 'yes', onHeld: true, digestMinutes: 0 })).status, 422);
      assert.equal((await setPrefs(svc, headers, { onNew: true, onHeld: true, digestMinutes: 2 })).status, 422);
      assert.equal((await setPrefs(svc, headers, { site: 'nope', onNew: true, onHeld: true, digestMinutes: 0 })).status, 404);
      const token = await svc.addToken();
      assert.equal((await svc.request(PREFS, { headers: token })).status, 403);
      assert.equal((await svc.request(PREFS)).status, 401);
      assert.equal(svc.count('select count(*) as n from moderator_mail_prefs'), 0);
    } finally {
      await svc.close();
    }
  });

  test('"anyone posts a comment" mails a published comment, without action links', async () => {
    const svc = await startService({ env: mailEnv(smtp) });
    try {
      await svc.addModerator('canary-mod-one@example.com');
      await svc.postApproved({ email: 'regular@example.net' });
      await svc.sendMail();
      await received(svc, smtp, 1);
      smtp.clear();
      // A second comment by an author with an approved one is published at once.
      const res = await svc.post({ email: 'regular@example.net', body: 'Second thought.' });
      assert.equal(((await res.json()) as CommentCreated).comment.status, 'approved');
      await svc.sendMail();
      const [mail] = await received(svc, smtp, 1);
      assert.ok(mail);
      assert.equal(mail.subject, '[news] Comment: “Bike lanes”');
      assert.equal(actionLinks(mail).length, 0);
      assert.ok(mail.text.includes('Second thought.'));
    } finally {
      await svc.close();
    }
  });

  test('a digest collects several comments into one mail instead of one mail each', async () => {
    const svc = await startService({ env: mailEnv(smtp) });
    try {
      const mod = await svc.addModerator('canary-digest@example.com');
      const headers = await svc.signIn(mod);
      assert.equal((await setPrefs(svc, headers, { onNew: true, onHeld: true, digestMinutes: 15 })).status, 200);
      for (const name of ['First Reader', 'Second Reader', 'Third Reader']) {
        await postHeld(svc, { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.net` });
      }
      await svc.sendMail();
      assert.equal(svc.count('select count(*) as n from mail_outbox'), 0, 'no mail before the digest is due');
      svc.clock.now += 15 * 60_000;
      await svc.sendMail();
      const [digest] = await received(svc, smtp, 1);
      assert.ok(digest);
      assert.equal(digest.subject, '[news] 3 new comments');
      assert.deepEqual(digest.envelope.to, ['canary-digest@example.com']);
      for (const name of ['First Reader', 'Second Reader', 'Third Reader']) assert.ok(digest.text.includes(name), name);
      assert.equal(actionLinks(digest).length, 9, 'three links for each held comment');
      // The next digest has nothing new, so nothing more is sent.
      svc.clock.now += 15 * 60_000;
      await svc.sendMail();
      assert.equal(svc.count('select count(*) as n from mail_outbox'), 1);
    } finally {
      await svc.close();
    }
  });

  test('mail follows the site language (German and Arabic)', async () => {
    const svc = await startService({ env: mailEnv(smtp), settings: { language: 'de' } });
    try {
      await svc.addModerator('canary-de@example.com');
      await postHeld(svc, { name: 'Jürgen' });
      await svc.sendMail();
      const [mail] = await received(svc, smtp, 1);
      assert.equal(mail?.subject, '[news] Bitte moderieren: „Bike lanes“');
      assert.ok(mail?.text.includes('Erster Kommentar dieses Autors'));
      assert.match(mail?.html ?? '', /<html lang="de" dir="ltr">/);
      smtp.clear();
      svc.sqlite.prepare("update sites set settings = json_set(settings, '$.language', 'ar')").run();
      await postHeld(svc, { name: 'Layla', email: 'layla@example.net' });
      await svc.sendMail();
      const [arabic] = await received(svc, smtp, 1);
      assert.match(arabic?.subject ?? '', /يرجى المراجعة/);
      assert.match(arabic?.html ?? '', /<html lang="ar" dir="rtl">/);
    } finally {
      await svc.close();
    }
  });
});

describe('mail survives an SMTP server that is down', () => {
  test('with SMTP down a comment is still accepted (201), and its mail is retried later and delivered when SMTP is back', async () => {
    let smtp = await startSmtp();
    const port = smtp.port;
    const svc = await startService({ env: mailEnv(smtp) });
    try {
      await svc.addModerator('canary-retry@example.com');
      await smtp.stop();
      await postHeld(svc, {}, false);
      await svc.sendMail();
      await until(svc, 'a failed first attempt', () => svc.rows<{ attempts: number }>('select attempts from mail_outbox')[0]?.attempts === 1);
      const [row] = svc.rows<{ sent_at: number | null; failed_at: number | null; last_error: string | null }>('select sent_at, failed_at, last_error from mail_outbox');
      assert.equal(row?.sent_at, null);
      assert.equal(row?.failed_at, null, 'not given up');
      assert.ok(row?.last_error);

      smtp = await startSmtp({ port });
      // Not yet due: nothing is sent before the back-off has passed.
      await svc.sendMail();
      assert.equal(smtp.messages.length, 0);
      svc.clock.now += 60_000;
      await svc.sendMail();
      const [mail] = await received(svc, smtp, 1);
      assert.deepEqual(mail?.envelope.to, ['canary-retry@example.com']);
      await until(svc, 'the mail marked sent', () => svc.rows<{ sent_at: number | null }>('select sent_at from mail_outbox')[0]?.sent_at !== null);
      assert.ok(!svc.logs.some((l) => l.includes('canary-retry@example.com')), 'the log names no recipient');
    } finally {
      await svc.close();
      await smtp.stop();
    }
  });

  test('mail that failed for good is shown on the dashboard and in the API', async () => {
    const smtp = await startSmtp();
    await smtp.stop();
    const svc = await startService({ env: mailEnv(smtp, { PARLEY_MAIL_MAX_ATTEMPTS: '2' }) });
    try {
      const mod = await svc.addModerator('canary-failed@example.com');
      await postHeld(svc, {}, false);
      await svc.sendMail();
      await until(svc, 'a first attempt', () => svc.rows<{ attempts: number }>('select attempts from mail_outbox')[0]?.attempts === 1);
      svc.clock.now += 60_000;
      await svc.sendMail();
      await until(svc, 'the mail given up', () => svc.rows<{ failed_at: number | null }>('select failed_at from mail_outbox')[0]?.failed_at !== null);

      const headers = await svc.signIn(mod);
      const api = await svc.request('http://parley.test/api/admin/mail/failed', { headers });
      assert.equal(api.status, 200);
      const { mails } = (await api.json()) as { mails: Array<{ kind: string; to: string; attempts: number; site: string; lastError: string }> };
      assert.equal(mails.length, 1);
      assert.equal(mails[0]?.kind, 'moderator.held');
      assert.equal(mails[0]?.to, 'canary-failed@example.com');
      assert.equal(mails[0]?.attempts, 2);
      assert.equal(mails[0]?.site, 'news');
      assert.ok(mails[0]?.lastError);
      assert.equal((await svc.request('http://parley.test/api/admin/mail/failed')).status, 401);

      const dashboard = await svc.request('http://parley.test/admin', { headers: { Cookie: headers.Cookie } });
      assert.equal(dashboard.status, 200);
      const html = await dashboard.text();
      assert.ok(html.includes('Mail that failed'));
      assert.ok(html.includes('canary-failed@example.com'));
    } finally {
      await svc.close();
    }
  });
});
