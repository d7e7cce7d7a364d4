// Mail through the real server process (what `npm start` runs): mail off without settings (said once
// at start), the first admin from PARLEY_ADMIN_EMAIL hearing of a held comment as soon as SMTP is set,
// approving from the mail over real HTTP, and a canary that no mail names anyone but its recipient.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSmtp, type SmtpHarness } from './mail-harness.js';
import { patchSiteSettings, startServer, withDb, type RunningServer } from './server.js';

const ADMIN = 'canary-admin@example.com';

async function postComment(server: RunningServer, name: string, email: string, body: string) {
  return fetch(`${server.baseUrl}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.baseUrl },
    body: JSON.stringify({ site: 'demo', article: '/mail-test', articleUrl: `${server.baseUrl}/`, articleTitle: 'Mail test', name, email, body }),
  });
}

describe('mail on the real server', () => {
  test('without PARLEY_SMTP_URL and PARLEY_MAIL_FROM the server sends nothing and says so once at start', async () => {
    const server = await startServer();
    try {
      const res = await postComment(server, 'Amal', 'amal@example.net', 'Hello there.');
      assert.equal(res.status, 201);
      assert.equal(server.output.filter((l) => l.includes('Mail is off')).length, 1);
      assert.equal(withDb(server.dbFile, (db) => (db.prepare('select count(*) as n from mail_outbox').get() as { n: number }).n), 0);
    } finally {
      await server.stop();
    }
  });

  describe('with SMTP set', () => {
    let smtp: SmtpHarness;
    let server: RunningServer;

    before(async () => {
      smtp = await startSmtp();
      server = await startServer({
        env: {
          PARLEY_ADMIN_EMAIL: ADMIN,
          PARLEY_ADMIN_PASSWORD: 'correct horse battery staple',
          PARLEY_SMTP_URL: smtp.url,
          PARLEY_MAIL_FROM: 'Parley <parley@example.org>',
        },
      });
      // Every comment here comes from 127.0.0.1; the flood check would space them out.
      patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0 });
    });
    after(async () => {
      await server.stop();
      await smtp.stop();
    });

    test('the first admin gets the held-comment mail at once, and its Approve link works end to end over HTTP', async () => {
      const res = await postComment(server, 'Rosa', 'canary-rosa@example.net', 'Held, as a first comment.');
      assert.equal(res.status, 201);
      const { comment } = (await res.json()) as { comment: { id: number; status: string } };
      assert.equal(comment.status, 'pending');
      const [mail] = await smtp.waitFor(1);
      assert.ok(mail);
      assert.deepEqual(mail.envelope.to, [ADMIN]);
      assert.ok(server.output.some((l) => l.startsWith('Mail goes out through smtp://127.0.0.1:')));
      assert.ok(!server.output.some((l) => l.includes('smtp-test-password')), 'the SMTP password is never logged');

      // Links point at PARLEY_PUBLIC_URL, by default http://localhost:PORT.
      const approve = mail.links.find((l) => l.includes('/mail/action/'));
      assert.ok(approve?.startsWith(`http://localhost:${server.port}/mail/action/`), String(approve));
      const url = String(approve).replace(`http://localhost:${server.port}`, server.baseUrl);
      const page = await fetch(url);
      assert.equal(page.status, 200);
      const form = /<form method="post" action="([^"]+)">/.exec(await page.text());
      assert.ok(form?.[1]);
      const status = () => withDb(server.dbFile, (db) => (db.prepare('select status from comments where id = ?').get(comment.id) as { status: string }).status);
      assert.equal(status(), 'pending');
      const done = await fetch(new URL(form[1], server.baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
      assert.equal(done.status, 200);
      assert.equal(status(), 'approved');
      assert.equal((await fetch(new URL(form[1], server.baseUrl), { method: 'POST' })).status, 409);
      // The request log names the route, never the token.
      const token = form[1].split('/').pop() ?? '';
      assert.ok(!server.output.some((l) => l.includes(token)));
    });

    test('canary: each mail names its recipient and the comment’s author only, never another moderator or commenter', async () => {
      smtp.clear();
      // A second moderator, through the CLI's store path (the server notices other writers).
      const { hashPassword } = await import('../src/moderation/password.js');
      const hash = await hashPassword('another long password');
      withDb(server.dbFile, (db) =>
        db.prepare('insert into moderators (email, name, password_hash, created_at) values (?, ?, ?, ?)').run('canary-second@example.com', 'Second', hash, Date.now()),
      );
      const authors = ['canary-author-a@example.net', 'canary-author-b@example.net'];
      for (const [i, email] of authors.entries()) {
        const res = await postComment(server, `Author ${i}`, email, `Comment number ${i}.`);
        assert.equal(res.status, 201);
      }
      const mails = await smtp.waitFor(4);
      const everyone = [ADMIN, 'canary-second@example.com', ...authors];
      for (const mail of mails) {
        const recipient = mail.envelope.to[0] ?? '';
        assert.equal(mail.envelope.to.length, 1);
        const author = authors.find((a) => mail.text.includes(a));
        assert.ok(author, 'a held-comment mail shows its author’s email to the moderator');
        for (const address of everyone) {
          if (address === recipient || address === author) continue;
          assert.ok(!mail.raw.toLowerCase().includes(address), `the mail to ${recipient} names ${address}`);
        }
      }
      assert.deepEqual([...new Set(mails.map((m) => m.envelope.to[0]))].sort(), [ADMIN, 'canary-second@example.com']);
    });
  });
});
