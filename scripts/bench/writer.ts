// The writer beside the read load: posts a comment to the thread being read, approves it through the
// moderation API, and then reads the thread, at a steady rate. Every read must show every approval
// that finished before it began: the cache may never serve a stale approval.
import { sleep } from './processes.js';

export interface WriterOptions {
  baseUrl: string;
  site: string;
  article: string;
  origin: string;
  apiToken: string;
  /** Post-and-approve cycles per second. */
  rate: number;
  seconds: number;
  /** The exact URL the read load uses (its `count` is checked too). */
  threadUrl: string;
}

export interface WriterResult {
  cycles: number;
  /** Posts and approvals per second actually reached (each). */
  rate: number;
  /** Reads that checked a just-approved comment. */
  checks: number;
  /** Reads that did not show an approval that had finished before they began. */
  stale: number;
  /** The first ten failures (a request that failed or answered wrong), and how many there were in all. */
  errors: string[];
  failures: number;
}

interface ThreadJson {
  article: { count: number };
  comments: Array<{ id: number; createdAt: string }>;
  nextCursor: string | null;
}

/** An error with the cause fetch wraps in "fetch failed" (which request, which socket error). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}${'code' in err.cause ? ` (${String(err.cause.code)})` : ''}` : '';
  return `${err.message}${cause}`;
}

export async function postAndApprove(options: WriterOptions): Promise<WriterResult> {
  const result: WriterResult = { cycles: 0, rate: 0, checks: 0, stale: 0, errors: [], failures: 0 };
  const initial = (await (await fetch(options.threadUrl)).json()) as ThreadJson;
  let approved = 0;
  const newest = `${options.baseUrl}/api/comments?site=${encodeURIComponent(options.site)}&article=${encodeURIComponent(options.article)}&sort=newest&limit=20`;
  const fail = (message: string) => {
    result.failures++;
    if (result.errors.length < 10) result.errors.push(message);
  };

  /** Reads the thread newest first until it finds the comment or passes its time (others may be newer). */
  const shows = async (comment: { id: number; createdAt: string }): Promise<boolean> => {
    let url: string | null = newest;
    while (url) {
      const page = (await (await fetch(url)).json()) as ThreadJson;
      if (page.comments.some((c) => c.id === comment.id)) return true;
      const oldest = page.comments[page.comments.length - 1];
      if (!page.nextCursor || !oldest || oldest.createdAt < comment.createdAt) return false;
      url = `${newest}&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    return false;
  };

  const cycle = async (n: number) => {
    const posted = await fetch(`${options.baseUrl}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: options.origin },
      body: JSON.stringify({
        site: options.site,
        article: options.article,
        articleUrl: `${options.origin}${options.article}`,
        name: `Writer ${n % 100}`,
        email: `writer${n % 100}@example.org`,
        body: `Live comment ${Date.now()}-${n} while the thread is being read.`,
      }),
    });
    if (posted.status !== 201) return fail(`POST answered ${posted.status}: ${await posted.text()}`);
    const { comment } = (await posted.json()) as { comment: { id: number; createdAt: string } };
    const approval = await fetch(`${options.baseUrl}/api/admin/comments/${comment.id}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.apiToken}` },
    });
    if (approval.status !== 200) return fail(`approve answered ${approval.status}: ${await approval.text()}`);
    await approval.arrayBuffer();
    approved++;
    // Both reads begin after the approval answered, so both must show it.
    const mustCount = initial.article.count + approved;
    const [shown, same] = await Promise.all([shows(comment), fetch(options.threadUrl)]);
    const sameJson = (await same.json()) as ThreadJson;
    result.checks += 2;
    if (!shown) {
      result.stale++;
      fail(`comment ${comment.id} was approved but missing from the next read`);
    }
    // Other cycles may have approved more since, never fewer.
    if (sameJson.article.count < mustCount) {
      result.stale++;
      fail(`count ${sameJson.article.count} after ${mustCount} approvals`);
    }
    result.cycles++;
  };

  const running = new Set<Promise<void>>();
  const start = performance.now();
  const interval = 1000 / options.rate;
  for (let n = 0; performance.now() - start < options.seconds * 1000; n++) {
    const task = cycle(n).catch((err: unknown) => fail(describe(err)));
    running.add(task);
    void task.finally(() => running.delete(task));
    const next = start + (n + 1) * interval;
    await sleep(Math.max(0, next - performance.now()));
  }
  await Promise.all(running);
  result.rate = result.cycles / ((performance.now() - start) / 1000);
  return result;
}
