// The Node store's group commit: comments that arrive together are written in one transaction, each
// undone alone when it fails, whether it wrote one statement (no savepoint) or several (its own
// savepoint), and a comment after a failed one on the same article sees the article as it really is.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { MIGRATIONS_DIR } from '../src/node/database.js';
import { SqliteStore } from '../src/store/sqlite-moderation.js';
import type { NewComment, NewOutboxEvent } from '../src/store/types.js';
import { newComment } from './new-comment.js';

let dir: string;
let sqlite: Database.Database;
let store: SqliteStore;
let siteId: number;

const comment = (fields: Partial<NewComment>): NewComment => newComment(siteId, fields);

const event = (eventId: string): NewOutboxEvent => ({
  eventId,
  siteId,
  url: 'https://hooks.example.org/in',
  payload: JSON.stringify({ type: 'comment.created', data: { comment: { id: 0, articleUrl: null, articleTitle: null } } }),
  createdAt: 1000,
});

const insert = (fields: Partial<NewComment>) => store.insertComment(comment(fields), { duplicate: true, floodSince: null });
const count = (where: string) => (sqlite.prepare(`select count(*) as n from comments where ${where}`).get() as { n: number }).n;

describe('group commit', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-group-'));
    sqlite = new Database(join(dir, 'parley.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle({ client: sqlite });
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    store = new SqliteStore(db);
    siteId = (await store.saveSite('news', siteSettingsSchema.parse({ origins: ['https://news.example.org'] }), 0)).site.id;
    // Refuses what names itself so: a comment insert, or a webhook event, that cannot be stored.
    sqlite.exec(`CREATE TRIGGER refuse_comment BEFORE INSERT ON comments WHEN new.name = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused'); END;
      CREATE TRIGGER refuse_event BEFORE INSERT ON webhook_outbox WHEN new.event_id LIKE 'refused%' BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
  });

  after(() => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('comments posted together are all written in one transaction', async () => {
    const before = [...store.groupCommits.entries()];
    const results = await Promise.all([1, 2, 3].map((n) => insert({ bodySource: `Together ${n}`, email: `t${n}@example.org` })));
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(
      [...store.groupCommits.entries()].filter(([size, n]) => n !== (before.find(([s]) => s === size)?.[1] ?? 0)).map(([size]) => size),
      [3],
    );
  });

  test('a lone insert that fails is undone alone: the comments before and after it on the same article are stored', async () => {
    const [first, refused, last] = await Promise.allSettled([
      insert({ bodySource: 'Before the refused one.', articleKey: '/lone' }),
      insert({ bodySource: 'Refused words.', name: 'Refused', articleKey: '/lone' }),
      insert({ bodySource: 'After the refused one.', articleKey: '/lone' }),
    ]);
    assert.equal(first.status, 'fulfilled');
    assert.equal(refused.status, 'rejected');
    assert.equal(last.status, 'fulfilled');
    assert.equal(count("body_source like '%the refused one.'"), 2);
    assert.equal(count("body_source = 'Refused words.'"), 0);
  });

  test('a comment that created its article and then failed takes the article with it; the next one on that article creates it again', async () => {
    const [refused, next] = await Promise.allSettled([
      store.insertComment(comment({ bodySource: 'Announced, not stored.', articleKey: '/fresh', events: [event('refused-1')] }), { duplicate: true, floodSince: null }),
      insert({ bodySource: 'Stored on the fresh article.', articleKey: '/fresh' }),
    ]);
    assert.equal(refused.status, 'rejected');
    assert.equal(next.status, 'fulfilled');
    assert.ok(next.status === 'fulfilled' && next.value.ok);
    const articles = sqlite.prepare("select id from articles where key = '/fresh'").all() as Array<{ id: number }>;
    assert.equal(articles.length, 1);
    assert.equal(next.value.article.id, articles[0]?.id);
    assert.equal(count("body_source = 'Announced, not stored.'"), 0);
    assert.equal(count(`body_source = 'Stored on the fresh article.' and article_id = ${articles[0]?.id}`), 1);
  });

  test('a comment whose event fails on an existing article is undone with its event; the others keep theirs', async () => {
    const [stored, refused, also] = await Promise.allSettled([
      store.insertComment(comment({ bodySource: 'Announced and stored.', events: [event('kept-1')] }), { duplicate: true, floodSince: null }),
      store.insertComment(comment({ bodySource: 'Announced, refused.', events: [event('refused-2')] }), { duplicate: true, floodSince: null }),
      insert({ bodySource: 'Not announced, stored.' }),
    ]);
    assert.deepEqual([stored.status, refused.status, also.status], ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(count("body_source in ('Announced and stored.', 'Not announced, stored.')"), 2);
    assert.equal(count("body_source = 'Announced, refused.'"), 0);
    const events = sqlite.prepare('select event_id as id from webhook_outbox order by id').all() as Array<{ id: string }>;
    assert.deepEqual(events.map((e) => e.id), ['kept-1']);
  });

  test('a comment that fills in its article, on an article another comment of the group read, shows what it filled in', async () => {
    sqlite.prepare("insert into articles (site_id, key, url, title, first_comment_at) values (?, '/bare', null, null, 1)").run(siteId);
    const [plain, filling] = await Promise.all([
      insert({ bodySource: 'No address given.', articleKey: '/bare', articleUrl: null, articleTitle: null }),
      insert({ bodySource: 'Address given.', articleKey: '/bare', articleUrl: 'https://news.example.org/bare', articleTitle: 'Bare' }),
    ]);
    assert.ok(plain?.ok && filling?.ok);
    assert.equal(plain.articleChanged, false);
    assert.equal(filling.articleChanged, true);
    assert.equal(filling.article.url, 'https://news.example.org/bare');
    assert.equal(filling.article.title, 'Bare');
  });
});
