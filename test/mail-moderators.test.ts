// Moderators' held-comment mail end to end: a real SMTP server in the test process, every mail parsed
// (envelope, headers, text, HTML, links), and every link followed over HTTP. Runs on Node and (see
// worker-mail.test.ts) on the Worker under workerd.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { startSmtp, type ReceivedMail, type SmtpHarness } from './mail-harness.js';
import { FROM, PUBLIC, HOSTILE_NAME, HOSTILE_BODY, mailEnv, actionLinks, statusOf, postHeld, received } from './mail-fixture.js';

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

  /** Mod One, a held comment, and the one mail Mod One got about it. */
  async function oneModeratorMailed() {
    await svc.addModerator('canary-mod-one@example.com', 'correct horse battery', 'Mod One');
    const id = await postHeld(svc);
    await svc.sendMail();
    const [mail] = await received(svc, smtp, 1);
    assert.ok(mail);
    return { id, mail };
  }

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

  test('a link in a mail acts only while its moderator still moderates the site: taken off the site, the link changes nothing', async () => {
    svc = await startService({ env: mailEnv(smtp) });
    try {
      const { id, mail } = await oneModeratorMailed();
      const [approve] = actionLinks(mail);
      assert.ok(approve);
      // Made a moderator of another site only, after the mail went out.
      svc.sqlite.prepare("update moderators set role = 'moderator', sites = '[]' where email = ?").run('canary-mod-one@example.com');
      for (const method of ['GET', 'POST']) {
        const res = await svc.request(approve, { method });
        assert.equal(res.status, 403, method);
        assert.match(await res.text(), /no longer moderate/);
      }
      assert.equal(statusOf(svc, id), 'pending');
      assert.equal(svc.rows('select 1 from audit_log where comment_id = ?', id).length, 0);
      // Given the site back, the same link works (it was never spent).
      const siteId = svc.rows<{ id: number }>("select id from sites where slug = 'news'")[0]?.id;
      svc.sqlite.prepare('update moderators set sites = ? where email = ?').run(JSON.stringify([siteId]), 'canary-mod-one@example.com');
      assert.equal((await svc.request(approve, { method: 'POST' })).status, 200);
      assert.equal(statusOf(svc, id), 'approved');
    } finally {
      await svc.close();
    }
  });

  test('Approve from the mail: GET shows a confirmation and changes nothing, POST approves once, as the moderator, audited', async () => {
    svc = await startService({ env: mailEnv(smtp) });
    try {
      const { id, mail } = await oneModeratorMailed();
      const [approve, spam, trash] = actionLinks(mail);
      assert.ok(approve && spam && trash);

      const page = await svc.request(approve);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.ok(!(page.headers.get('content-security-policy') ?? '').includes('script-src'));
      const html = await page.text();
      assert.match(html, /<form method="post" action="\/mail\/action\/[^"]+">/);
      assert.ok(!html.includes('<script'));
      assert.ok(!/\sstyle=/.test(html), 'no inline style (the CSP would block it)');
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
