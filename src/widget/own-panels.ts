// The Edit form and the Delete confirmation for the reader's own comments (widget-own.js, loaded the
// first time a reader opens one: the Edit and Delete links themselves are in widget.js, own-actions.ts).
import { isApiError } from './api.js';
import { focusOn, h, linkButton, setChildren } from './dom.js';
import { commentBody } from './html.js';
import type { OwnHost } from './own-actions.js';
import type { OwnComment } from './memory.js';

/** One own comment's parts, as own-actions.ts found them. */
export interface OwnPanelHost {
  host: OwnHost;
  item: HTMLLIElement;
  own: OwnComment;
  edit: HTMLButtonElement;
  remove: HTMLButtonElement;
  /** The open edit form or delete confirmation, if any. */
  panel?: HTMLElement;
  /** The server says the edit window has passed: the links go. */
  expired(): void;
}

/** The comment's article, its row of links and its text. */
function parts(item: HTMLLIElement): { article: HTMLElement; actions: HTMLElement; content: HTMLElement } | null {
  const article = item.firstElementChild;
  const actions = article?.querySelector<HTMLElement>('.ac');
  const content = article?.querySelector<HTMLElement>('.x');
  return article instanceof HTMLElement && actions && content ? { article, actions, content } : null;
}

/** Removes the open panel and gives focus back to `focus`, or to the comment when that link has gone. */
function close(p: OwnPanelHost, focus: HTMLElement): void {
  p.panel?.remove();
  p.panel = undefined;
  const found = parts(p.item);
  if (found) found.actions.hidden = found.content.hidden = false;
  // The link that opened the panel may have gone meanwhile (the window closed): then the comment.
  if (focus.isConnected) focus.focus();
  else if (found) focusOn(found.article);
}

/** An error from the API; when the window has passed (403/404) the links go away. */
function fail(p: OwnPanelHost, error: unknown, where: HTMLElement, control: HTMLElement): void {
  const { t } = p.host.ctx;
  const message = isApiError(error) ? (t.fields.body && error.fields.body ? t.fields.body : error.message) : t.network;
  setChildren(where, message);
  where.hidden = false;
  if (control instanceof HTMLTextAreaElement) control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', where.id);
  control.focus();
  if (isApiError(error) && (error.status === 403 || error.status === 404)) p.expired();
}

export function openEdit(p: OwnPanelHost): void {
  const { host, own, edit } = p;
  const found = parts(p.item);
  // A second click while widget-own.js was loading: the panel is already open.
  if (!found || p.panel) return;
  const { article, actions, content } = found;
  const { t, api } = host.ctx;
  const id = own.comment.id;
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
      close(p, edit);
      host.ctx.announce(t.saved);
    } catch (err) {
      fail(p, err, error, textarea);
    }
  };
  const panel = h(
    'form',
    { class: 'ef', novalidate: true, onsubmit: (event: Event) => void save(event) },
    h('label', { for: fieldId }, t.editLabel),
    textarea,
    error,
    h('button', { type: 'submit', class: 'sb' }, t.save),
    ' ',
    h('button', { type: 'button', class: 'bt', onclick: () => close(p, edit) }, t.cancel),
  );
  p.panel = panel;
  actions.hidden = true;
  content.hidden = true;
  content.after(panel);
  textarea.focus();
}

export function openRemove(p: OwnPanelHost): void {
  const { host, own, item, remove } = p;
  const actions = parts(item)?.actions;
  if (!actions || p.panel) return;
  const { t, api } = host.ctx;
  const id = own.comment.id;
  const error = h('span', { class: 'er', id: `remove-${id}-error`, hidden: true });
  const yes = linkButton(t.yesRemove, async () => {
    try {
      await api.remove(id, own.token);
      p.expired();
      focusOn(host.removed(own, item));
    } catch (err) {
      fail(p, err, error, yes);
    }
  });
  const panel = h(
    'p',
    { class: 'ac', role: 'group', 'aria-label': t.confirmRemove },
    h('span', null, t.confirmRemove),
    yes,
    linkButton(t.cancel, () => close(p, remove)),
    error,
  );
  p.panel = panel;
  actions.hidden = true;
  actions.after(panel);
  yes.focus();
}
