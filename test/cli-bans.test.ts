// `parley ban add|list|lift` on a real database file: normalised values, the audit log, and clear
// refusals (exit 2 for bad input, 1 for what is not there or already banned) that store nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';

describe('parley ban', () => {
  let dir: string;
  let dbFile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-bans-'));
    dbFile = join(dir, 'parley.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const parley = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, PARLEY_DB: dbFile }, encoding: 'utf8' });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const rows = <T>(sql: string) => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };

  test('adds, lists and lifts bans, normalised and audited; bad input is refused and stores nothing', () => {
    assert.equal(parley('site', 'add', 'news', '--origin', 'https://news.example.org').code, 0);
    const added = parley('ban', 'add', '--site', 'news', '--kind', 'domain', '--value', '@Spam.Example', '--note', 'From the CLI');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /^1\tdomain\tspam\.example\tactive\tfor good\tFrom the CLI$/m);
    const ip = parley('ban', 'add', '--site', 'news', '--kind', 'ip', '--value', '203.0.113.9', '--until', '2099-01-01');
    assert.equal(ip.code, 0, ip.err);
    assert.match(ip.out, /203\.0\.113\.0\tactive\t2099-01-01T00:00:00\.000Z/);

    const refusals: Array<[string[], number, RegExp]> = [
      [['ban', 'add', '--site', 'news', '--kind', 'name', '--value', 'x'], 2, /--kind: The kind is email, ip or domain/],
      [['ban', 'add', '--site', 'news', '--kind', 'email', '--value', 'nope'], 2, /--value: This is not an email address/],
      [['ban', 'add', '--site', 'news', '--kind', 'email', '--value', 'a@b.example', '--until', '2001-01-01'], 2, /--until: Until must be in the future/],
      [['ban', 'add', '--site', 'nowhere', '--kind', 'ip', '--value', '192.0.2.1'], 1, /There is no such site/],
      [['ban', 'add', '--site', 'news', '--kind', 'domain', '--value', 'SPAM.example'], 1, /already banned/],
      [['ban', 'lift', 'x', '--site', 'news'], 2, /ID is the number/],
      [['ban', 'lift', '99', '--site', 'news'], 1, /There is no such ban/],
      [['ban', 'undo'], 2, /ban add, ban list or ban lift/],
    ];
    for (const [args, code, message] of refusals) {
      const result = parley(...args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.err}`);
      assert.match(result.err, message);
    }
    assert.equal(rows('select id from bans').length, 2);

    const listed = parley('ban', 'list', '--site', 'news');
    assert.equal(listed.out.trim().split('\n').length, 2);
    const lifted = parley('ban', 'lift', '1', '--site', 'news');
    assert.equal(lifted.code, 0, lifted.err);
    assert.deepEqual(rows<{ value: string }>('select value from bans'), [{ value: '203.0.113.0' }]);
    const audit = rows<{ actor_type: string; actor_name: string; action: string }>("select actor_type, actor_name, action from audit_log where action like 'ban.%' order by id");
    assert.deepEqual(audit.map((a) => `${a.actor_type}/${a.actor_name}/${a.action}`), ['system/command line/ban.create', 'system/command line/ban.create', 'system/command line/ban.lift']);
  });
});
