// Like and Report on other readers' comments: a toggle button with aria-pressed and the count, and a
// Report button whose small form of reasons (report-form.ts) is loaded when first opened.
import { isApiError, type Comment } from './api.js';
import type { Context } from './context.js';
import { h, linkButton, setChildren } from './dom.js';
import { fill } from './format.js';
import { lazyModule } from './lazy.js';
import { marked, readerId, setMark } from './reader.js';

export function addReaderActions(ctx: Context, item: HTMLLIElement, comment: Comment, reactions: boolean, reportable: boolean): void {
  const article = item.firstElementChild;
  const author = comment.author;
  if (!article || !author || comment.deleted) return;
  // A row of their own after Reply (and the author's Edit/Delete), labelled for screen readers by the buttons.
  const actions = h('div', { class: 'ra' });
  article.append(actions);
  const { t, opts } = ctx;
  if (reactions) actions.prepend(likeButton(ctx, comment, author.name));
  if (!reportable) return;

  if (marked(opts.site, 'reported').has(comment.id)) {
    actions.append(h('span', { class: 'rd' }, t.reported));
    return;
  }
  const button: HTMLButtonElement = linkButton(t.report, () => void toggleReport(), {
    class: 'l rp-b',
    'aria-label': fill(t.reportLabel, { name: author.name }),
    'aria-expanded': 'false',
  });
  actions.append(button);
  let close: (() => void) | null = null;

  const toggleReport = async () => {
    if (close && button.getAttribute('aria-expanded') === 'true') {
      close();
      return;
    }
    try {
      const { openReportForm } = await lazyModule<typeof import('./report-form.js')>(opts.base, 'widget-report.js');
      close = openReportForm({ ctx, comment, button, after: actions });
    } catch {
      ctx.announce(t.network);
    }
  };
}

function likeButton(ctx: Context, comment: Comment, name: string): HTMLButtonElement {
  const { t, opts } = ctx;
  let count = comment.reactions ?? 0;
  let pressed = marked(opts.site, 'liked').has(comment.id);
  const shown = h('span', { class: 'n' });
  const button = h('button', { type: 'button', class: 'l lk', onclick: () => void toggle() }, t.like, ' ', shown);
  const render = () => {
    const n = new Intl.NumberFormat(ctx.lang).format(count);
    setChildren(shown, count > 0 ? n : '');
    button.setAttribute('aria-pressed', String(pressed));
    button.setAttribute('aria-label', fill(t.likeLabel, { name, n }));
  };
  let busy = false;
  const toggle = async () => {
    if (busy) return;
    busy = true;
    const want = !pressed;
    try {
      const result = await ctx.api.react(comment.id, readerId(), want);
      count = result.reactions;
      pressed = result.reacted;
      setMark(opts.site, 'liked', comment.id, pressed);
      render();
    } catch (err) {
      ctx.announce(isApiError(err) ? err.message : t.network);
    } finally {
      busy = false;
    }
  };
  render();
  return button;
}
