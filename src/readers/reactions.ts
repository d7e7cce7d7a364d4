// Readers' "Like": one per reader per comment, toggled; the count is kept on the comment.
import { checkOrigin, type RequestMeta, type ServiceDeps } from '../comments/service.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/types.js';
import { readerKeys } from './identity.js';
import { publicComment } from './reports.js';

export async function setReaction(
  deps: ServiceDeps & { store: Store },
  id: number,
  on: boolean,
  meta: RequestMeta & { readerId: string },
): Promise<{ reactions: number; reacted: boolean }> {
  const { site } = await publicComment(deps, id);
  checkOrigin(site, meta.origin);
  if (!site.settings.reactions) throw new AppError('forbidden', 'Reactions are turned off on this site.');
  const keys = await readerKeys(deps.secret, meta.ip, meta.readerId, deps.hashing);
  const result = await deps.store.setReaction(id, keys, on, deps.now());
  if (!result) throw new AppError('not_found', 'There is no such comment.');
  // `reacted` is what stands: a like over the network's limit is not counted, and says so.
  return { reactions: result.reactions, reacted: result.reacted };
}
