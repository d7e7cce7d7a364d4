// `parley moderator …` and `parley token …` with roles and sites: the safe defaults, checks, the
// last admin, and tokens limited to their sites, through the real command and a real database.
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

describe('roles on the parley command line', () => {
  let dir: string;
  let dbFile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-roles-'));
    dbFile = join(dir, 'parley.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const parley = (args: string[], input?: string) => {
    const result = spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, PARLEY_DB: dbFile }, input, encoding: 'utf8' });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const add = (email: string, ...extra: string[]) => parley(['moderator', 'add', '--email', email, '--name', email.split('@')[0] ?? 'x', '--password-stdin', ...extra], 'long-enough-password\n');
  const roles = () => {
    const sqlite = new Database(dbFile, { readonly: true });
    try {
      return sqlite.prepare('select email, role, sites from moderators order by id').all() as Array<{ email: string; role: string; sites: string }>;
    } finally {
      sqlite.close();
    }
  };

  test('moderator add: the first account is an admin, a later one without --role a moderator of --sites; a bad role or an unknown site is refused and nothing is stored', () => {
    assert.equal(parley(['site', 'add', 'news', '--origin', 'https://news.example']).code, 0);
    assert.equal(parley(['site', 'add', 'other', '--origin', 'https://other.example']).code, 0);
    const first = add('first@staff.example');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Created moderator first@staff\.example \(admin\)/);
    const second = add('second@staff.example', '--sites', 'news');
    assert.match(second.out, /\(moderator of news\)/);
    assert.equal(add('third@staff.example', '--role', 'moderator', '--sites', 'news,nowhere').code, 2);
    assert.equal(add('third@staff.example', '--role', 'boss').code, 2);
    assert.deepEqual(roles().map((r) => r.email), ['first@staff.example', 'second@staff.example']);
    // A password reset keeps the role and sites.
    assert.match(add('second@staff.example').out, /Updated moderator second@staff\.example \(moderator of news\)/);
    assert.match(parley(['moderator', 'list']).out, /2\tsecond@staff\.example\tsecond\tmoderator\tnews/);
  });

  test('moderator edit and remove change a role and sites, audited, and never leave the database without an admin', () => {
    const demoteLast = parley(['moderator', 'edit', 'first@staff.example', '--role', 'moderator', '--sites', 'news']);
    assert.equal(demoteLast.code, 1);
    assert.match(demoteLast.err, /at least one admin/);
    assert.equal(parley(['moderator', 'remove', 'first@staff.example']).code, 1);
    assert.equal(parley(['moderator', 'edit', 'second@staff.example', '--role', 'admin']).code, 0);
    assert.equal(parley(['moderator', 'edit', '1', '--role', 'moderator', '--sites', 'news,other']).code, 0);
    assert.deepEqual(roles().map((r) => [r.email, r.role]), [['first@staff.example', 'moderator'], ['second@staff.example', 'admin']]);
    assert.equal(parley(['moderator', 'remove', 'first@staff.example']).code, 0);
    assert.equal(parley(['moderator', 'remove', 'nobody@staff.example']).code, 1);
    const sqlite = new Database(dbFile, { readonly: true });
    const actions = (sqlite.prepare("select action from audit_log where actor_name = 'command line' order by id").all() as Array<{ action: string }>).map((a) => a.action);
    sqlite.close();
    assert.deepEqual(actions, ['moderator.create', 'moderator.create', 'moderator.update', 'moderator.update', 'moderator.remove']);
  });

  test('token create --role moderator --sites makes a token that reaches those sites only; without --role a token is an admin token, as before', async () => {
    const limited = parley(['token', 'create', '--name', 'news-bot', '--role', 'moderator', '--sites', 'news']);
    assert.equal(limited.code, 0, limited.err);
    assert.match(limited.err, /moderator of news/);
    const full = parley(['token', 'create', '--name', 'ci']);
    assert.match(full.err, /admin/);
    assert.equal(parley(['token', 'create', '--name', 'bad', '--role', 'moderator', '--sites', 'nowhere']).code, 2);
    assert.match(parley(['token', 'list']).out, /\tnews-bot\t.*\tmoderator\tnews/);

    const database = openDatabase(dbFile);
    try {
      const app = createApp({ store: database.store, config: parseConfig({ PARLEY_DB: dbFile, PARLEY_LOG: 'false' }), secret: 'x'.repeat(32) });
      const as = (token: string, path: string) => app.request(path, { headers: { Authorization: `Bearer ${token}` } });
      const bot = limited.out.trim();
      assert.deepEqual(await (await as(bot, '/api/admin/sites')).json(), { sites: [{ site: 'news' }] });
      assert.equal((await as(bot, '/api/admin/moderators')).status, 403);
      assert.equal((await as(bot, '/api/admin/comments?site=other')).status, 403);
      assert.equal((await as(full.out.trim(), '/api/admin/moderators')).status, 200);
    } finally {
      database.close();
    }
  });
});
