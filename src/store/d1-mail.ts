// The mail parts of the D1 store: outbox, moderators' preferences, digests, used link ids.
import { asc, eq, inArray } from 'drizzle-orm';
import { mailOutbox, mailTokensUsed } from '../db/schema.js';
import { D1PostStore } from './d1-post.js';
import * as m from './mail-queries.js';
import { failedDeliveryUpdate } from './queries.js';
import type { MailPrefs, MailRow, MailStore, NewMail } from './types.js';

export class D1MailStore extends D1PostStore implements MailStore {
  async enqueueMails(mails: NewMail[]) {
    const insert = m.insertMailsQuery(this.db, mails);
    if (insert) await insert;
  }

  async claimDueMails(now: number, limit: number, lockMs: number): Promise<MailRow[]> {
    // One statement picks and locks, so two isolates never take the same mail.
    return this.db
      .update(mailOutbox)
      .set({ lockedUntil: now + lockMs })
      .where(
        inArray(
          mailOutbox.id,
          this.db.select({ id: mailOutbox.id }).from(mailOutbox).where(m.mailsDue(now)).orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id)).limit(limit),
        ),
      )
      .returning();
  }

  async markMailSent(id: number, now: number) {
    await this.db.update(mailOutbox).set({ sentAt: now, lockedUntil: null, lastError: null }).where(eq(mailOutbox.id, id));
  }

  async markMailFailed(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number) {
    await this.db.update(mailOutbox).set(failedDeliveryUpdate(attempts, nextAttemptAt, error, now)).where(eq(mailOutbox.id, id));
  }

  listFailedMails(limit: number) {
    return m.listFailedMails(this.db, limit);
  }

  mailRecipients(siteId: number) {
    return m.mailRecipients(this.db, siteId);
  }

  mailPrefsOf(moderatorId: number) {
    return m.mailPrefsOf(this.db, moderatorId);
  }

  async saveMailPrefs(moderatorId: number, siteId: number, prefs: MailPrefs, now: number) {
    await m.saveMailPrefsQuery(this.db, moderatorId, siteId, prefs, now);
  }

  commentsForDigest(siteId: number, since: number, until: number, limit: number) {
    return m.commentsForDigest(this.db, siteId, since, until, limit);
  }

  async recordDigest(moderatorId: number, siteId: number, until: number, mail: NewMail | null) {
    const insert = m.insertMailsQuery(this.db, mail ? [mail] : undefined);
    await this.batch([m.digestDoneQuery(this.db, moderatorId, siteId, until), ...(insert ? [insert] : [])]);
  }

  async useMailToken(id: string, now: number) {
    const rows = await this.db.insert(mailTokensUsed).values({ id, usedAt: now }).onConflictDoNothing().returning({ id: mailTokensUsed.id });
    return rows.length > 0;
  }

  async isMailTokenUsed(id: string) {
    return (await m.mailTokenUsed(this.db, id)) !== undefined;
  }

  async pruneMail(sentBefore: number, usedBefore: number) {
    await this.batch([m.pruneSentMails(this.db, sentBefore), m.pruneUsedTokens(this.db, usedBefore)]);
  }
}
