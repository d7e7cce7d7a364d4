// The insert's duplicate check (same author, same text, same article) through the email index's
// (email, status, article, body hash) seek: it gives the answers the verdict defines for every status,
// whoever changed a text and whether its hash is known.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { commentStatuses } from '../src/db/schema.js';
import { MIGRATIONS_DIR } from '../src/node/database.js';
import { bodyHash } from '../src/store/body-hash.js';
import { SqliteStore } from '../src/store/sqlite-moderation.js';
import type { NewComment } from '../src/store/types.js';
import { newComment } from './new-comment.js';

let dir: string;
let sqlite: Database.Database;
let store: SqliteStore;
let siteId: number;

const comment = (fields: Partial<NewComment>): NewComment => newComment(siteId, { articleUrl: null, articleTitle: null, ...fields });

const insert = (fields: Partial<NewComment>) => store.insertComment(comment(fields), { duplicate: true, floodSince: null });

describe('the duplicate check inside the insert', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-dup-'));
    sqlite = new Database(join(dir, 'parley.db'));
    sqlite.pragma('journal_mode = WAL');
    const db = drizzle({ client: sqlite });
    migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    store = new SqliteStore(db);
    siteId = (await store.saveSite('news', siteSettingsSchema.parse({ origins: ['https://news.example.org'] }), 0)).site.id;
  });

  after(() => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const status of commentStatuses) {
    test(`the same text by the same email (any case) on the same article, held as ${status}, is ${status === 'trash' ? 'not ' : ''}a duplicate`, async () => {
      const body = `Words kept as ${status}.`;
      const first = await insert({ bodySource: body, email: 'dup@example.org' });
      assert.ok(first.ok);
      sqlite.prepare('update comments set status = ? where id = ?').run(status, first.comment.id);
      const again = await insert({ bodySource: body, email: 'DUP@Example.org' });
      if (status === 'trash') assert.ok(again.ok, 'a trashed comment may be said again');
      else assert.deepEqual(again, { ok: false, reason: 'duplicate' });
    });
  }

  test('the same text on another article, by another email, or a different text is no duplicate', async () => {
    assert.ok((await insert({ bodySource: 'Once.', email: 'one@example.org' })).ok);
    assert.ok((await insert({ bodySource: 'Once.', email: 'one@example.org', articleKey: '/b' })).ok);
    assert.ok((await insert({ bodySource: 'Once.', email: 'two@example.org' })).ok);
    assert.ok((await insert({ bodySource: 'Once more.', email: 'one@example.org' })).ok);
  });

  test('a comment whose text was edited is a duplicate of its new text, not of its old one', async () => {
    const first = await insert({ bodySource: 'First words.', email: 'edits@example.org' });
    assert.ok(first.ok);
    await store.updateBody(first.comment.id, { bodySource: 'Second thoughts.', html: '<p>Second thoughts.</p>', editedAt: 1500 });
    assert.deepEqual(await insert({ bodySource: 'Second thoughts.', email: 'edits@example.org' }), { ok: false, reason: 'duplicate' });
    assert.ok((await insert({ bodySource: 'First words.', email: 'edits@example.org' })).ok);
  });

  test('a text changed by any writer (SQL, another process) is still found, with or without a known hash', async () => {
    const first = await insert({ bodySource: 'Before.', email: 'writer@example.org' });
    assert.ok(first.ok);
    sqlite.prepare('update comments set body_source = ? where id = ?').run('After.', first.comment.id);
    const row = sqlite.prepare('select body_hash as h from comments where id = ?').get(first.comment.id) as { h: number };
    assert.equal(row.h, 0, 'a changed body leaves its hash unknown');
    assert.deepEqual(await insert({ bodySource: 'After.', email: 'writer@example.org' }), { ok: false, reason: 'duplicate' });
    // A row written without a hash (an import, a row from before it) is read too.
    const imported = await insert({ bodySource: 'Imported words.', email: 'old@example.org' });
    assert.ok(imported.ok);
    sqlite.prepare('update comments set body_hash = 0 where id = ?').run(imported.comment.id);
    assert.deepEqual(await insert({ bodySource: 'Imported words.', email: 'old@example.org' }), { ok: false, reason: 'duplicate' });
  });

  test('texts whose hashes collide are told apart by the text itself', async () => {
    const first = await insert({ bodySource: 'One text.', email: 'collide@example.org' });
    assert.ok(first.ok);
    // Give the row the hash of another text, as a collision would.
    sqlite.prepare('update comments set body_hash = ? where id = ?').run(bodyHash('Other text.'), first.comment.id);
    assert.ok((await insert({ bodySource: 'Other text.', email: 'collide@example.org' })).ok);
  });

  test('an author with many comments on other articles is still checked on this one', async () => {
    for (let i = 0; i < 30; i++) assert.ok((await insert({ bodySource: 'Often said.', email: 'busy@example.org', articleKey: `/many-${i}` })).ok);
    assert.deepEqual(await insert({ bodySource: 'Often said.', email: 'busy@example.org', articleKey: '/many-7' }), { ok: false, reason: 'duplicate' });
  });
});
