// The readers' part of the D1 store (subscriptions, privacy, retention); SQL in queries-readers.ts, writes in one batch.
import * as r from './queries-readers.js';
import { D1MailStore } from './d1-mail.js';
import type { NewSubscription, ReaderStore, SubscribeResult } from './readers-types.js';
import type { NewMail, NewOutboxEvent } from './types.js';

export class D1ReaderStore extends D1MailStore implements ReaderStore {
  async subscribe(subscription: NewSubscription, confirmation?: NewMail): Promise<SubscribeResult> {
    const results = await this.batch(r.subscribeStatements(subscription, confirmation));
    return r.subscribeResult(results[0] ?? [], results[2] ?? []);
  }

  confirmAddress(siteId: number, email: string, now: number) {
    return r.confirmAddress(this.db, siteId, email, now);
  }

  isConfirmed(siteId: number, email: string) {
    return r.isConfirmed(this.db, siteId, email);
  }

  subscribersFor(articleId: number, parentId: number | null) {
    return r.subscribersFor(this.db, articleId, parentId);
  }

  findSubscription(id: number) {
    return r.findSubscription(this.db, id);
  }

  unsubscribe(id: number) {
    return r.unsubscribe(this.db, id);
  }

  async suppress(email: string, now: number) {
    await this.batch(r.suppressStatements(email, now));
  }

  isSuppressed(email: string) {
    return r.isSuppressed(this.db, email);
  }

  commentsByEmail(siteId: number, email: string) {
    return r.commentsByEmail(this.db, siteId, email);
  }

  async anonymiseByEmail(siteId: number, email: string, avatar: string, event?: NewOutboxEvent) {
    return r.anonymiseResult(await this.batch(r.anonymiseStatements(siteId, email, avatar, event)), event !== undefined);
  }

  readerMailsSince(email: string, since: number) {
    return r.readerMailsSince(this.db, email, since);
  }

  forgetIps(siteId: number, before: number) {
    return r.forgetIps(this.db, siteId, before);
  }

  expiredSpamTrash(siteId: number, before: number, limit: number) {
    return r.expiredSpamTrash(this.db, siteId, before, limit);
  }
}
