// Edit and Delete on the reader's own comments, while the site's edit window is open.
import { isApiError } from './api.js';
import type { Context } from './context.js';
import { focusOn, h, linkButton, setChildren } from './dom.js';
import { commentBody } from './html.js';
import type { OwnComment } from './memory.js';

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
  const { t, api } = host.ctx;
  const article = item.firstElementChild;
  const actions = article?.querySelector<HTMLElement>('.ac');
  const content = article?.querySelector<HTMLElement>('.x');
  if (!article || !actions || !content) return;
  const id = own.comment.id;
  const edit = linkButton(t.edit, () => startEdit(), { class: 'l ed-b' });
  const remove = linkButton(t.remove, () => askRemove(), { class: 'l rm-b' });
  actions.append(edit, remove);
  let panel: HTMLElement | null = null;

  const close = (focus: HTMLElement | null) => {
    panel?.remove();
    panel = null;
    actions.hidden = false;
    content.hidden = false;
    // The link that opened the panel may have gone meanwhile (the window closed): then the comment.
    if (focus?.isConnected) focus.focus();
    else if (focus && article instanceof HTMLElement) focusOn(article);
  };
  // When the window closes the links go; an open edit stays, so nothing typed is lost (saving it is refused).
  const timer = setTimeout(() => {
    edit.remove();
    remove.remove();
  }, Math.min(Math.max(0, own.until - Date.now()), MAX_DELAY));

  /** An error from the API; when the window has passed (403/404) the links go away. */
  const fail = (error: unknown, where: HTMLElement, control: HTMLElement) => {
    const message = isApiError(error) ? (t.fields.body && error.fields.body ? t.fields.body : error.message) : t.network;
    setChildren(where, message);
    where.hidden = false;
    if (control instanceof HTMLTextAreaElement) control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', where.id);
    control.focus();
    if (isApiError(error) && (error.status === 403 || error.status === 404)) {
      clearTimeout(timer);
      edit.remove();
      remove.remove();
    }
  };

  const startEdit = (): void => {
    const fieldId = `edit-${id}`;
    const textarea = h('textarea', { id: fieldId, rows: 6, maxlength: 10000 });
    textarea.value = own.source;
    const error = h('span', { class: 'er', id: `${fieldId}-error`, hidden: true });
    const save = async (event: Event) => {
      event.preventDefault();
      try {
        const { comment } = await api.edit(id, own.token, textarea.value);
        own.source = textarea.value;
        own.comment = { ...own.comment, html: comment.html, editedAt: comment.editedAt };
        host.changed(own);
        setChildren(content, commentBody(comment.html));
        const meta = article.querySelector('.m');
        if (meta && !meta.querySelector('.ed')) meta.append(h('span', { class: 'ed' }, t.edited));
        close(edit);
        host.ctx.announce(t.saved);
      } catch (err) {
        fail(err, error, textarea);
      }
    };
    panel = h(
      'form',
      { class: 'ef', novalidate: true, onsubmit: (event: Event) => void save(event) },
      h('label', { for: fieldId }, t.editLabel),
      textarea,
      error,
      h('button', { type: 'submit', class: 'sb' }, t.save),
      ' ',
      h('button', { type: 'button', class: 'bt', onclick: () => close(edit) }, t.cancel),
    );
    actions.hidden = true;
    content.hidden = true;
    content.after(panel);
    textarea.focus();
  };

  const askRemove = (): void => {
    const error = h('span', { class: 'er', id: `remove-${id}-error`, hidden: true });
    const yes = linkButton(t.yesRemove, async () => {
      try {
        await api.remove(id, own.token);
        clearTimeout(timer);
        focusOn(host.removed(own, item));
      } catch (err) {
        fail(err, error, yes);
      }
    });
    panel = h(
      'p',
      { class: 'ac', role: 'group', 'aria-label': t.confirmRemove },
      h('span', null, t.confirmRemove),
      yes,
      linkButton(t.cancel, () => close(remove)),
      error,
    );
    actions.hidden = true;
    actions.after(panel);
    yes.focus();
  };
}
