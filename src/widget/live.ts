// Live threads: every few seconds (while the page is visible) the widget asks for the first page
// again as a conditional request (the browser sends the ETag it has; an unchanged thread costs the
// server a 304 from its cache, no render). New approved comments are not put under the reader's
// eyes: a button says "3 new comments — show" and a polite live region says it once.
import type { ThreadPage } from './api.js';

export interface Follow {
  /** Seconds between checks. */
  every: number;
  /** The first page as the reader sees it now (sort and filter), asked for conditionally. */
  check(): Promise<ThreadPage>;
  /** How many approved comments the reader has seen (the count shown). */
  seen(): number;
  /** There are `n` comments the reader has not seen. */
  found(n: number): void;
}

export function follow(f: Follow): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let stopped = false;
  let running = false;

  const schedule = () => {
    if (stopped) return;
    // A little jitter, so that many readers of one article do not ask at the same moment; slower after errors.
    const delay = f.every * 1000 * (1 + Math.min(failures, 5)) * (0.9 + Math.random() * 0.2);
    timer = setTimeout(() => void tick(), delay);
  };

  const tick = async () => {
    timer = null;
    if (document.visibilityState === 'hidden' || running) return; // resumed by visibilitychange
    running = true;
    try {
      const page = await f.check();
      failures = 0;
      const fresh = page.article.count - f.seen();
      if (fresh > 0) f.found(fresh);
    } catch {
      failures++;
    } finally {
      running = false;
    }
    schedule();
  };

  const onVisible = () => {
    if (document.visibilityState === 'visible' && timer === null && !running && !stopped) void tick();
  };
  document.addEventListener('visibilitychange', onVisible);
  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
