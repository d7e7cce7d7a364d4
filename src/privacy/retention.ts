// Retention, run by a scheduled job (a timer on Node, the cron on Workers): per site, forget IPs and
// user agents after N days, and empty spam and trash after N days (WordPress empties them after 30).
import type { Actor, Store } from '../store/types.js';

const DAY_MS = 86_400_000;
/** Comments purged per site and run, so one run stays short; the next run takes the rest. */
const PURGE_BATCH = 200;

export const RETENTION_ACTOR: Actor = { type: 'system', id: 0, name: 'Retention', email: '' };

export interface RetentionResult {
  /** Comments whose IP and user agent were forgotten. */
  forgotten: number;
  /** Spam and trash deleted for good. */
  purged: number;
}

export async function runRetention(deps: { store: Store; now: () => number }): Promise<RetentionResult> {
  const { store } = deps;
  const now = deps.now();
  const result: RetentionResult = { forgotten: 0, purged: 0 };
  for (const site of await store.listSites()) {
    const { forgetIpAfterDays, emptySpamTrashAfterDays } = site.settings;
    if (forgetIpAfterDays !== null) result.forgotten += await store.forgetIps(site.id, now - forgetIpAfterDays * DAY_MS);
    if (emptySpamTrashAfterDays !== null) {
      const expired = await store.expiredSpamTrash(site.id, now - emptySpamTrashAfterDays * DAY_MS, PURGE_BATCH);
      for (const id of expired) {
        // The same permanent delete a moderator uses (replies move up), audited as the retention job.
        if (await store.purgeComment(id, { actor: RETENTION_ACTOR, action: 'retention.purge', at: now })) result.purged += 1;
      }
    }
  }
  return result;
}
