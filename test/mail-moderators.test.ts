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

async function postHeld(svc: Service, fields: Record<string, unknown> = {}): Promise<number> {
  const res = await svc.post({ name: HOSTILE_NAME, email: 'canary-author@example.net', body: HOSTILE_BODY, ...fields });
  assert.equal(res.status, 201, await res.clone().text());
  const body = (await res.json()) as CommentCreated;
  assert.equal(body.comment.status, 'pending');
  svc.later();
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
