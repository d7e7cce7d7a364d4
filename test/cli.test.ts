import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { openDatabase } from '../src/node/database.js';

describe('the parley command line', () => {
  let dir: string;
  let dbFile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    dbFile = join(dir, 'parley.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const parley = (args: string[], input?: string, viaNpx = false) => {
    const env = { ...process.env, PARLEY_DB: dbFile };
    const result = viaNpx
      ? spawnSync('npx', ['--no-install', 'parley', ...args], { env, input, encoding: 'utf8' })
      : spawnSync(process.execPath, ['bin/parley.js', ...args], { env, input, encoding: 'utf8' });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  test('npx parley moderator add creates a moderator who can then sign in', async () => {
    const added = parley(['moderator', 'add', '--email', 'Editor@News.example', '--name', 'Ed Itor', '--password-stdin'], 'hunter2hunter2\n', true);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /Created moderator editor@news\.example/);
    const sqlite = new Database(dbFile, { readonly: true });
    const row = sqlite.prepare('select email, name, password_hash from moderators').get() as { email: string; name: string; password_hash: string };
    sqlite.close();
    assert.equal(row.email, 'editor@news.example');
    assert.match(row.password_hash, /^pbkdf2-sha256\$100000\$/);
    assert.ok(!row.password_hash.includes('hunter2'));

    const database = openDatabase(dbFile);
    try {
      const app = createApp({ store: database.store, config: parseConfig({ PARLEY_DB: dbFile, PARLEY_LOG: 'false' }), secret: 'x'.repeat(32) });
      const signIn = (password: string) =>
        app.request('http://parley.test/api/admin/session', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'editor@news.example', password }),
        });
      assert.equal((await signIn('wrong-password')).status, 401);
      const ok = await signIn('hunter2hunter2');
      assert.equal(ok.status, 200);
      assert.deepEqual(((await ok.json()) as { moderator: unknown }).moderator, { id: 1, email: 'editor@news.example', name: 'Ed Itor' });
    } finally {
      database.close();
    }
  });

  test('moderator list shows moderators; a short password or a bad email is refused with exit code 2', () => {
    assert.match(parley(['moderator', 'list']).out, /1\teditor@news\.example\tEd Itor/);
    const short = parley(['moderator', 'add', '--email', 'b@news.example', '--name', 'B', '--password-stdin'], 'short\n');
    assert.equal(short.code, 2);
    assert.match(short.err, /at least 8 characters/);
    const bad = parley(['moderator', 'add', '--email', 'not-an-email', '--name', 'B', '--password-stdin'], 'longenough\n');
    assert.equal(bad.code, 2);
    assert.doesNotMatch(parley(['moderator', 'list']).out, /b@news/);
  });

  test('token create prints a token once, stores only its hash, and the token works until revoked', async () => {
    const created = parley(['token', 'create', '--name', 'ci']);
    assert.equal(created.code, 0, created.err);
    const token = created.out.trim();
    assert.match(token, /^pt_[A-Za-z0-9_-]{40,}$/);
    assert.equal(parley(['token', 'create', '--name', 'ci']).code, 1, 'names are unique');
    const sqlite = new Database(dbFile, { readonly: true });
    const stored = sqlite.prepare('select token_hash from api_tokens').all() as Array<{ token_hash: string }>;
    sqlite.close();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]?.token_hash, token);

    const statsWith = async () => {
      const database = openDatabase(dbFile);
      try {
        const app = createApp({ store: database.store, config: parseConfig({ PARLEY_DB: dbFile, PARLEY_LOG: 'false' }), secret: 'x'.repeat(32) });
        return (await app.request('/api/admin/stats', { headers: { Authorization: `Bearer ${token}` } })).status;
      } finally {
        database.close();
      }
    };
    assert.equal(await statsWith(), 200);
    assert.match(parley(['token', 'list']).out, /\tci\t/);
    assert.equal(parley(['token', 'revoke', 'ci']).code, 0);
    assert.equal(await statsWith(), 401);
    assert.equal(parley(['token', 'revoke', 'ci']).code, 1);
  });

  test('site add creates a site with its origins; duplicates and bad origins are refused', () => {
    const added = parley(['site', 'add', 'blog', '--origin', 'https://blog.example', '--origin', 'https://www.blog.example']);
    assert.equal(added.code, 0, added.err);
    assert.equal(parley(['site', 'add', 'blog', '--origin', 'https://blog.example']).code, 1);
    assert.equal(parley(['site', 'add', 'other', '--origin', 'javascript:alert(1)']).code, 2);
    assert.equal(parley(['site', 'add', 'Bad Slug!', '--origin', 'https://x.example']).code, 2);
    assert.equal(parley(['site', 'add', 'noorigin']).code, 2);
    assert.match(parley(['site', 'list']).out, /^blog\thttps:\/\/blog\.example https:\/\/www\.blog\.example$/m);
    assert.doesNotMatch(parley(['site', 'list']).out, /other|noorigin/);
  });

  test('unknown commands and no command print usage and exit 2', () => {
    const none = parley([]);
    assert.equal(none.code, 2);
    assert.match(none.out, /Usage: parley <command>/);
    const unknown = parley(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command/);
    assert.equal(parley(['--help']).code, 0);
  });
});
