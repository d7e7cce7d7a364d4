// GET /healthz and GET /readyz, on Node and (through worker-public) on the Worker with D1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectedMigrations } from '../src/db/migrations.js';
import { startService, type Service } from './helpers.js';

describe('health and readiness', () => {
  let s: Service;
  before(async () => {
    s = await startService();
  });
  after(() => s.close());

  test('GET /healthz answers 200 while the database answers', async () => {
    const res = await s.request('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });

  test('GET /readyz answers 200 with the number of migrations applied, and is never cached', async () => {
    const res = await s.request('/readyz');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await res.json(), { ready: true, migrations: expectedMigrations.length });
    assert.ok(expectedMigrations.length >= 4, 'the build carries its migrations');
  });

  test('GET /readyz answers 503 naming a migration the database has not applied, and 200 once it has', async () => {
    const latest = s.rows<{ hash: string; created_at: number }>('select hash, created_at from __drizzle_migrations order by created_at desc limit 1')[0];
    assert.ok(latest, 'the database records its migrations');
    s.sqlite.prepare('delete from __drizzle_migrations where created_at = ?').run(latest.created_at);
    try {
      const res = await s.request('/readyz');
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { ready: false, problems: [`migrations not applied: ${expectedMigrations.at(-1)}`] });
    } finally {
      s.sqlite.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run(latest.hash, latest.created_at);
    }
    const again = await s.request('/readyz');
    assert.equal(again.status, 200);
  });

  test('a database migrated by wrangler (d1_migrations, by file name) counts as migrated too', async () => {
    const all = s.rows<{ hash: string; created_at: number }>('select hash, created_at from __drizzle_migrations');
    s.sqlite.exec('create table d1_migrations (id integer primary key autoincrement, name text unique, applied_at timestamp not null default current_timestamp)');
    try {
      const insert = s.sqlite.prepare('insert into d1_migrations (name) values (?)');
      for (const tag of expectedMigrations) insert.run(`${tag}.sql`);
      s.sqlite.prepare('delete from __drizzle_migrations').run();
      const res = await s.request('/readyz');
      assert.equal(res.status, 200, await res.clone().text());
      assert.deepEqual(await res.json(), { ready: true, migrations: expectedMigrations.length });
    } finally {
      s.sqlite.exec('drop table if exists d1_migrations');
      const restore = s.sqlite.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)');
      for (const row of all) restore.run(row.hash, row.created_at);
    }
  });
});

describe('GET /metrics where the entry injects no metrics (the Worker)', () => {
  let s: Service;
  before(async () => {
    s = await startService({ env: { PARLEY_METRICS_TOKEN: 'scrape-token-0123456789abcdef' } });
  });
  after(() => s.close());

  test('is the contract\'s 404 even with PARLEY_METRICS_TOKEN set and the right bearer token', async () => {
    const res = await s.request('/metrics', { headers: { Authorization: 'Bearer scrape-token-0123456789abcdef' } });
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
  });
});
