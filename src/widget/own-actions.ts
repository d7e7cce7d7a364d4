// Edit and Delete on the reader's own comments, while the site's edit window is open. The links are
// here; the edit form and the delete confirmation (own-panels.ts, widget-own.js) load on first use.
import type { Context } from './context.js';
import { linkButton } from './dom.js';
import { lazyModule } from './lazy.js';
import type { OwnComment } from './memory.js';
import type { OwnPanelHost } from './own-panels.js';

export interface OwnHost {
  ctx: Context;
  /** The comment changed (store it again). */
  changed(own: OwnComment): void;
  /** The comment is gone; answers where focus goes next. */
  removed(own: OwnComment, item: HTMLLIElement): HTMLElement;
}

/** setTimeout takes at most 2^31 - 1 ms. */
const MAX_DELAY = 2_147_483_647;

export function addOwnActions(host: OwnHost, item: HTMLLIElement, own: OwnComment): void {
  const { ctx } = host;
  const article = item.firstElementChild;
  const actions = article?.querySelector<HTMLElement>('.ac');
  const content = article?.querySelector<HTMLElement>('.x');
  if (!article || !actions || !content) return;
  const open = async (which: 'openEdit' | 'openRemove') => {
    try {
      (await lazyModule<typeof import('./own-panels.js')>(ctx.opts.base, 'widget-own.js'))[which](parts);
    } catch {
      ctx.announce(ctx.t.network);
    }
  };
  const edit = linkButton(ctx.t.edit, () => void open('openEdit'), { class: 'l ed-b' });
  const remove = linkButton(ctx.t.remove, () => void open('openRemove'), { class: 'l rm-b' });
  actions.append(edit, remove);
  // When the window closes the links go; an open edit stays, so nothing typed is lost (saving it is refused).
  const expired = () => {
    clearTimeout(timer);
    edit.remove();
    remove.remove();
  };
  const timer = setTimeout(expired, Math.min(Math.max(0, own.until - Date.now()), MAX_DELAY));

  const parts: OwnPanelHost = { host, item, own, edit, remove, expired };
}
