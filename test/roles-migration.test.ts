// The roles migration on a database from before roles: its moderators and API tokens become admins
// (they could do everything before), and keep working.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createApp } from '../src/app.js';
import { sha256Hex } from '../src/comments/crypto.js';
import { parseConfig } from '../src/config.js';
import { hashPassword } from '../src/moderation/password.js';
import { MIGRATIONS_DIR, openDatabase } from '../src/node/database.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-roles-migration-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations as they were before roles: the folder with its journal cut before `roles`. */
function migrationsBeforeRoles(): string {
  const folder = join(dir, 'drizzle-old');
  cpSync(MIGRATIONS_DIR, folder, { recursive: true });
  const journalFile = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag.endsWith('_roles'));
  assert.ok(at > 0, 'the roles migration is in the journal');
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

test('an old database’s moderators and API tokens become admins in the migration and keep working', async () => {
  const file = join(dir, 'parley.db');
  const old = new Database(file);
  migrate(drizzle({ client: old }), { migrationsFolder: migrationsBeforeRoles() });
  const columns = (old.prepare('pragma table_info(moderators)').all() as Array<{ name: string }>).map((c) => c.name);
  assert.ok(!columns.includes('role'), 'the old schema has no roles');
  old.prepare('insert into moderators (email, name, password_hash, created_at) values (?, ?, ?, ?)').run('old@staff.example', 'Old', await hashPassword('old-password-1'), 1);
  const token = 'pt_old-token-from-before-roles-0123456789abcdef';
  old.prepare('insert into api_tokens (name, token_hash, created_at) values (?, ?, ?)').run('old-ci', await sha256Hex(token), 1);
  old.close();

  const database = openDatabase(file);
  try {
    assert.deepEqual(database.sqlite.prepare('select role, sites from moderators').all(), [{ role: 'admin', sites: '[]' }]);
    assert.deepEqual(database.sqlite.prepare('select role, sites, created_by from api_tokens').all(), [{ role: 'admin', sites: '[]', created_by: null }]);
    const app = createApp({ store: database.store, config: parseConfig({ PARLEY_DB: file, PARLEY_LOG: 'false' }), secret: 'x'.repeat(32) });
    assert.equal((await app.request('/api/admin/moderators', { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    const signIn = await app.request('http://parley.test/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'old@staff.example', password: 'old-password-1' }),
    });
    assert.equal(signIn.status, 200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = (await (await app.request('http://parley.test/api/admin/session', { headers: { Cookie: cookie } })).json()) as { access: unknown };
    assert.deepEqual(me.access, { role: 'admin', sites: [] });
  } finally {
    database.close();
  }
});
