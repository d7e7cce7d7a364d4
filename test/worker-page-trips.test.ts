// A thread GET on the Worker reads its page in SQL and costs at most two D1 round trips in every order, with the featured
// filter, after a cursor and around an anchor (src/store/thread-page.ts: the page, its replies and
// the count in one statement). The Worker runs with its D1 binding wrapped by the bench's counter.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { START, startService, type Service } from './helpers.js';
import { countingWorker, type D1Counts as Counts } from './worker-counting.js';

const SCRIPT = countingWorker();
const THREAD = `/api/comments?site=news&article=${encodeURIComponent('/2026/11/bike-lanes')}&limit=5`;

describe('a thread GET on the Worker', () => {
  let s: Service;
  const ids: number[] = [];

  before(async () => {
    s = await startService({ target: 'worker', workerScript: SCRIPT });
    for (let i = 0; i < 30; i++) {
      const res = await s.post({ email: `r${i}@example.org`, body: `Comment ${i}.`, ...(i % 3 === 2 ? { parentId: ids[i - 1] } : {}) });
      const text = await res.text();
      assert.equal(res.status, 201, text);
      const id = (JSON.parse(text) as { comment: { id: number } }).comment.id;
      s.approve(id);
      ids.push(id);
      s.clock.now = START + (i + 1) * 60_000;
    }
    s.sqlite.prepare('update comments set reactions = id % 4, featured = id % 3 = 0').run();
  });
  after(async () => {
    await s.close();
  });

  test('reads only its page, in at most two D1 round trips: best, featured, after a cursor, and around an anchor', async () => {
    await s.request(THREAD);
    const first = (await (await s.request(`${THREAD}&sort=best`)).json()) as { nextCursor: string | null };
    assert.ok(first.nextCursor);
    const paths = [
      `${THREAD}&sort=best`,
      `${THREAD}&sort=best&cursor=${encodeURIComponent(first.nextCursor)}`,
      `${THREAD}&filter=featured&sort=newest`,
      `${THREAD}&around=comment-${ids[29] ?? 0}`,
      `${THREAD}&sort=best&around=comment-${ids[14] ?? 0}`,
    ];
    for (const path of paths) {
      await s.request('/__bench/d1');
      const res = await s.request(path);
      assert.equal(res.status, 200, await res.text());
      const c = (await (await s.request('/__bench/d1')).json()) as Counts;
      assert.ok(c.queries + c.batches <= 2, `${path}: ${c.queries} queries, ${c.batches} batches\n${c.sql.join('\n')}`);
      // The page's own statement (thread-page.ts), not a read of all of the article's rows.
      assert.ok(c.sql.some((q) => q.startsWith('with recursive')), c.sql.join('\n'));
      assert.ok(!c.sql.some((q) => /order by "comments"."created_at" asc/.test(q)), c.sql.join('\n'));
    }
  });
});
