// Live threads: every few seconds the widget asks for the first page again as a conditional request
// (the browser sends the ETag it has; an unchanged thread costs the server a 304 from its cache, no
// render); not while the page is hidden, and more slowly after failures. New approved comments are
// not put under the reader's eyes: a button says "3 new comments — show" (see controller.ts).
import type { ThreadPage } from './api.js';

export function follow(
  every: number,
  /** The first page as the reader sees it now, asked for conditionally. */
  check: () => Promise<ThreadPage>,
  /** Called with the thread's count of approved comments after each check. */
  counted: (count: number) => void,
): void {
  let failures = 0;
  const tick = async () => {
    if (document.visibilityState !== 'hidden') {
      try {
        counted((await check()).article.count);
        failures = 0;
      } catch {
        failures = Math.min(failures + 1, 5);
      }
    }
    // A little jitter, so that the readers of one article do not all ask at the same moment.
    setTimeout(() => void tick(), every * 1000 * (1 + failures) * (0.9 + Math.random() * 0.2));
  };
  setTimeout(() => void tick(), every * 1000);
}
