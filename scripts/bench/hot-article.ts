// The hot article: readers read the first page of a 5,000-comment article at full speed (wrk) while
// another client posts 5 comments/s (held for moderation) and approves 2/s, and a checker reads the
// same first page over and over beside the load. Never stale, checked honestly: for EVERY checker
// read, each approval acknowledged before that read began must be in it when it belongs on the first
// page (every other post is a reply to a first-page comment), and its count must include every
// approval acknowledged before it began.
import type { LoadResult } from './load.js';
import { sleep } from './processes.js';
import { summarise, type Measured } from './report.js';
import type { Plan } from './scenarios.js';

export interface HotWriterResult {
  posts: number;
  approvals: number;
  /** Approvals that belong on the first page (replies to its comments). */
  onFirstPage: number;
  postRate: number;
  approveRate: number;
  /** Checker reads, and the stale ones among them. */
  checks: number;
  stale: number;
  errors: string[];
}

export interface HotResult {
  parley: Measured;
  baseline: Measured;
  writer: HotWriterResult;
}

interface Comment {
  id: number;
  replies: Comment[];
}
interface Page {
  article: { count: number };
  comments: Comment[];
}

function idsOf(comments: Comment[], into = new Set<number>()): Set<number> {
  for (const c of comments) {
    into.add(c.id);
    idsOf(c.replies, into);
  }
  return into;
}

interface Acked {
  id: number;
  at: number;
  onFirstPage: boolean;
}

export async function hotArticle(
  plan: Plan,
  options: { pageUrl: string; bareUrl: string; baseUrl: string; site: string; article: string; origin: string; apiToken: string; postsPerSecond: number; approvalsPerSecond: number },
): Promise<HotResult> {
  const result: HotWriterResult = { posts: 0, approvals: 0, onFirstPage: 0, postRate: 0, approveRate: 0, checks: 0, stale: 0, errors: [] };
  const fail = (message: string) => {
    if (result.errors.length < 10) result.errors.push(message);
  };
  const first = (await (await fetch(options.pageUrl)).json()) as Page;
  const initialCount = first.article.count;
  // Reply targets: the first page's top-level comments (a reply to one is on the first page, whatever its depth).
  const targets = first.comments.map((c) => c.id);
  const acked: Acked[] = [];
  const held: Array<{ id: number; onFirstPage: boolean }> = [];
  let running = true;
  // The checker reads only while Parley is under load: beside the bare twin it would take CPU from it alone.
  let checking = false;

  const post = async (n: number) => {
    // Every second post is a reply to a first-page comment; the others are top-level (they land on a later page).
    const parentId = n % 2 === 0 ? targets[n % targets.length] : undefined;
    const res = await fetch(`${options.baseUrl}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: options.origin },
      body: JSON.stringify({
        site: options.site,
        article: options.article,
        articleUrl: `${options.origin}${options.article}`,
        name: `Hot writer ${n % 50}`,
        email: `hotwriter${n % 50}@example.org`,
        body: `Hot take ${Date.now()}-${n}: the first page must show this once it is approved.`,
        ...(parentId === undefined ? {} : { parentId }),
      }),
    });
    if (res.status !== 201 && res.status !== 202) return fail(`POST answered ${res.status}: ${await res.text()}`);
    const { comment } = (await res.json()) as { comment: { id: number } };
    result.posts++;
    held.push({ id: comment.id, onFirstPage: parentId !== undefined });
  };

  const approve = async () => {
    const next = held.shift();
    if (!next) return;
    const res = await fetch(`${options.baseUrl}/api/admin/comments/${next.id}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.apiToken}` },
    });
    // Acknowledged: from here on, every read that begins must show it.
    const at = performance.now();
    if (res.status !== 200) return fail(`approve answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    acked.push({ id: next.id, at, onFirstPage: next.onFirstPage });
    result.approvals++;
    if (next.onFirstPage) result.onFirstPage++;
  };

  const paced = async (rate: number, task: (n: number) => Promise<void>) => {
    const tasks = new Set<Promise<void>>();
    const start = performance.now();
    for (let n = 0; running; n++) {
      const t = task(n).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
      tasks.add(t);
      void t.finally(() => tasks.delete(t));
      await sleep(Math.max(0, start + ((n + 1) * 1000) / rate - performance.now()));
    }
    await Promise.all(tasks);
  };

  const checker = async () => {
    while (running) {
      if (!checking) {
        await sleep(20);
        continue;
      }
      const startedAt = performance.now();
      // Everything acknowledged before this read began.
      const due = acked.filter((a) => a.at < startedAt);
      try {
        const page = (await (await fetch(options.pageUrl)).json()) as Page;
        const shown = idsOf(page.comments);
        result.checks++;
        const missing = due.filter((a) => a.onFirstPage && !shown.has(a.id));
        const short = page.article.count < initialCount + due.length;
        if (missing.length > 0 || short) {
          result.stale++;
          fail(`a read that began after ${due.length} approvals ${missing.length ? `missed comment(s) ${missing.map((m) => m.id).join(', ')}` : ''}${short ? ` counted ${page.article.count} < ${initialCount + due.length}` : ''}`);
        }
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
    }
  };

  const started = performance.now();
  const background = Promise.all([paced(options.postsPerSecond, post), paced(options.approvalsPerSecond, approve), checker(), checker()]);
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  try {
    const load = { url: options.pageUrl, connections: plan.connections, seconds: plan.seconds };
    if (plan.warmSeconds > 0) await plan.run({ ...load, seconds: plan.warmSeconds });
    for (let round = 0; round < plan.rounds; round++) {
      checking = true;
      ours.push(await plan.run(load));
      checking = false;
      theirs.push(await plan.run({ ...load, url: options.bareUrl }));
    }
  } finally {
    running = false;
    await background;
  }
  const seconds = (performance.now() - started) / 1000;
  result.postRate = result.posts / seconds;
  result.approveRate = result.approvals / seconds;
  return { parley: summarise(ours), baseline: summarise(theirs), writer: result };
}
