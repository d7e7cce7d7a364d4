// Delivery: an SMTP server that is down (retries, back-off, failed for good on the dashboard and
// API) and forgetting sent mail. Runs on Node and on the Worker.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startService } from './helpers.js';
import { startSmtp } from './mail-harness.js';
import { mailEnv, actionLinks, postHeld, received, until } from './mail-fixture.js';

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

  test('an SMTP answer that quotes the recipient is kept for moderators but never written to the log', async () => {
    const smtp = await startSmtp({ rejectRecipients: true });
    const svc = await startService({ env: mailEnv(smtp) });
    try {
      await svc.addModerator('canary-refused@example.com');
      await postHeld(svc, {}, false);
      await svc.sendMail();
      await until(svc, 'a refused first attempt', () => svc.rows<{ attempts: number }>('select attempts from mail_outbox')[0]?.attempts === 1);
      const [row] = svc.rows<{ sent_at: number | null; last_error: string | null }>('select sent_at, last_error from mail_outbox');
      assert.equal(row?.sent_at, null);
      assert.match(row?.last_error ?? '', /Recipient address rejected/);
      const failed = svc.logs.filter((l) => l.includes('attempt 1 failed'));
      assert.equal(failed.length, 1, svc.logs.join('\n'));
      assert.match(failed[0] ?? '', /Recipient address rejected/);
      assert.ok(!svc.logs.some((l) => l.includes('canary-refused')), 'the log names no recipient');
      assert.equal(smtp.messages.length, 0);
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
