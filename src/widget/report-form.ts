// The Report form (widget-report.js, loaded the first time a reader opens it: most readers never do):
// a fieldset of reasons under the comment, an optional note, Send and Cancel; Escape closes it.
import { isApiError, type Comment } from './api.js';
import type { Context } from './context.js';
import { h, setChildren } from './dom.js';
import { readerId, setMark } from './reader.js';
import { enReportForm } from './strings/en-report.js';
import { applyStyles } from './sheet.js';

// The form's own rules, added to the widget's shadow root when this module first opens a form.
const CSS = `.rf fieldset{border:1px solid var(--L);border-radius:var(--parley-radius,4px);margin:.6rem 0 .4rem;padding:.4rem .8rem}
.rf legend{font-weight:600;padding:0 .3rem}
.rf .rr{display:flex;gap:.5rem;align-items:center;font-weight:400}
.rf .rr input{width:auto}
.rf textarea{min-height:3.5rem}`;
const styled = new WeakSet<ShadowRoot>();

const REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;

export interface ReportFormHost {
  ctx: Context;
  comment: Comment;
  /** The Report button; the form opens after `after` and focus returns to the button on close. */
  button: HTMLButtonElement;
  after: HTMLElement;
}

/** Opens the form; answers the function that closes it. */
export function openReportForm(host: ReportFormHost): () => void {
  const { ctx, comment, button } = host;
  const root = button.getRootNode();
  if (root instanceof ShadowRoot && !styled.has(root)) {
    styled.add(root);
    applyStyles(root, CSS);
  }
  const s = ctx.t.reportForm ?? enReportForm;
  const base = `report-${comment.id}`;
  const error = h('p', { class: 'er', id: `${base}-error`, role: 'alert', hidden: true });
  const note = h('textarea', { id: `${base}-note`, rows: 2, maxlength: 500 });
  const close = () => {
    form.remove();
    button.setAttribute('aria-expanded', 'false');
    if (button.isConnected) button.focus();
  };
  const send = async (event: Event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? 'other';
    try {
      await ctx.api.report(comment.id, readerId(), chosen, note.value);
      setMark(ctx.opts.site, 'reported', comment.id, true);
      form.remove();
      const done = h('span', { class: 'rd', tabindex: -1 }, ctx.t.reported);
      button.replaceWith(done);
      done.focus();
      ctx.announce(s.thanks);
    } catch (err) {
      setChildren(error, isApiError(err) ? err.message : ctx.t.network);
      error.hidden = false;
    }
  };
  const form: HTMLFormElement = h(
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
    h(
      'fieldset',
      null,
      h('legend', null, s.title),
      ...REASONS.map((reason, i) =>
        h('label', { class: 'rr' }, h('input', { type: 'radio', name: `${base}-reason`, value: reason, checked: i === 0 }), ' ', s.reasons[reason]),
      ),
    ),
    h('label', { for: note.id }, s.note),
    note,
    error,
    h('button', { type: 'submit', class: 'sb' }, s.send),
    ' ',
    h('button', { type: 'button', class: 'bt', onclick: close }, ctx.t.cancel),
  );
  button.setAttribute('aria-expanded', 'true');
  button.setAttribute('aria-controls', base);
  host.after.after(form);
  form.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
  return close;
}
