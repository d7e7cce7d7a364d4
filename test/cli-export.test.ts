// `npx parley export`: the same export as the API, from the local database to stdout or a file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { openDatabase } from '../src/node/database.js';
import { seedArticle, seedComment } from './export-seed.js';
import { START } from './helpers.js';
import { parseWxr } from './wxr.js';

describe('parley export on the command line', () => {
  let dir: string;
  let dbFile: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-export-'));
    dbFile = join(dir, 'parley.db');
    const database = openDatabase(dbFile);
    await database.store.saveSite('news', siteSettingsSchema.parse({ origins: ['https://news.example.org'] }), START);
    const article = seedArticle(database.sqlite, 'news', '/a', { title: 'A' });
    const first = seedComment(database.sqlite, { articleId: article, createdAt: START, email: 'first@example.org' });
    seedComment(database.sqlite, { articleId: article, parent: first, createdAt: START + 1000, status: 'pending', html: '<p>]]></p>' });
    database.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const parley = (args: string[]) => {
    const result = spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, PARLEY_DB: dbFile }, encoding: 'utf8' });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  test('parley export --site writes the Parley NDJSON to stdout', () => {
    const run = parley(['export', '--site', 'news']);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; email?: string; status?: string });
    assert.deepEqual(lines.map((l) => l.type), ['parley', 'site', 'article', 'comment', 'comment', 'end']);
    assert.equal(lines[3]?.email, 'first@example.org');
    assert.equal(lines[4]?.status, 'pending');
  });

  test('parley export --format wordpress --out FILE writes a WXR file that parses', () => {
    const file = join(dir, 'out.xml');
    const run = parley(['export', '--site', 'news', '--format', 'wordpress', '--out', file]);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, '');
    const wxr = parseWxr(readFileSync(file, 'utf8'));
    assert.equal(wxr.items.length, 1);
    assert.deepEqual(wxr.items[0]?.comments.map((c) => [c['wp:comment_approved'], c['wp:comment_content']]), [['1', '<p>Hello.</p>'], ['0', '<p>]]></p>']]);
  });

  test('an unknown site exits 1, a missing --site or an unknown format exits 2, each with a message', () => {
    const unknown = parley(['export', '--site', 'nowhere']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no site "nowhere"/);
    assert.equal(unknown.out, '');
    const missing = parley(['export']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--site/);
    const format = parley(['export', '--site', 'news', '--format', 'csv']);
    assert.equal(format.code, 2);
    assert.match(format.err, /--format/);
  });
});
