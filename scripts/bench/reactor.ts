// Readers reacting beside the read load: likes on the hot thread's top-level comments at a steady rate,
// each from a new reader (so counts only grow), and after each like a read of the thread that must
// show at least the count the like answered: reactions may never make a thread stale.
import { summarise, type Measured } from './report.js';
import type { Plan } from './scenarios.js';
import { sleep } from './processes.js';

export interface ReactorResult {
  likes: number;
  /** Likes per second actually reached. */
  rate: number;
  checks: number;
  stale: number;
  errors: string[];
}

interface ThreadJson {
  comments: Array<{ id: number; reactions?: number }>;
}

export async function likeAndCheck(options: { baseUrl: string; threadUrl: string; origin: string; rate: number; seconds: number }): Promise<ReactorResult> {
  const result: ReactorResult = { likes: 0, rate: 0, checks: 0, stale: 0, errors: [] };
  const fail = (message: string) => {
    if (result.errors.length < 10) result.errors.push(message);
  };
  const ids = ((await (await fetch(options.threadUrl)).json()) as ThreadJson).comments.map((c) => c.id);
  if (ids.length === 0) throw new Error('the thread has no comments to like');
  const stamp = Date.now().toString(36);

  const like = async (n: number) => {
    const id = ids[n % ids.length] ?? 0;
    const res = await fetch(`${options.baseUrl}/api/comments/${id}/reaction`, {
      method: 'PUT',
      // A reader id the widget could have made (16–64 characters of base64url), from one of many networks
      // (one network may give a comment only a few likes).
      headers: {
        Origin: options.origin,
        'X-Parley-Reader': `bench${stamp}r${String(n).padStart(10, '0')}`,
        'X-Forwarded-For': `10.${(n >> 8) & 255}.${n & 255}.1`,
      },
    });
    if (res.status !== 200) return fail(`PUT reaction answered ${res.status}: ${await res.text()}`);
    const { reactions } = (await res.json()) as { reactions: number };
    result.likes++;
    // Every tenth like is followed by a read of the exact URL the load uses.
    if (n % 10 !== 0) return;
    const thread = (await (await fetch(options.threadUrl)).json()) as ThreadJson;
    result.checks++;
    const shown = thread.comments.find((c) => c.id === id)?.reactions ?? -1;
    if (shown < reactions) {
      result.stale++;
      fail(`comment ${id} had ${reactions} likes but the next read showed ${shown}`);
    }
  };

  const running = new Set<Promise<void>>();
  const start = performance.now();
  const interval = 1000 / options.rate;
  for (let n = 0; performance.now() - start < options.seconds * 1000; n++) {
    const task = like(n).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
    running.add(task);
    void task.finally(() => running.delete(task));
    await sleep(Math.max(0, start + (n + 1) * interval - performance.now()));
  }
  await Promise.all(running);
  result.rate = result.likes / ((performance.now() - start) / 1000);
  return result;
}

/** The thread under read load while readers like its comments at `rate` per second, then the bare twin alone. */
export async function readWhileReacting(
  plan: Plan,
  threadUrl: string,
  bareUrl: string,
  reactor: { baseUrl: string; origin: string; rate: number },
): Promise<{ parley: Measured; baseline: Measured; reactor: ReactorResult }> {
  const seconds = plan.seconds * plan.rounds;
  const load = { url: threadUrl, connections: plan.connections, seconds };
  const [read, reacted] = await Promise.all([plan.run(load), likeAndCheck({ ...reactor, threadUrl, seconds })]);
  const bare = await plan.run({ ...load, url: bareUrl });
  return { parley: summarise([read]), baseline: summarise([bare]), reactor: reacted };
}
