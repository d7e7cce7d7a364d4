// The mail domain's pure parts, with tables: signed links, SMTP URLs and addresses, back-off, who
// is mailed about a new comment, reasons in words, escaping.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpHref } from '../src/comments/http-href.js';
import { escapeHtml } from '../src/mail/html.js';
import { LINK_LIFETIME_MS, signLink, verifyLink } from '../src/mail/links.js';
import { retryDelay } from '../src/mail/mailer.js';
import { reasonInWords } from '../src/mail/moderator-mail.js';
import { moderatorMailsForNewComment } from '../src/mail/moderator-notify.js';
import { mailStrings } from '../src/mail/strings/index.js';
import { parseAddress, parseSmtpUrl } from '../src/mail/transport.js';
import { defaultMailPrefs, type MailRecipient } from '../src/store/types.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const NOW = Date.parse('2026-11-24T19:08:14.000Z');

describe('signed mail links', () => {
  test('a link verifies with its claims until it expires, and not after', async () => {
    const token = await signLink(SECRET, { commentId: 42, moderatorId: 7, action: 'spam', expiresAt: NOW + LINK_LIFETIME_MS });
    const ok = await verifyLink(SECRET, token, NOW);
    assert.ok(ok.ok);
    assert.equal(ok.claims.commentId, 42);
    assert.equal(ok.claims.moderatorId, 7);
    assert.equal(ok.claims.action, 'spam');
    assert.deepEqual(await verifyLink(SECRET, token, NOW + LINK_LIFETIME_MS), { ok: false, reason: 'expired' });
  });

  test('two links for the same action have different ids (each is used once on its own)', async () => {
    const claims = { commentId: 1, moderatorId: 1, action: 'approve' as const, expiresAt: NOW + 1000 };
    const [a, b] = await Promise.all([signLink(SECRET, claims), signLink(SECRET, claims)]);
    const [va, vb] = await Promise.all([verifyLink(SECRET, a, NOW), verifyLink(SECRET, b, NOW)]);
    assert.ok(va.ok && vb.ok);
    assert.notEqual(va.claims.id, vb.claims.id);
  });

  test('altered, foreign and malformed tokens are refused as invalid', async () => {
    const token = await signLink(SECRET, { commentId: 42, moderatorId: 7, action: 'approve', expiresAt: NOW + 1000 });
    const [payload, mac] = token.split('.') as [string, string];
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), c: 43 })).toString('base64url');
    const cases = [
      `${otherPayload}.${mac}`,
      `${payload}.${mac.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}`,
      await signLink('another-secret-that-is-long-enough', { commentId: 42, moderatorId: 7, action: 'approve', expiresAt: NOW + 1000 }),
      '',
      'no-dot',
      `${payload}.`,
      `.${mac}`,
      `${payload}.${mac}.extra`,
      `${'A'.repeat(5000)}.${mac}`,
    ];
    for (const bad of cases) assert.deepEqual(await verifyLink(SECRET, bad, NOW), { ok: false, reason: 'invalid' }, bad.slice(0, 40));
  });

  test('a signed payload with an action that is not approve, spam or trash is refused', async () => {
    const payload = Buffer.from(JSON.stringify({ i: 'x', c: 1, m: 1, a: 'unapprove', x: NOW + 1000 })).toString('base64url');
    const { hmacHex } = await import('../src/comments/crypto.js');
    const token = `${payload}.${await hmacHex(SECRET, `parley-mail-link:${payload}`)}`;
    assert.deepEqual(await verifyLink(SECRET, token, NOW), { ok: false, reason: 'invalid' });
  });
});

describe('SMTP settings', () => {
  const cases: Array<[string, ReturnType<typeof parseSmtpUrl>]> = [
    ['smtp://user:pass@mail.example.org:2525', { host: 'mail.example.org', port: 2525, secure: false, user: 'user', password: 'pass' }],
    ['smtps://user:pass@mail.example.org', { host: 'mail.example.org', port: 465, secure: true, user: 'user', password: 'pass' }],
    ['smtp://mail.example.org', { host: 'mail.example.org', port: 587, secure: false, user: null, password: null }],
    ['smtp://me%40example.org:p%3Ass%2Fw@[::1]:25', { host: '::1', port: 25, secure: false, user: 'me@example.org', password: 'p:ss/w' }],
  ];
  for (const [url, expected] of cases) {
    test(`${url} is read as ${expected.host}:${expected.port}`, () => assert.deepEqual(parseSmtpUrl(url), expected));
  }

  test('a From setting is split into name and address', () => {
    assert.deepEqual(parseAddress('Parley News <comments@example.org>'), { name: 'Parley News', email: 'comments@example.org' });
    assert.deepEqual(parseAddress('"Quoted" <q@example.org>'), { name: 'Quoted', email: 'q@example.org' });
    assert.deepEqual(parseAddress('plain@example.org'), { email: 'plain@example.org' });
    assert.deepEqual(parseAddress('<bare@example.org>'), { email: 'bare@example.org' });
  });
});

describe('retries', () => {
  test('each failed attempt waits longer, and the last one gives up', () => {
    const options = { retryMs: 60_000, maxAttempts: 6 };
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => retryDelay(options, n)), [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, null]);
    assert.equal(retryDelay({ retryMs: 1000, maxAttempts: 1 }, 1), null);
    assert.equal(retryDelay({ retryMs: 1000, maxAttempts: 10 }, 9), 360_000, 'the longest wait repeats');
  });
});

describe('who hears of a new comment at once', () => {
  const who = (email: string, prefs: Partial<typeof defaultMailPrefs>): MailRecipient => ({
    moderatorId: email.length,
    email,
    name: email,
    prefs: { ...defaultMailPrefs, ...prefs },
    lastDigestAt: null,
  });
  const recipients = [
    who('both@x.org', {}),
    who('held-only@x.org', { onNew: false }),
    who('new-only@x.org', { onHeld: false }),
    who('none@x.org', { onNew: false, onHeld: false }),
    who('digest@x.org', { digestMinutes: 60 }),
  ];
  const table: Array<[string, { status: 'pending' | 'approved' | 'spam' | 'trash'; moderator: boolean }, string[]]> = [
    ['a held comment', { status: 'pending', moderator: false }, ['both@x.org', 'held-only@x.org']],
    ['a published comment', { status: 'approved', moderator: false }, ['both@x.org', 'new-only@x.org']],
    ['spam', { status: 'spam', moderator: false }, []],
    ['a moderator’s own reply', { status: 'approved', moderator: true }, []],
  ];
  for (const [what, comment, expected] of table) {
    test(`${what} goes to ${expected.length === 0 ? 'nobody' : expected.join(', ')}`, () => {
      const mails = moderatorMailsForNewComment(recipients, { siteId: 1, createdAt: NOW, ...comment });
      assert.deepEqual(mails.map((m) => m.to), expected);
      for (const mail of mails) {
        assert.equal(mail.render, 'moderator.comment');
        assert.equal(mail.kind, comment.status === 'pending' ? 'moderator.held' : 'moderator.new');
      }
    });
  }
});

describe('mail words', () => {
  test('every stored reason reads as words in every language', () => {
    const reasons = ['first_comment', 'manual_approval', 'links:3', 'moderation_key:casino', 'disallowed_key:viagra', 'honeypot', 'too_fast'];
    for (const [language, strings] of Object.entries(mailStrings)) {
      for (const reason of reasons) {
        const words = reasonInWords(reason, strings, 2);
        assert.notEqual(words, reason, `${language}: ${reason}`);
        assert.ok(!/\{\w+\}/.test(words), `${language}: ${reason} has an unfilled slot: ${words}`);
      }
    }
    assert.equal(reasonInWords('links:3', mailStrings.en, 2), '3 links (limit 2)');
    assert.equal(reasonInWords('something_new', mailStrings.en, 2), 'something_new');
  });

  test('every language has every string', () => {
    const shape = (value: unknown): unknown =>
      typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value;
    for (const strings of Object.values(mailStrings)) assert.deepEqual(shape(strings), shape(mailStrings.en));
  });

  test('HTML escaping covers the five special characters, and only http(s) links become links', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(httpHref('javascript:alert(1)'), null);
    assert.equal(httpHref('data:text/html,hi'), null);
    assert.equal(httpHref('not a url'), null);
    assert.equal(httpHref('https://example.org/a b'), 'https://example.org/a%20b');
  });
});

describe('what a mail may carry in its headers', () => {
  test('a recipient is exactly one plain address', async () => {
    const { isOneAddress } = await import('../src/mail/mailer.js');
    for (const ok of ['a@example.org', 'first.last+tag@sub.example.co']) assert.ok(isOneAddress(ok), ok);
    for (const bad of ['a@example.org, b@example.org', 'A <a@example.org>', 'a@example.org\r\nBcc: b@example.org', 'a b@example.org', 'a@b@c', '', 'a;b@example.org']) {
      assert.ok(!isOneAddress(bad), JSON.stringify(bad));
    }
  });

  test('user text in a subject loses its line breaks', async () => {
    const { oneLine } = await import('../src/mail/mailer.js');
    assert.equal(oneLine('Title\r\nBcc: victim@example.org'), 'Title Bcc: victim@example.org');
    assert.equal(oneLine('a\u2028b\tc'), 'a b c');
  });
});
