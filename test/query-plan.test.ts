// The hot queries use the right indexes: EXPLAIN QUERY PLAN of the SQL the better-sqlite3 store really
// executes (recorded from the driver), with no statistics, as on a fresh install.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { and, asc, eq, sql } from 'drizzle-orm';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { comments, publicCommentColumns } from '../src/db/schema.js';
import { MIGRATIONS_DIR } from '../src/node/database.js';
import { SqliteStore } from '../src/store/sqlite-moderation.js';
import type { Db } from '../src/store/sqlite.js';
import type { NewComment } from '../src/store/types.js';
import * as importQueries from '../src/store/queries-import.js';
import { ROWS_BY_IDS_SQL } from '../src/store/sqlite-row-memo.js';
import { pageStatement } from '../src/store/thread-page.js';
import { anchorLookup } from '../src/comments/thread.js';
import { eventsOfNewComment, mailsOfNewComment } from '../src/store/d1-mail-insert.js';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { newComment } from './new-comment.js';

const executed: string[] = [];

/** A connection whose statements note their SQL whenever they are run. */
function recording(sqlite: Database.Database): Database.Database {
  return new Proxy(sqlite, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (property !== 'prepare' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (source: string) => {
        const statement = target.prepare(source);
        return new Proxy(statement, {
          get(inner, name) {
            const member: unknown = Reflect.get(inner, name);
            if (typeof member !== 'function') return member;
            return (...args: unknown[]) => {
              executed.push(inner.source);
              return (member as (...a: unknown[]) => unknown).apply(inner, args);
            };
          },
        });
      };
    },
  });
}

let dir: string;
let sqlite: Database.Database;
let db: Db;
let store: SqliteStore;
let siteId: number;
let articleId: number;

/** The plans of every query a store call ran, one line each. */
async function plansOf(call: () => Promise<unknown>): Promise<string[]> {
  executed.length = 0;
  await call();
  const queries = [...new Set(executed)].filter((q) => /^\s*(select|update|delete|with)/i.test(q));
  assert.ok(queries.length > 0, 'the call ran no query');
  return queries.map((q) => {
    const params = (q.match(/\?/g) ?? []).map(() => null);
    const rows = sqlite.prepare(`explain query plan ${q}`).all(...params) as Array<{ detail: string }>;
    return `${q.slice(0, 60)}… → ${rows.map((r) => r.detail).join(' | ')}`;
  });
}

/** The plan of one SQL text, as plansOf writes it. */
function explain(q: string): string {
  const params = (q.match(/\?/g) ?? []).map(() => null);
  const rows = sqlite.prepare(`explain query plan ${q}`).all(...params) as Array<{ detail: string }>;
  return `${q.trim().slice(0, 60)}… → ${rows.map((r) => r.detail).join(' | ')}`;
}

/** No full scan of comments or articles, and no sort the index could have given. */
function assertIndexed(plans: string[]): void {
  for (const plan of plans) {
    assert.doesNotMatch(plan, /SCAN (comments|articles|parent)(?! USING)/, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE FOR ORDER BY/, plan);
  }
}

const comment = (fields: Partial<NewComment> = {}): NewComment => newComment(siteId, fields);

describe('query plans of the hot paths', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-plan-'));
    sqlite = new Database(join(dir, 'parley.db'));
    sqlite.pragma('journal_mode = WAL');
    db = drizzle({ client: recording(sqlite) });
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    store = new SqliteStore(db);
    siteId = (await store.saveSite('news', siteSettingsSchema.parse({ origins: ['https://news.example.org'] }), 0)).site.id;
    const first = await store.insertComment(comment(), { duplicate: false, floodSince: null });
    assert.ok(first.ok);
    articleId = first.article.id;
    await store.insertComment(comment({ status: 'pending', bodySource: 'Held', createdAt: 2000 }), { duplicate: false, floodSince: null });
  });

  after(() => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a thread's rows, decoded by the store's own mapper, are exactly Drizzle's", async () => {
    const reply = await store.insertComment(comment({ moderator: true, parentId: 1, depth: 2, url: 'https://amal.example/', createdAt: 4000 }), {
      duplicate: false,
      floodSince: null,
    });
    assert.ok(reply.ok);
    sqlite.prepare('update comments set deleted = 1, edited_at = 5000 where id = 1').run();
    const expected = db
      .select(publicCommentColumns)
      .from(comments)
      .where(and(eq(comments.articleId, articleId), eq(comments.status, 'approved')))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .all();
    assert.deepEqual(await store.listApproved(articleId), expected);
    assert.ok(expected.some((c) => c.deleted && c.editedAt === 5000) && expected.some((c) => c.moderator));
    sqlite.prepare('update comments set deleted = 0, edited_at = null where id = 1').run();
  });

  test('a thread is read from the (article, status, created) index, already in order', async () => {
    const plans = await plansOf(() => store.listApproved(articleId));
    assertIndexed(plans);
    assert.match(plans.join('\n'), /comments_article_status_created \(article_id=\? AND status=\?\)/);
  });

  test('a thread whose rows are in memory reads the index alone; missing rows are read by their ids', async () => {
    await store.listApproved(articleId);
    const plans = await plansOf(() => store.listApproved(articleId));
    assertIndexed(plans);
    assert.equal(plans.length, 1, plans.join('\n'));
    assert.match(plans.join('\n'), /USING COVERING INDEX comments_article_status_created \(article_id=\? AND status=\?\)/);
    assert.match(explain(ROWS_BY_IDS_SQL), /SEARCH comments USING INTEGER PRIMARY KEY \(rowid=\?\)/);
  });

  /** The plan of a big article's page as the store runs it (sqlite.ts: the `shape` statement). */
  const pagePlan = (query: Parameters<typeof pageStatement>[1]) => explain(pageStatement(articleId, query, true).text);
  const cursor = { createdAt: 1000, id: 1, reactions: 2 };

  test("a big article's page seeks its order's index (after a cursor too), its replies through the parent index, never a sort", () => {
    const cases: Array<[Parameters<typeof pageStatement>[1], RegExp]> = [
      [{ sort: 'oldest', after: null, roots: 21 }, /COVERING INDEX comments_article_status_created \(article_id=\? AND status=\?\)/],
      [{ sort: 'newest', after: cursor, roots: 21 }, /COVERING INDEX comments_article_status_created \(article_id=\? AND status=\? AND created_at<\?\)/],
      [{ sort: 'best', after: null, roots: 21 }, /INDEX comments_article_best \(article_id=\?\)/],
      [{ sort: 'best', after: cursor, roots: 21 }, /INDEX comments_article_best \(article_id=\? AND reactions<\?\)/],
      [{ sort: 'oldest', after: cursor, roots: 21, featured: true }, /INDEX comments_article_featured \(article_id=\? AND status=\? AND featured=\? AND created_at>\?\)/],
      [{ sort: 'newest', after: null, roots: 21, featured: true }, /INDEX comments_article_featured \(article_id=\? AND status=\? AND featured=\?\)/],
    ];
    for (const [query, index] of cases) {
      const plan = pagePlan(query);
      assertIndexed([plan]);
      assert.match(plan, index);
      assert.match(plan, /SEARCH c USING INDEX comments_parent \(parent_id=\?\)/);
      // The count: all approved through the article index, minus the deleted ones through their own.
      assert.match(plan, /COVERING INDEX comments_article_deleted \(article_id=\? AND status=\? AND deleted=\?\)/);
    }
  });

  test('a page around an anchor finds it by id, else by its old id in the source index, walks up by id, and counts those before it in a range of the index', () => {
    for (const sort of ['oldest', 'newest', 'best'] as const) {
      const plan = pagePlan({ sort, after: null, roots: 21, around: anchorLookup('comment-12') });
      // D1 refuses more than 100 bound parameters; the largest page statement binds a handful.
      assert.ok(pageStatement(articleId, { sort, after: null, roots: 21, featured: true, around: anchorLookup('comment-12') }).params.length <= 20);
      assert.doesNotMatch(plan, /SCAN (comments|articles)(?! USING)/, plan);
      assert.match(plan, /SEARCH comments USING INDEX comments_source \(source_site_id=\? AND source=\? AND source_id=\?\)/);
      // The one sort: the old id's rows from two sources (WordPress and Disqus spell it alike), oldest first.
      assert.equal(plan.match(/TEMP B-TREE FOR ORDER BY/g)?.length, 1, plan);
      assert.match(plan, sort === 'best' ? /comments_article_best \(article_id=\? AND reactions>\?\)/ : new RegExp(`comments_article_status_created \\(article_id=\\? AND status=\\? AND created_at${sort === 'oldest' ? '<' : '>'}\\?\\)`));
    }
  });

  test('counts look each key up in the (site, key) index and count through the article index', async () => {
    const plans = await plansOf(() => store.countApproved(siteId, ['/a', '/b', '/c']));
    assertIndexed(plans);
    assert.match(plans.join('\n'), /articles_site_key \(site_id=\? AND key=\?\)/);
    assert.match(plans.join('\n'), /comments_article_status_created \(article_id=\? AND status=\?\)/);
  });

  test('a site and an article are found by their unique indexes', async () => {
    const plans = [...(await plansOf(() => store.getSite('news'))), ...(await plansOf(() => store.getArticle(siteId, '/a')))];
    assertIndexed(plans);
    assert.match(plans.join('\n'), /sites_slug_unique \(slug=\?\)/);
    assert.match(plans.join('\n'), /articles_site_key \(site_id=\? AND key=\?\)/);
  });

  test('the checks before a comment (first-time, flood by email or IP, duplicate) use indexes', async () => {
    const plans = await plansOf(() =>
      store.authorHistory({ siteId, articleId, name: 'Amal', email: 'Amal@example.org', ip: '192.0.2.0', bodySource: 'Hello', floodSince: 0 }),
    );
    assertIndexed(plans);
    const all = plans.join('\n');
    assert.match(all, /comments_email_lower \(<expr>=\? AND status=\?\)/);
    assert.match(all, /comments_ip_created \(ip=\? AND created_at>\?\)/);
    // Flood control counts the site's comments only: each candidate's article is looked up by its key, not scanned.
    assert.match(all, /max\(.*SEARCH articles (EXISTS )?USING INTEGER PRIMARY KEY/);
    // The duplicate check reads this email's comments, not the whole thread: no plan of it may use the article index.
    assert.doesNotMatch(all, /comments_article_status_created/);
  });

  test('the checks inside the insert transaction use indexes too', async () => {
    const plans = await plansOf(() =>
      store.insertComment(comment({ bodySource: 'Another', createdAt: 3000 }), { duplicate: true, floodSince: 0 }),
    );
    assertIndexed(plans);
    assert.doesNotMatch(plans.join('\n'), /comments_article_status_created/, 'the duplicate check walked the thread');
    // Nor all of the author's comments: it seeks their rows on this article with this text's hash (email, status, article, hash).
    assert.match(plans.join('\n'), /comments_email_lower \(<expr>=\? AND status=\? AND article_id=\? AND body_hash=\?\)/);
  });

  test('a comment is found by its id, with its article and site', async () => {
    const plans = [...(await plansOf(() => store.findComment(1))), ...(await plansOf(() => store.getAdminComment(1)))];
    assertIndexed(plans);
    assert.match(plans.join('\n'), /SEARCH comments USING INTEGER PRIMARY KEY/);
  });

  test('every index of the comments table is used by a query the store runs (none is only a cost on insert)', async (t) => {
    const uses: Array<[string, string[]]> = [
      ['a thread', await plansOf(() => store.listApproved(articleId))],
      ['the pending queue', await plansOf(() => store.listComments({ status: 'pending', limit: 51 }))],
      ['first-time and flood checks', await plansOf(() => store.authorHistory({ siteId, articleId, name: 'Amal', email: 'amal@example.org', ip: '192.0.2.0', bodySource: 'Hello', floodSince: 0 }))],
      ['an author\'s delete (has it replies?)', await plansOf(async () => {
        const extra = await store.insertComment(comment({ bodySource: 'To be deleted', createdAt: 4000 }), { duplicate: false, floodSince: null });
        assert.ok(extra.ok);
        executed.length = 0;
        await store.deleteComment(extra.comment.id);
      })],
      ['an author\'s comments (the queue\'s author filter)', await plansOf(() => store.listComments({ author: '0'.repeat(32), limit: 51 }))],
      // Import batches (their statements are prepared by sqlite-import.ts; explained here as written).
      ['a best page of a big article', [pagePlan({ sort: 'best', after: null, roots: 21 })]],
      ['a featured page of a big article', [pagePlan({ sort: 'oldest', after: null, roots: 21, featured: true })]],
      ['an import batch: parents by source id', [importQueries.SETTLED_PARENT].map(explain)],
      ['an import batch: replies waiting for their parent', [importQueries.COUNT_UNLINKED].map(explain)],
    ];
    const indexes = (sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'comments' and sql is not null").all() as Array<{ name: string }>).map((r) => r.name);
    for (const index of indexes) {
      const users = uses.filter(([, plans]) => plans.some((p) => new RegExp(`\\b${index}\\b`).test(p))).map(([what]) => what);
      t.diagnostic(`${index}: ${users.join(', ') || 'UNUSED'}`);
      assert.ok(users.length > 0, `${index} is used by no query`);
    }
  });

  test('the pending queue comes from the (status, created) index newest first, and a later page starts at its cursor', async () => {
    const first = await plansOf(() => store.listComments({ status: 'pending', limit: 51 }));
    const later = await plansOf(() => store.listComments({ status: 'pending', limit: 51, before: { createdAt: 2000, id: 2 } }));
    const bySite = await plansOf(() => store.listComments({ status: 'pending', siteId, limit: 51 }));
    for (const plans of [first, later, bySite]) assertIndexed(plans);
    assert.match(first.join('\n'), /comments_status_created \(status=\?\)/);
    assert.match(later.join('\n'), /comments_status_created \(status=\? AND created_at<\?\)/);
  });

  test("the ban check of a new comment looks each of its keys up in the (site, kind, value) index", async () => {
    const plans = await plansOf(() => store.activeBan(siteId, { email: 'amal@example.org', domain: 'example.org', ip: '192.0.2.0' }, 0));
    assert.match(plans.join('\n'), /bans_site_kind_value \(site_id=\? AND kind=\? AND value=\?\)/);
    assert.doesNotMatch(plans.join('\n'), /SCAN bans/);
  });

  test("a queue page's author histories are one grouped query through the email index", async () => {
    const plans = await plansOf(() => store.authorCounts([{ siteId, email: 'amal@example.org' }, { siteId, email: 'bea@example.org' }]));
    assert.equal(plans.length, 1);
    assertIndexed(plans);
    assert.match(plans.join('\n'), /comments_email_lower \(<expr>=\?\)/);
  });

  test("an author's comments (the queue's author filter, approve all pending) are read through the avatar index", async () => {
    const plans = [
      ...(await plansOf(() => store.listComments({ author: '0'.repeat(32), limit: 51 }))),
      ...(await plansOf(() => store.pendingByAuthor(siteId, '0'.repeat(32), 501))),
    ];
    for (const plan of plans) assert.doesNotMatch(plan, /SCAN (comments|articles)(?! USING)/, plan);
    assert.match(plans.join('\n'), /comments_avatar \(avatar=\?\)/);
  });

  test("the D1 store finds a new comment for its mails and events by the newest id, not by scanning for its token's hash", () => {
    // The same SQL the D1 insert batch runs, explained here on Node's SQLite.
    const input = comment({ editTokenHash: 'h'.repeat(64), siteId, mails: [{ siteId, kind: 'moderator.held', to: 'mod@example.org', createdAt: 1 }] });
    input.events = [{ eventId: 'e1', siteId, url: 'https://hooks.example.invalid/', payload: '{}', createdAt: 1 }];
    const articleOf = sql`(select id from articles where site_id = ${siteId} and key = '/a')`;
    const dialect = new SQLiteSyncDialect();
    for (const withHash of [input, { ...input, editTokenHash: null }]) {
      const statements = [...mailsOfNewComment(withHash, articleOf), ...eventsOfNewComment(withHash, articleOf)];
      assert.equal(statements.length, 2);
      for (const statement of statements) {
        const plan = explain(dialect.sqlToQuery(statement).sql);
        assert.doesNotMatch(plan, /SCAN comments(?! USING)/, plan);
        assert.match(plan, /SEARCH comments USING INTEGER PRIMARY KEY \(rowid=\?\)/, plan);
      }
    }
  });
});
