// The Worker and the Node server are the same service: a bundle with no Node-only code, the same
// schema from the same migrations, and byte-identical results for the same generated comments.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { openDatabase } from '../src/node/database.js';
import { startService, type Service } from './helpers.js';

const wrangler = (args: string[]) =>
  spawnSync('npx', ['--no-install', 'wrangler', ...args], { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } });

describe('the Worker build', () => {
  test('the bundle from wrangler deploy --dry-run contains no Node-only module', () => {
    const out = mkdtempSync(join(tmpdir(), 'parley-bundle-'));
    try {
      const built = wrangler(['deploy', '--dry-run', '--outdir', out]);
      assert.equal(built.status, 0, built.stderr);
      const bundle = readFileSync(join(out, 'worker.js'), 'utf8');
      assert.ok(bundle.length > 10_000, 'a real bundle');
      assert.match(bundle, /createApp|Leave a Reply/, 'it is the Parley app');
      assert.doesNotMatch(bundle, /better-sqlite3/);
      assert.doesNotMatch(bundle, /\b(?:from|import|require\()\s*\(?["']node:/);
      assert.doesNotMatch(bundle, /\b(?:from|require\()\s*\(?["'](?:fs|path|os|child_process|net|http)["']/);
      const sources = (JSON.parse(readFileSync(join(out, 'worker.js.map'), 'utf8')) as { sources: string[] }).sources;
      assert.ok(sources.some((s) => s.includes('src/store/d1')), 'the D1 store is in');
      for (const source of sources) {
        assert.doesNotMatch(source, /better-sqlite3|src\/node\/|src\/store\/sqlite|drizzle-orm\/better-sqlite3|@hono\/node-server/, source);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('wrangler d1 migrations apply --local builds the same schema as the Node server', () => {
    const persist = mkdtempSync(join(tmpdir(), 'parley-d1-schema-'));
    const nodeDir = mkdtempSync(join(tmpdir(), 'parley-node-schema-'));
    try {
      const applied = wrangler(['d1', 'migrations', 'apply', 'parley', '--local', '--persist-to', persist]);
      assert.equal(applied.status, 0, applied.stderr + applied.stdout);
      const d1Dir = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject');
      const file = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
      assert.ok(file, 'D1 made a database file');
      const schema = (db: Database.Database) =>
        db
          .prepare(
            `select type, name, tbl_name, sql from sqlite_master
             where name not like 'sqlite_%' and name not like '\\_cf%' escape '\\' and name not like 'd1_%'
               and name not like '__drizzle%' order by type, name`,
          )
          .all();
      const d1 = new Database(join(d1Dir, file), { readonly: true });
      const node = openDatabase(join(nodeDir, 'parley.db'));
      try {
        const onD1 = schema(d1);
        assert.ok(onD1.length > 20, 'tables, indexes and triggers');
        assert.deepEqual(onD1, schema(node.sqlite));
      } finally {
        d1.close();
        node.close();
      }
    } finally {
      rmSync(persist, { recursive: true, force: true });
      rmSync(nodeDir, { recursive: true, force: true });
    }
  });
});

const bodyParts = fc.constantFrom(
  'plain words',
  '*emphasis*',
  '**strong**',
  '`code`',
  '\n\n',
  '\n',
  '> quoted',
  '- item\n- item',
  '1. one\n2. two',
  'https://example.org/path?q=1',
  '[link](https://example.org)',
  '[bad](javascript:alert(1))',
  '<script>alert(1)</script>',
  '<b onclick=x>raw</b>',
  '```\nfenced <code>\n```',
  'émoji 🎉 عربي',
  '&amp; &lt; &#106;',
);

interface Generated {
  name: string;
  url: string | null;
  body: string;
  parent: number | null;
}

const comment = fc.record({
  name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
  url: fc.option(fc.constantFrom('https://amal.example', 'http://example.org/~me', 'https://example.com/a?b=c&d=e'), { nil: null }),
  body: fc.oneof(
    fc.array(bodyParts, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' ')),
    fc.string({ minLength: 1, maxLength: 300 }),
  ),
  parent: fc.option(fc.nat({ max: 1000 }), { nil: null }),
});

async function postAll(s: Service, comments: Generated[]) {
  const statuses: number[] = [];
  const ids: number[] = [];
  for (const [i, c] of comments.entries()) {
    const parentId = c.parent !== null && ids.length > 0 ? ids[c.parent % ids.length] : undefined;
    const res = await s.post({ name: c.name, email: `author${i % 17}@example.org`, url: c.url ?? undefined, body: c.body, parentId });
    statuses.push(res.status);
    const json = (await res.json()) as { comment?: { id: number } };
    if (json.comment) ids.push(json.comment.id);
    s.clock.now += 1000;
  }
  return statuses;
}

describe('Node and the Worker answer alike', () => {
  test('200 generated comments render byte-identical html and identical threads on both', async () => {
    const comments = fc.sample(comment, { seed: 20261125, numRuns: 200 });
    const settings = { approval: 'none' as const, maxLinks: 0, floodSeconds: 0, maxDepth: 5 };
    const node = await startService({ settings, target: 'node' });
    const worker = await startService({ settings, target: 'worker' });
    try {
      const nodeStatuses = await postAll(node, comments);
      const workerStatuses = await postAll(worker, comments);
      assert.deepEqual(workerStatuses, nodeStatuses);
      assert.ok(nodeStatuses.filter((s) => s === 201).length > 150, 'most generated comments are valid');

      const html = (s: Service) => s.rows<{ id: number; html: string; depth: number; parent_id: number | null }>('select id, html, depth, parent_id from comments order by id');
      assert.deepEqual(html(worker), html(node));

      for (const sort of ['oldest', 'newest']) {
        const path = `/api/comments?site=news&article=/2026/11/bike-lanes&limit=200&sort=${sort}`;
        const [fromNode, fromWorker] = await Promise.all([node.request(path), worker.request(path)]);
        const nodeText = await fromNode.text();
        assert.equal(await fromWorker.text(), nodeText, `the ${sort} thread`);
        assert.equal(fromWorker.headers.get('etag'), fromNode.headers.get('etag'));
      }
    } finally {
      await node.close();
      await worker.close();
    }
  });
});
