// Moderators' choices ("Email me whenever …", digest) and the site's language, through the API and
// the real SMTP server. Runs on Node and on the Worker.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startService } from './helpers.js';
import { startSmtp, type SmtpHarness } from './mail-harness.js';
import { mailEnv, actionLinks, PREFS, postHeld, received, setPrefs, type CommentCreated } from './mail-fixture.js';

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
      // Preferences saved long ago without a digest: the digest still starts when it is chosen.
      assert.equal((await setPrefs(svc, headers, { onNew: false, onHeld: false, digestMinutes: 0 })).status, 200);
      await postHeld(svc, { name: 'Before Digest', email: 'before@example.net' });
      svc.clock.now += 3_600_000;
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
      assert.ok(!digest.text.includes('Before Digest'));
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
