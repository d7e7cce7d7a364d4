// Readers' reports: one per reader per comment, rate-limited, never shown to the public. At the
// site's threshold (distinct anonymised IPs) the comment goes back to the queue with `reports:N`.
import { checkOrigin, type RequestMeta, type ServiceDeps } from '../comments/service.js';
import { randomToken } from '../comments/crypto.js';
import { AppError } from '../errors.js';
import { toAdminComment } from '../moderation/service.js';
import { outboxEvent } from '../moderation/webhooks.js';
import type { Store } from '../store/types.js';
import { readerKeys } from './identity.js';
import type { ReportInput } from './input.js';

/** Reports one reader may send in an hour, and all readers behind one anonymised IP. */
export const REPORTS_PER_READER_HOUR = 10;
export const REPORTS_PER_IP_HOUR = 30;

export interface ReportDeps extends ServiceDeps {
  store: Store;
  /** Called after an event was put in the outbox. */
  onEvents: () => void;
}

/** A comment the public can see (approved, not deleted), with its site; else not_found. */
export async function publicComment(deps: ServiceDeps, id: number) {
  const found = await deps.store.findComment(id);
  if (!found || found.comment.status !== 'approved' || found.comment.deleted) throw new AppError('not_found', 'There is no such comment.');
  return found;
}

export async function reportComment(
  deps: ReportDeps,
  id: number,
  input: ReportInput,
  meta: RequestMeta & { readerId: string },
): Promise<{ accepted: true }> {
  const { site } = await publicComment(deps, id);
  checkOrigin(site, meta.origin);
  const now = deps.now();
  const keys = await readerKeys(deps.secret, meta.ip, meta.readerId, deps.hashing);
  const recent = await deps.store.recentReports(keys.readerKey, keys.ipKey, now - 3_600_000);
  if (recent.byReader >= REPORTS_PER_READER_HOUR || recent.byIp >= REPORTS_PER_IP_HOUR) {
    throw new AppError('rate_limited', 'You have sent many reports in a short time. Try again in an hour.', { retryAfter: 3600 });
  }
  const row = await deps.store.getAdminComment(id);
  const event = row
    ? outboxEvent(
        site,
        'comment.reported',
        // The count, the comment's status and `hidden` are filled in by the store, in the same write.
        { comment: toAdminComment(row), report: { reason: input.reason, text: input.text ?? null, count: 0 }, hidden: false },
        now,
      )
    : null;
  const outcome = await deps.store.addReport(
    { id: randomToken(), commentId: id, ...keys, reason: input.reason, text: input.text ?? null, createdAt: now },
    { threshold: site.settings.reportThreshold, at: now, event },
  );
  if (!outcome) throw new AppError('not_found', 'There is no such comment.');
  if (outcome.added && event) deps.onEvents();
  // A repeated report answers the same: the reader learns nothing about others' reports.
  return { accepted: true };
}
