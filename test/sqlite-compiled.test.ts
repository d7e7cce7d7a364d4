// The POST path's statements compiled past Drizzle's prepared queries (src/store/sqlite-compiled.ts)
// answer exactly what Drizzle's own queries answer: same rows, same decoded values.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { articles, comments, sites } from '../src/db/schema.js';
import { MIGRATIONS_DIR } from '../src/node/database.js';
import { compileExists, compileRowQuery } from '../src/store/sqlite-compiled.js';

let sqlite: Database.Database;
let db: ReturnType<typeof drizzle>;
const p = sql.placeholder;

describe('statements compiled past Drizzle', () => {
  before(() => {
    sqlite = new Database(':memory:');
    db = drizzle({ client: sqlite });
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    sqlite.exec(`insert into sites (slug, settings, created_at) values ('news', '{}', 0);
      insert into articles (site_id, key, url, title, closed, first_comment_at) values (1, '/a', 'https://news.example.org/a', 'A', 1, 5);`);
  });

  after(() => sqlite.close());

  test("an insert's returned row and a select's row are decoded as Drizzle decodes them (booleans, nulls, numbers)", () => {
    const insert = compileRowQuery(
      sqlite,
      db
        .insert(comments)
        .values({ articleId: p('articleId'), status: 'approved', name: 'Amal', email: 'a@example.org', avatar: 'x', bodySource: p('body'), html: '<p>Hi</p>', moderator: p('moderator'), createdAt: 7 })
        .returning()
        .toSQL(),
      comments,
    );
    const row = insert({ articleId: 1, body: 'Hi', moderator: true });
    assert.ok(row);
    assert.equal(row.moderator, true);
    assert.equal(row.deleted, false);
    assert.equal(row.url, null);
    assert.deepEqual(row, db.select().from(comments).where(eq(comments.id, row.id)).get());

    const article = compileRowQuery(sqlite, db.select().from(articles).where(and(eq(articles.siteId, p('siteId')), eq(articles.key, p('key')))).toSQL(), articles);
    assert.deepEqual(article({ siteId: 1, key: '/a' }), db.select().from(articles).where(eq(articles.key, '/a')).get());
    assert.equal(article({ siteId: 1, key: '/a' })?.closed, true);
    assert.equal(article({ siteId: 1, key: '/missing' }), undefined);
  });

  test('a missing value is refused, as Drizzle refuses it, instead of binding nothing', () => {
    const article = compileRowQuery(sqlite, db.select().from(articles).where(eq(articles.key, p('key'))).toSQL(), articles);
    assert.throws(() => article({}), /No value for placeholder "key"/);
  });

  test('a statement whose columns are not its table\'s is refused when compiled', () => {
    assert.throws(() => compileRowQuery(sqlite, db.select({ id: sites.id }).from(sites).toSQL(), sites), /not the table's/);
  });

  test('an existence check says whether a row matches', () => {
    const exists = compileExists(sqlite, db.select({ id: articles.id }).from(articles).where(eq(articles.key, p('key'))).toSQL());
    assert.equal(exists({ key: '/a' }), true);
    assert.equal(exists({ key: '/b' }), false);
  });
});
