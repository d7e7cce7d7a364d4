// Graceful stop of the real server (what `npm start` runs): SIGTERM in the middle of a stream of
// POSTs. Every POST answered 201 is in the database afterwards; the others were refused or cut off
// unanswered; the process exits 0 with its WAL checkpointed into the database file.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { patchSiteSettings, startServer, tempDir, waitFor, withDb } from './server.js';

interface Answer {
  status: number;
  id: number | null;
  body: string;
}

test('SIGTERM during a stream of POSTs loses no comment answered 201, and the server exits 0 with its WAL checkpointed', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  try {
    const server = await startServer({ dir: dir.path, env: { PARLEY_SHUTDOWN_GRACE_MS: '3000', PARLEY_LOG: 'false' } });
    patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0, approval: 'none', maxLinks: 0 });

    const answers: Answer[] = [];
    const unanswered: string[] = [];
    let serial = 0;
    let signalled = false;
    const poster = async (lane: number) => {
      for (;;) {
        const body = `Comment ${++serial} from lane ${lane}.`;
        try {
          const res = await fetch(`${server.baseUrl}/api/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Origin: server.baseUrl },
            body: JSON.stringify({
              site: 'demo',
              article: '/shutdown',
              articleUrl: `${server.baseUrl}/shutdown`,
              name: 'Amal',
              email: `lane${lane}@example.org`,
              body,
            }),
          });
          const json = (await res.json()) as { comment?: { id: number } };
          answers.push({ status: res.status, id: json.comment?.id ?? null, body });
        } catch (err) {
          // Refused at connect, or cut off before an answer: the client never heard 201.
          unanswered.push(`${body}: ${err instanceof Error ? err.message : String(err)}`);
          if (signalled) return;
        }
      }
    };
    const lanes = [1, 2, 3, 4, 5, 6].map(poster);

    assert.ok(await waitFor(() => answers.length >= 60, 20_000), `the stream got going (${answers.length} answers)`);
    signalled = true;
    const stopped = server.stop();
    await Promise.all(lanes);
    await stopped;
    const ended = await server.exited;

    assert.deepEqual(ended, { code: 0, signal: null }, server.output.join('\n'));
    assert.ok(server.output.includes('Parley stopped.'), server.output.join('\n'));
    const statuses = new Set(answers.map((a) => a.status));
    assert.deepEqual([...statuses], [201], 'every answer was 201: none refused with an error while stopping');
    assert.ok(unanswered.length >= 6, 'each lane ended at a refused or cut-off request');

    const stored = withDb(server.dbFile, (db) => new Map((db.prepare('select id, body_source from comments').all() as Array<{ id: number; body_source: string }>).map((r) => [r.id, r.body_source])));
    const lost = answers.filter((a) => a.id === null || stored.get(a.id) !== a.body);
    assert.deepEqual(lost, [], 'every comment answered 201 is stored, with its text');
    assert.ok(stored.size >= answers.length);

    const wal = `${server.dbFile}-wal`;
    assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL was checkpointed into the database file');
  } finally {
    dir.remove();
  }
});
