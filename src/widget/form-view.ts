// The "Leave a Reply" form, worded and laid out as WordPress does it. It moves under a comment to reply,
// shows the API's field errors beside each field, and never clears what was typed unless it was posted.
import { isApiError, type Comment, type Posted } from './api.js';
import type { Context } from './context.js';
import { focusOn, h, linkButton, setChildren } from './dom.js';
import { clockTime, fill, isolate } from './format.js';
import { loadAuthor, saveAuthor } from './memory.js';
import type { FieldName } from './strings/types.js';

type Control = HTMLInputElement | HTMLTextAreaElement;

/** In the order they appear, so focus goes to the first field with an error. */
const FIELDS: [FieldName, string][] = [
  ['body', 'comment'],
  ['name', 'author'],
  ['email', 'email'],
  ['url', 'url'],
];

export interface FormHost {
  ctx: Context;
  /** Where the form sits when it is not under a comment. */
  home: HTMLElement;
  articleTitle(): string;
  /** Shows a posted comment; answers the element to move focus to. */
  posted(result: Posted, source: string, parent: HTMLLIElement | null): HTMLElement;
}

export interface CommentForm {
  /** Moves the form under a comment (WordPress's "Reply" link). */
  replyTo(comment: Comment, item: HTMLLIElement, button: HTMLButtonElement): void;
  /** Puts the form back under the thread; focus returns to the Reply button when asked. */
  cancelReply(returnFocus: boolean): void;
}

const star = () => h('span', { class: 'rq', 'aria-hidden': 'true' }, '*');

export function commentForm(host: FormHost): CommentForm {
  const { t, lang, opts, api } = host.ctx;
  const renderedAt = Date.now();
  let target: { comment: Comment; item: HTMLLIElement; button: HTMLButtonElement } | null = null;
  let busy = false;

  const titleText = h('span', null, t.leaveReply);
  const cancel = h('small', { hidden: true }, linkButton(t.cancelReply, () => cancelReply(true)));
  const alert = h('div', { class: 'al', role: 'alert', tabindex: -1 });
  const controls: Record<FieldName, Control> = {
    body: h('textarea', { id: 'comment', name: 'comment', rows: 6, maxlength: 10000, required: true }),
    name: h('input', { id: 'author', name: 'author', maxlength: 100, autocomplete: 'name', required: true }),
    email: h('input', { id: 'email', name: 'email', type: 'email', maxlength: 254, autocomplete: 'email', required: true, 'aria-describedby': 'email-notes' }),
    url: h('input', { id: 'url', name: 'url', type: 'url', maxlength: 2048, autocomplete: 'url' }),
  };
  const remember = h('input', { id: 'remember', type: 'checkbox' });
  // Off by default, as the law on consent (and WordPress's plugins) want.
  const notifyReplies = h('input', { id: 'subscribe-replies', name: 'subscribe', value: 'replies', type: 'checkbox' });
  const notifyArticle = h('input', { id: 'subscribe-article', name: 'subscribe', value: 'article', type: 'checkbox' });
  const honeypot = h('input', { id: 'homepage', name: 'homepage', tabindex: -1, autocomplete: 'off' });
  const labels: Record<FieldName, string> = { body: t.comment, name: t.name, email: t.email, url: t.website };
  const [requiredBefore, requiredAfter] = t.requiredNotes.split('{star}');

  const form = h(
    'form',
    { id: 'commentform', novalidate: true, onsubmit: (event: Event) => void submit(event) },
    h('p', { class: 'nt' }, h('span', { id: 'email-notes' }, t.emailNotes), ' ', requiredBefore, star(), requiredAfter),
    alert,
    ...FIELDS.map(([key, id]) =>
      h('p', null, h('label', { for: id }, labels[key], key !== 'url' && ' ', key !== 'url' && star()), controls[key]),
    ),
    h('p', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: 'homepage' }, t.honeypot), honeypot),
    h('p', { class: 'ck' }, remember, h('label', { for: 'remember' }, t.remember)),
    h('p', { class: 'ck' }, notifyReplies, h('label', { for: 'subscribe-replies' }, t.notifyReplies)),
    h('p', { class: 'ck' }, notifyArticle, h('label', { for: 'subscribe-article' }, t.notifyArticle)),
    h('p', null, h('button', { id: 'submit', class: 'sb' }, t.post), h('input', { type: 'hidden', name: 'renderedAt', value: renderedAt })),
  );
  const manage = new URL('/privacy', opts.base);
  manage.searchParams.set('site', opts.site);
  manage.searchParams.set('lang', lang);
  const element = h(
    'div',
    { id: 'respond', class: 'rs' },
    h('h3', { id: 'reply-title' }, titleText, ' ', cancel),
    form,
    h('p', { class: 'mg' }, h('a', { href: manage.href, target: '_blank', rel: 'noopener' }, t.manage)),
  );
  host.home.append(element);

  const saved = loadAuthor();
  if (saved) {
    controls.name.value = saved.name;
    controls.email.value = saved.email;
    controls.url.value = saved.url;
    remember.checked = true;
  }

  function replyTo(comment: Comment, item: HTMLLIElement, button: HTMLButtonElement): void {
    target = { comment, item, button };
    item.firstElementChild?.after(element);
    titleText.textContent = fill(t.leaveReplyTo, { name: isolate(comment.author?.name ?? '') });
    cancel.hidden = false;
    controls.body.focus();
  }

  function cancelReply(returnFocus: boolean): void {
    const button = target?.button;
    target = null;
    host.home.append(element);
    titleText.textContent = t.leaveReply;
    cancel.hidden = true;
    if (returnFocus) button?.focus();
  }

  function clearErrors(): void {
    setChildren(alert);
    for (const [key] of FIELDS) {
      const control = controls[key];
      control.removeAttribute('aria-invalid');
      const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-error'));
      if (describedBy.length > 0) control.setAttribute('aria-describedby', describedBy.join(' '));
      else control.removeAttribute('aria-describedby');
      control.parentElement?.querySelector('.er')?.remove();
    }
  }

  function showError(error: unknown): void {
    if (!isApiError(error)) {
      setChildren(alert, t.network);
      focusOn(alert);
      return;
    }
    let first: Control | null = null;
    for (const [key, id] of FIELDS) {
      const message = error.fields[key];
      if (message === undefined) continue;
      const control = controls[key];
      control.after(h('span', { class: 'er', id: `${id}-error` }, t.fields[key] ?? message));
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), `${id}-error`].filter(Boolean).join(' '));
      first ??= control;
    }
    const others = Object.entries(error.fields)
      .filter(([key]) => !FIELDS.some(([field]) => field === key))
      .map(([, message]) => message);
    if (first === null || others.length > 0) {
      const { code } = error;
      setChildren(
        alert,
        code === 'rate_limited'
          ? fill(t.tooFast, { time: clockTime(lang, Date.now() + (error.retryAfter ?? 1) * 1000) })
          : code === 'duplicate'
            ? t.duplicate
            : code === 'thread_closed'
              ? t.threadClosed
              : `${t.failed} ${others.join(' ') || error.message}`,
      );
    }
    if (first) first.focus();
    else focusOn(alert);
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    busy = true;
    form.setAttribute('aria-busy', 'true');
    clearErrors();
    const author = { name: controls.name.value.trim(), email: controls.email.value.trim(), url: controls.url.value.trim() };
    const body = controls.body.value;
    saveAuthor(remember.checked ? author : null);
    try {
      const result = await api.post({
        site: opts.site,
        article: opts.article,
        articleUrl: opts.url,
        articleTitle: host.articleTitle().slice(0, 300),
        parentId: target?.comment.id ?? null,
        ...author,
        body,
        homepage: honeypot.value,
        renderedAt,
        subscribe: [notifyReplies, notifyArticle].filter((box) => box.checked).map((box) => box.value),
      });
      controls.body.value = '';
      notifyReplies.checked = false;
      notifyArticle.checked = false;
      const parent = target?.item ?? null;
      if (parent) cancelReply(false);
      focusOn(host.posted(result, body, parent));
    } catch (error) {
      showError(error);
    } finally {
      busy = false;
      form.removeAttribute('aria-busy');
    }
  }

  return { replyTo, cancelReply };
}
