// Like and Report on other readers' comments: a toggle button with aria-pressed and the count, and a
// small form of reasons that opens under the comment (Escape or Cancel closes it, focus comes back).
import { isApiError, type Comment } from './api.js';
import type { Context } from './context.js';
import { h, linkButton, setChildren } from './dom.js';
import { fill } from './format.js';
import { marked, readerId, setMark } from './reader.js';

const REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;

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
  const button: HTMLButtonElement = linkButton(t.report, () => openReport(), {
    class: 'l rp-b',
    'aria-label': fill(t.reportLabel, { name: author.name }),
    'aria-expanded': 'false',
  });
  actions.append(button);
  let panel: HTMLFormElement | null = null;

  const close = () => {
    panel?.remove();
    panel = null;
    button.setAttribute('aria-expanded', 'false');
    if (button.isConnected) button.focus();
  };

  const openReport = () => {
    if (panel) return close();
    const base = `report-${comment.id}`;
    const error = h('p', { class: 'er', id: `${base}-error`, role: 'alert', hidden: true });
    const note = h('textarea', { id: `${base}-note`, rows: 2, maxlength: 500 });
    const radios = REASONS.map((reason, i) =>
      h(
        'label',
        { class: 'rr' },
        h('input', { type: 'radio', name: `${base}-reason`, value: reason, checked: i === 0 }),
        ' ',
        t.reasons[reason],
      ),
    );
    const send = async (event: Event) => {
      event.preventDefault();
      const chosen = panel?.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? 'other';
      try {
        await ctx.api.report(comment.id, readerId(), chosen, note.value);
        setMark(opts.site, 'reported', comment.id, true);
        panel?.remove();
        panel = null;
        const done = h('span', { class: 'rd', tabindex: -1 }, t.reported);
        button.replaceWith(done);
        done.focus();
        ctx.announce(t.reportThanks);
      } catch (err) {
        setChildren(error, isApiError(err) ? err.message : t.network);
        error.hidden = false;
      }
    };
    panel = h(
      'form',
      {
        class: 'rf',
        id: base,
        novalidate: true,
        onsubmit: (event: Event) => void send(event),
        onkeydown: (event: Event) => {
          if (event instanceof KeyboardEvent && event.key === 'Escape') {
            event.preventDefault();
            close();
          }
        },
      },
      h('fieldset', null, h('legend', null, t.reportTitle), ...radios),
      h('label', { for: note.id }, t.reportNote),
      note,
      error,
      h('button', { type: 'submit', class: 'sb' }, t.sendReport),
      ' ',
      h('button', { type: 'button', class: 'bt', onclick: () => close() }, t.cancel),
    );
    button.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-controls', base);
    actions.after(panel);
    panel.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
  };
}

function likeButton(ctx: Context, comment: Comment, name: string): HTMLButtonElement {
  const { t, opts } = ctx;
  let count = comment.reactions ?? 0;
  let pressed = marked(opts.site, 'liked').has(comment.id);
  const shown = h('span', { class: 'n' });
  const button = h('button', { type: 'button', class: 'l lk', onclick: () => void toggle() }, t.like, ' ', shown);
  const render = () => {
    setChildren(shown, count > 0 ? new Intl.NumberFormat(ctx.lang).format(count) : '');
    button.setAttribute('aria-pressed', String(pressed));
    button.setAttribute('aria-label', fill(t.likeLabel, { name, n: new Intl.NumberFormat(ctx.lang).format(count) }));
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
