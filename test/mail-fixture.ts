// Shared pieces of the mail suites: the settings that turn mail on against the test SMTP server,
// a held comment with hostile text, waiting for mail with a useful failure, the action links of a mail.
import assert from 'node:assert/strict';
import type { Service } from './helpers.js';
import type { ReceivedMail, SmtpHarness } from './mail-harness.js';

export const FROM = 'comments@news.example.org';
export const PUBLIC = 'http://parley.test';
export const HOSTILE_NAME = '<script>alert("name")</script> O\'Brien & "Co"';
export const HOSTILE_BODY = 'Look <img src=x onerror=alert(1)> & <b>bold</b> "quoted"';

export const mailEnv = (smtp: SmtpHarness, extra: Record<string, string> = {}) => ({
  PARLEY_SMTP_URL: smtp.url,
  PARLEY_MAIL_FROM: `Parley News <${FROM}>`,
  PARLEY_PUBLIC_URL: PUBLIC,
  PARLEY_MAIL_RETRY_SECONDS: '60',
  ...extra,
});

export interface CommentCreated {
  comment: { id: number; status: string };
}

/** Posts a comment that is held (a first comment); `advance` moves the clock past the flood window after it. */
export async function postHeld(svc: Service, fields: Record<string, unknown> = {}, advance = true): Promise<number> {
  const res = await svc.post({ name: HOSTILE_NAME, email: 'canary-author@example.net', body: HOSTILE_BODY, ...fields });
  assert.equal(res.status, 201, await res.clone().text());
  const body = (await res.json()) as CommentCreated;
  assert.equal(body.comment.status, 'pending');
  if (advance) svc.later();
  return body.comment.id;
}

/** Waits for `count` mails; on a timeout the failure tells what the outbox and the log say. */
export async function received(svc: Service, smtp: SmtpHarness, count: number): Promise<ReceivedMail[]> {
  try {
    return await smtp.waitFor(count);
  } catch (err) {
    const outbox = svc.rows('select id, kind, attempts, sent_at, failed_at, last_error from mail_outbox');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\noutbox: ${JSON.stringify(outbox)}\nlog:\n${svc.logs.join('\n')}`);
  }
}

export const actionLinks = (mail: ReceivedMail) => mail.links.filter((l) => l.startsWith(`${PUBLIC}/mail/action/`));

export const statusOf = (svc: Service, id: number) => svc.rows<{ status: string }>('select status from comments where id = ?', id)[0]?.status;

export const PREFS = 'http://parley.test/api/admin/me/notifications';

export async function setPrefs(svc: Service, headers: Record<string, string>, prefs: Record<string, unknown>) {
  return svc.request(PREFS, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', ...prefs }) });
}

/** Polls the database until `predicate` holds (the Worker sends after its response, in waitUntil). */
export async function until(svc: Service, what: string, predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}\noutbox: ${JSON.stringify(svc.rows('select * from mail_outbox'))}\nlog:\n${svc.logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
