// The mail parts of the better-sqlite3 store: outbox, moderators' preferences, digests, used link ids.
import { asc, eq, inArray } from 'drizzle-orm';
import { mailOutbox, mailTokensUsed } from '../db/schema.js';
import * as m from './mail-queries.js';
import { failedDeliveryUpdate } from './queries.js';
import { SqliteCommentStore, type Db } from './sqlite.js';
import type { MailPrefs, MailRow, MailStore, NewMail } from './types.js';

/** Writes mails on the connection, inside whatever transaction runs (better-sqlite3 is synchronous). */
function insertMailsNow(db: Db, mails: NewMail[] | undefined): void {
  m.insertMailsQuery(db, mails)?.run();
}

export class SqliteMailStore extends SqliteCommentStore implements MailStore {
  async enqueueMails(mails: NewMail[]) {
    insertMailsNow(this.db, mails);
  }

  async claimDueMails(now: number, limit: number, lockMs: number): Promise<MailRow[]> {
    return this.db.transaction(
      (tx) => {
        const due = tx.select().from(mailOutbox).where(m.mailsDue(now)).orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id)).limit(limit).all();
        if (due.length > 0) {
          tx.update(mailOutbox)
            .set({ lockedUntil: now + lockMs })
            .where(inArray(mailOutbox.id, due.map((d) => d.id)))
            .run();
        }
        return due;
      },
      { behavior: 'immediate' },
    );
  }

  async markMailSent(id: number, now: number) {
    this.db.update(mailOutbox).set({ sentAt: now, lockedUntil: null, lastError: null }).where(eq(mailOutbox.id, id)).run();
  }

  async markMailFailed(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number) {
    this.db.update(mailOutbox).set(failedDeliveryUpdate(attempts, nextAttemptAt, error, now)).where(eq(mailOutbox.id, id)).run();
  }

  async listFailedMails(limit: number) {
    return m.listFailedMails(this.db, limit);
  }

  async mailRecipients(siteId: number) {
    return m.mailRecipients(this.db, siteId);
  }

  async mailPrefsOf(moderatorId: number) {
    return m.mailPrefsOf(this.db, moderatorId);
  }

  async saveMailPrefs(moderatorId: number, siteId: number, prefs: MailPrefs, now: number) {
    m.saveMailPrefsQuery(this.db, moderatorId, siteId, prefs, now).run();
  }

  async commentsForDigest(siteId: number, since: number, until: number, limit: number) {
    return m.commentsForDigest(this.db, siteId, since, until, limit);
  }

  async recordDigest(moderatorId: number, siteId: number, until: number, mail: NewMail | null) {
    this.db.transaction(
      () => {
        m.digestDoneQuery(this.db, moderatorId, siteId, until).run();
        if (mail) insertMailsNow(this.db, [mail]);
      },
      { behavior: 'immediate' },
    );
  }

  async useMailToken(id: string, now: number) {
    const rows = this.db.insert(mailTokensUsed).values({ id, usedAt: now }).onConflictDoNothing().returning({ id: mailTokensUsed.id }).all();
    return rows.length > 0;
  }

  async isMailTokenUsed(id: string) {
    return (await m.mailTokenUsed(this.db, id)) !== undefined;
  }

  async pruneMail(sentBefore: number, usedBefore: number) {
    this.db.transaction(() => {
      m.pruneSentMails(this.db, sentBefore).run();
      m.pruneUsedTokens(this.db, usedBefore).run();
    });
  }
}
