// Erasing a person's comments on one site, as WordPress's eraser does: anonymised (name "Anonymous",
// no email, website, IP or user agent), or with their text deleted too (a placeholder stays where
// replies hang, through the same delete a comment's author uses). Audited; webhooks told, each event
// written in the transaction of the change it announces.
import { avatarHash, type Hashing } from '../comments/crypto.js';
import { outboxEvent } from '../moderation/webhooks.js';
import type { Actor, Site, Store } from '../store/types.js';
import type { EraseMode } from './input.js';

export interface EraseDeps {
  store: Store;
  secret: string;
  now: () => number;
  hashing?: Hashing;
  /** Called after webhook events were put in the outbox. */
  onEvents?: () => void;
}

export interface EraseResult {
  /** How many comments were anonymised (all of them). */
  anonymised: number;
  /** With `delete`: how many were removed, and how many stay as placeholders because replies hang on them. */
  removed: number;
  placeholders: number;
}

export async function eraseByEmail(deps: EraseDeps, site: Site, email: string, mode: EraseMode, actor: Actor): Promise<EraseResult> {
  const { store } = deps;
  const now = deps.now();
  const avatar = await avatarHash(deps.secret, '', 'Anonymous', deps.hashing);
  // The payload's comment id is filled in by the store, for each comment the erase changes.
  const event = (type: 'comment.deleted' | 'comment.anonymised', id: number) =>
    outboxEvent(site, type, { comment: { id }, by: 'privacy' }, now) ?? undefined;
  // Anonymising announces itself, unless the comments are then deleted: each delete announces that.
  const changed = await store.anonymiseByEmail(site.id, email, avatar, mode === 'delete' ? undefined : event('comment.anonymised', 0));
  let removed = 0;
  let placeholders = 0;
  if (mode === 'delete') {
    for (const { id } of changed) {
      const deleted = event('comment.deleted', id);
      const outcome = await store.deleteComment(id, deleted ? [deleted] : []);
      if (outcome === 'removed') removed += 1;
      if (outcome === 'scrubbed') placeholders += 1;
    }
  }
  // The audit keeps what was done and to which comments, never the address that was erased.
  await store.recordAudit({
    actor,
    action: mode === 'delete' ? 'privacy.erase.delete' : 'privacy.erase.anonymise',
    detail: { comments: changed.map((c) => c.id) },
    at: now,
    commentId: null,
    siteId: site.id,
  });
  if (site.settings.notify.webhook && changed.length > 0) deps.onEvents?.();
  return { anonymised: changed.length, removed, placeholders };
}
