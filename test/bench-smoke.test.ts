// The benchmark's smoke run (`npm run bench -- --quick`): every scenario runs end to end for a second
// against the real server with the built-in load generator (no wrk), so the bench never rots. It judges
// no speed; it checks that each scenario measured something, with no errors and no stale read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../scripts/bench/report.js';
import { ROOT } from './server.js';

test('the quick bench runs every scenario, and the soak, without an error or a stale read', { timeout: 15 * 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-smoke-'));
  const json = join(dir, 'report.json');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/main.ts', '--quick', '--soak', '0.05', '--json', json], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, output);

    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    assert.match(report.load, /built-in node:http generator/);
    const scenarios = report.rows.map((r) => r.scenario);
    for (const expected of [
      'warm thread GET (200 comments, 3 levels)',
      'thread GET while posting + approving',
      'thread GET while readers react',
      'counts GET (50 keys)',
      'comment POST (approval none)',
      'pending-queue page, 1 moderator (small database)',
      'thread GET, cache off (small database)',
      'hot article first page (5,000 comments) while posting + approving',
      'thread GET, cache off (200 comments, read side)',
    ]) {
      assert.ok(scenarios.includes(expected), `${expected} is missing from ${scenarios.join(', ')}`);
    }
    for (const row of report.rows) {
      assert.ok(row.parley, `${row.scenario} measured nothing`);
      const requests = row.parley.rounds.reduce((sum, r) => sum + r.requests, 0);
      assert.ok(requests > 0, `${row.scenario} sent no request`);
      assert.equal(row.parley.errors + row.parley.non2xx, 0, `${row.scenario} had errors`);
      if (row.baseline) assert.ok(row.baseline.rps > 0, `${row.scenario} has no baseline`);
    }
    assert.equal(report.checks['stale reads while writing'], 0);
    assert.equal(report.checks['stale reads while reacting'], 0);
    assert.equal(report.checks['hot article stale reads'], 0);
    assert.ok(scenarios.some((name) => /^reads \+ posts while [\d,]+ widgets follow$/.test(name)), 'the live-threads scenario ran');
    assert.match(String(report.checks['live threads']), /\d+ × 304\).*, 0 errors, 0 stale reads$/);
    assert.match(String(report.checks['soak']), /, 0 errors, \d+ post\+approve cycles with 0 stale reads/);
    assert.ok((report.memory['Parley server after the run'] ?? 0) > 0 || process.platform !== 'linux');
    // The printed table is there too.
    assert.match(output, /\| scenario +\| Parley req\/s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
