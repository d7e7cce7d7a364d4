// The readers' part of the better-sqlite3 store (subscriptions, privacy, retention); SQL in queries-readers.ts.
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import * as r from './queries-readers.js';
import type { NewSubscription, ReaderStore, SubscribeResult } from './readers-types.js';
import type { NewMail, NewOutboxEvent } from './types.js';
import { SqliteMailStore } from './sqlite-mail.js';

const dialect = new SQLiteSyncDialect();

export class SqliteReaderStore extends SqliteMailStore implements ReaderStore {
  /** Runs the statements in one IMMEDIATE transaction; answers each one's rows. */
  protected atomically(statements: SQL[]): Array<Array<Record<string, unknown>>> {
    const client = this.db.$client;
    const prepared = statements.map((s) => {
      const query = dialect.sqlToQuery(s);
      return { statement: client.prepare(query.sql), params: query.params };
    });
    // better-sqlite3 answers rows only from statements that return some (selects, `returning`).
    const run = client.transaction(() =>
      prepared.map(({ statement, params }) => {
        if (statement.reader) return statement.all(...params) as Array<Record<string, unknown>>;
        statement.run(...params);
        return [];
      }),
    );
    return run.immediate();
  }

  async subscribe(subscription: NewSubscription, confirmation?: NewMail): Promise<SubscribeResult> {
    const results = this.atomically(r.subscribeStatements(subscription, confirmation));
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
    this.atomically(r.suppressStatements(email, now));
  }

  isSuppressed(email: string) {
    return r.isSuppressed(this.db, email);
  }

  commentsByEmail(siteId: number, email: string) {
    return r.commentsByEmail(this.db, siteId, email);
  }

  async anonymiseByEmail(siteId: number, email: string, avatar: string, event?: NewOutboxEvent) {
    return r.anonymiseResult(this.atomically(r.anonymiseStatements(siteId, email, avatar, event)), event !== undefined);
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
