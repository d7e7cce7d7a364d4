// The mail worker: takes due mail from the outbox, renders what is rendered late, sends it through
// the transport, and retries with back-off; after the last attempt a mail is failed for good (shown
// on the dashboard). Also runs the moderators' digests. One loop serves Node (a timer plus a kick
// after each event) and Workers (waitUntil plus the cron).
import type { MailRow, NewMail, Site, Store } from '../store/types.js';
import { LINK_LIFETIME_MS } from './links.js';
import { renderCommentMail, renderDigestMail, type RenderedMail } from './moderator-mail.js';
import type { MailTransport } from './transport.js';

export interface MailerOptions {
  store: Store;
  transport: MailTransport;
  /** PARLEY_MAIL_FROM. */
  from: string;
  /** Where links in mail point (no trailing slash). */
  publicUrl: string;
  secret: string;
  now: () => number;
  /** The first retry waits this long; later ones 5, 30, 120, 360 times as long. */
  retryMs: number;
  maxAttempts: number;
  log: (line: string) => void;
}

/** Builds a mail whose outbox row names it (`render`), at send time; null: nothing to send any more. */
export type LateRenderer = (row: MailRow, mailer: MailerOptions) => Promise<RenderedMail | null>;

const RETRY_FACTORS = [1, 5, 30, 120, 360];
/** Sent mail is kept this long (to look into a complaint), then forgotten: it holds addresses. */
const KEEP_SENT_MS = 30 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
const LOCK_MS = 5 * 60_000;
const BATCH = 20;
/** A digest lists at most this many comments; the rest wait for the next one. */
const DIGEST_LIMIT = 50;

export interface Mailer {
  readonly options: MailerOptions;
  /** Renderers by the name an outbox row gives in `render` (other features add theirs). */
  readonly renderers: Map<string, LateRenderer>;
  /** Sends what is due (repeating while there is more); never throws. */
  sendDue(): Promise<number>;
  /** Enqueues the digests that are due. */
  runDigests(): Promise<void>;
  /** Digests, then sending; coalesces calls that come while a run is going. */
  kick(): Promise<void>;
}

export function retryDelay(options: Pick<MailerOptions, 'retryMs' | 'maxAttempts'>, attempts: number): number | null {
  if (attempts >= options.maxAttempts) return null;
  const factor = RETRY_FACTORS[Math.min(attempts - 1, RETRY_FACTORS.length - 1)] ?? 1;
  return options.retryMs * factor;
}

const siteById = async (store: Store, id: number | null): Promise<Site | null> =>
  id === null ? null : ((await store.listSites()).find((s) => s.id === id) ?? null);

/** A held or new comment, for the moderator the row names; nothing when the comment or moderator is gone. */
const moderatorComment: LateRenderer = async (row, options) => {
  if (row.commentId === null || row.moderatorId === null) return null;
  const [comment, site, moderators] = await Promise.all([
    options.store.getAdminComment(row.commentId),
    siteById(options.store, row.siteId),
    options.store.listModerators(),
  ]);
  const moderator = moderators.find((m) => m.id === row.moderatorId);
  if (!comment || !site || !moderator || comment.comment.deleted) return null;
  return renderCommentMail(comment, { site, moderator: { id: moderator.id, email: row.recipient }, publicUrl: options.publicUrl, secret: options.secret, now: options.now() });
};

function parseHeaders(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** One plain address: no list, no display name, nothing a header could be split on. */
export function isOneAddress(value: string): boolean {
  return value.length <= 254 && /^[^\s@,;<>()"\\]+@[^\s@,;<>()"\\]+$/.test(value);
}

/** Headers carry user text (an article's title in a subject): no line breaks or control characters. */
export const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

function safeHeaders(headers: Record<string, string>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Only headers of our own choosing (List-Unsubscribe …), never ones that would add recipients.
    if (/^[A-Za-z][A-Za-z0-9-]*$/.test(name) && !/^(to|cc|bcc|from|sender|reply-to|subject)$/i.test(name)) safe[name] = oneLine(value);
  }
  return safe;
}

export function createMailer(options: MailerOptions): Mailer {
  const renderers = new Map<string, LateRenderer>([['moderator.comment', moderatorComment]]);
  const { store } = options;

  async function sendOne(row: MailRow): Promise<void> {
    const attempts = row.attempts + 1;
    try {
      let mail: RenderedMail | null = { subject: row.subject, text: row.text, html: row.html, headers: parseHeaders(row.headers) };
      if (row.render !== null) {
        const render = renderers.get(row.render);
        if (!render) throw new Error(`no renderer called ${row.render}`);
        mail = await render(row, options);
      }
      if (mail) {
        if (!isOneAddress(row.recipient)) throw new Error('the recipient is not exactly one address');
        await options.transport.send({ from: options.from, to: row.recipient, ...mail, subject: oneLine(mail.subject), headers: safeHeaders(mail.headers) });
      }
      await store.markMailSent(row.id, options.now());
    } catch (err) {
      // An SMTP server's answer often quotes the recipient ("550 <a@b.example>: Recipient address
      // rejected"): moderators see it on the failed-mail list, the log gets it without any address.
      const message = err instanceof Error ? err.message : 'sending failed';
      const delay = retryDelay(options, attempts);
      const logged = message.replace(/[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g, '[address]').slice(0, 200);
      options.log(`mail ${row.id} (${row.kind}) attempt ${attempts} failed${delay === null ? ' for good' : ''}: ${logged}`);
      await store.markMailFailed(row.id, attempts, delay === null ? null : options.now() + delay, message, options.now()).catch(() => undefined);
    }
  }

  async function sendDue(): Promise<number> {
    let total = 0;
    try {
      for (let round = 0; round < 10; round++) {
        const due = await store.claimDueMails(options.now(), BATCH, LOCK_MS);
        // One at a time: one SMTP conversation, and a slow server does not get a burst.
        for (const row of due) await sendOne(row);
        total += due.length;
        if (due.length < BATCH) break;
      }
    } catch (err) {
      options.log(`mail sending stopped: ${err instanceof Error ? err.message : 'unknown error'}`);
    }
    return total;
  }

  async function runDigests(): Promise<void> {
    const now = options.now();
    for (const site of await store.listSites()) {
      for (const recipient of await store.mailRecipients(site.id)) {
        const { prefs } = recipient;
        if (prefs.digestMinutes === 0) continue;
        const since = recipient.lastDigestAt ?? 0;
        if (since + prefs.digestMinutes * 60_000 > now) continue;
        const rows = (await store.commentsForDigest(site.id, since, now, DIGEST_LIMIT * 4)).filter(
          (r) => !r.comment.moderator && ((r.comment.status === 'pending' && prefs.onHeld) || (r.comment.status === 'approved' && prefs.onNew)),
        );
        const listed = rows.slice(0, DIGEST_LIMIT);
        // More than one digest's worth: the next digest starts at the first comment left out.
        const until = rows.length > DIGEST_LIMIT ? (rows[DIGEST_LIMIT]?.comment.createdAt ?? now) : now;
        let mail: NewMail | null = null;
        if (listed.length > 0) {
          const rendered = await renderDigestMail(listed, {
            site,
            moderator: { id: recipient.moderatorId, email: recipient.email },
            publicUrl: options.publicUrl,
            secret: options.secret,
            now,
          });
          mail = { siteId: site.id, kind: 'moderator.digest', to: recipient.email, moderatorId: recipient.moderatorId, createdAt: now, ...rendered };
        }
        await store.recordDigest(recipient.moderatorId, site.id, until, mail);
      }
    }
  }

  let prunedAt = 0;
  async function prune(): Promise<void> {
    const now = options.now();
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    await store.pruneMail(now - KEEP_SENT_MS, now - LINK_LIFETIME_MS - 24 * 3_600_000);
  }

  let running: Promise<void> | null = null;
  let again = false;
  async function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runDigests().catch((err: unknown) => options.log(`mail digests failed: ${err instanceof Error ? err.message : 'unknown error'}`));
        await sendDue();
        await prune().catch((err: unknown) => options.log(`mail pruning failed: ${err instanceof Error ? err.message : 'unknown error'}`));
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return { options, renderers, sendDue, runDigests, kick };
}
