// The store's part for readers' mail (subscriptions, double opt-in, suppression), privacy requests and retention.
import type { SubscriptionKind, SubscriptionRow } from '../db/schema.js';
import type { AdminCommentRow, NewMail, NewOutboxEvent } from './types.js';

export type { SubscriptionKind, SubscriptionRow };

export interface NewSubscription {
  siteId: number;
  /** Lowercased by the store. */
  email: string;
  kind: SubscriptionKind;
  articleId: number;
  /** For `replies`: the subscriber's comment. */
  commentId: number | null;
  createdAt: number;
}

export interface SubscribeResult {
  subscriptionId: number;
  /** The address was never seen on this site before: it gets the confirmation mail. */
  firstTime: boolean;
  confirmed: boolean;
  suppressed: boolean;
}

/** A confirmed, not suppressed subscriber an approved comment concerns. */
export interface Subscriber {
  subscriptionId: number;
  email: string;
  kind: SubscriptionKind;
  commentId: number | null;
}

export interface ReaderStore extends ReaderMailStore {
  /**
   * Records a subscription (an identical one is reused) and the address, unconfirmed if new; then, in the
   * same transaction, the double opt-in's `confirmation` mail, only if the address is new and not suppressed.
   */
  subscribe(subscription: NewSubscription, confirmation?: NewMail): Promise<SubscribeResult>;
  /** Marks the address confirmed; false when it never subscribed on that site. */
  confirmAddress(siteId: number, email: string, now: number): Promise<boolean>;
  isConfirmed(siteId: number, email: string): Promise<boolean>;
  /** Who hears of a newly approved comment: `replies` subscribers of its parent, `article` subscribers of its article. */
  subscribersFor(articleId: number, parentId: number | null): Promise<Subscriber[]>;
  findSubscription(id: number): Promise<SubscriptionRow | null>;
  unsubscribe(id: number): Promise<boolean>;
  /** Every subscription of the address, on every site, ends, and the address goes on the suppression list. */
  suppress(email: string, now: number): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;

  /** Every comment of an address on a site (every status), oldest first, with its article. */
  commentsByEmail(siteId: number, email: string): Promise<AdminCommentRow[]>;
  /**
   * WordPress's eraser: name "Anonymous", no email, website, IP or user agent, the given avatar; the
   * address's subscriptions on the site end. Answers the comments changed. With `event` (a webhook
   * event, `data.comment.id` to fill in), one per changed comment is written in the same transaction.
   */
  anonymiseByEmail(siteId: number, email: string, avatar: string, event?: NewOutboxEvent): Promise<Array<{ id: number; articleId: number }>>;

  /** Retention: forgets IP and user agent of the site's comments created before `before`; answers how many. */
  forgetIps(siteId: number, before: number): Promise<number>;
  /** Retention: spam and trash of the site whose last status change (audit, else creation) is before `before`. */
  expiredSpamTrash(siteId: number, before: number, limit: number): Promise<number[]>;
}

export interface ReaderMailStore {
  /** Reader notifications (reply, article, approved) put in the outbox for the address since `since`: the hourly cap. */
  readerMailsSince(email: string, since: number): Promise<number>;
}
