// One comment of the thread as DOM, in WordPress's shape: meta line, text, Reply; replies nested below.
import type { Comment } from './api.js';
import { h, linkButton } from './dom.js';
import { exactTime, fill, relativeTime } from './format.js';
import { commentBody } from './html.js';
import type { Strings } from './strings/types.js';

export interface ItemView {
  t: Strings;
  lang: string;
  base: URL;
  now: number;
  /** False when the thread is closed. */
  canReply: boolean;
  /** The deepest level a reply may be on (the site's maxDepth). */
  maxDepth: number;
  reply(comment: Comment, item: HTMLLIElement, button: HTMLButtonElement): void;
  /** Called for each published comment shown (Like and Report go there). */
  decorate?(item: HTMLLIElement, comment: Comment): void;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The avatar from the Parley server only: a path the API gave, resolved against the script's origin. */
function avatarUrl(base: URL, path: string): string | null {
  if (!path.startsWith('/') || path.startsWith('//')) return null;
  return new URL(path, base.origin).href;
}

function meta(view: ItemView, comment: Comment): HTMLElement {
  const author = comment.author;
  const footer = h('footer', { class: 'm' });
  if (!author) return footer;
  const avatar = avatarUrl(view.base, author.avatar);
  const name =
    author.url && isWebUrl(author.url)
      ? h('a', { class: 'au', href: author.url, rel: 'nofollow ugc', dir: 'auto' }, author.name)
      : h('span', { class: 'au', dir: 'auto' }, author.name);
  footer.append(
    avatar ? h('img', { class: 'av', src: avatar, alt: '', width: 40, height: 40, loading: 'lazy' }) : '',
    name,
  );
  if (author.moderator) footer.append(h('span', { class: 'bd' }, view.t.moderator));
  if (comment.featured) footer.append(h('span', { class: 'bd ft' }, view.t.featured));
  footer.append(
    h(
      'time',
      { datetime: comment.createdAt, title: exactTime(view.lang, comment.createdAt) },
      relativeTime(view.lang, comment.createdAt, view.now),
    ),
  );
  if (comment.editedAt) footer.append(h('span', { class: 'ed', title: exactTime(view.lang, comment.editedAt) }, view.t.edited));
  return footer;
}

/** The <ol> of replies under a comment, created when first needed. */
export function childList(item: HTMLLIElement): HTMLOListElement {
  const last = item.lastElementChild;
  if (last instanceof HTMLOListElement && last.classList.contains('ch')) return last;
  const list = h('ol', { class: 'ch' });
  item.append(list);
  return list;
}

/** A comment (at `depth`, 1 = top level) and its replies; Reply only where a reply may nest. */
export function commentItem(view: ItemView, comment: Comment, pending = false, depth = 1): HTMLLIElement {
  const item = h('li', { id: `comment-${comment.id}`, 'data-id': comment.id, 'data-depth': depth });
  const article = h('article', { class: 'c', tabindex: -1, 'aria-label': comment.author ? comment.author.name : view.t.deleted });
  item.append(article);
  if (comment.deleted || !comment.author) {
    article.append(h('p', { class: 'dl' }, view.t.deleted));
  } else {
    const author = comment.author;
    const content = h('div', { class: 'x', dir: 'auto' });
    content.append(commentBody(comment.html));
    const actions = h('div', { class: 'ac' });
    if (view.canReply && !pending && depth < view.maxDepth) {
      const button: HTMLButtonElement = linkButton(view.t.reply, () => view.reply(comment, item, button), {
        'aria-label': fill(view.t.replyTo, { name: author.name }),
        class: 'l rp',
      });
      actions.append(button);
    }
    article.append(meta(view, comment), pending ? h('p', { class: 'aw' }, view.t.awaiting) : '', content, actions);
    if (!pending) view.decorate?.(item, comment);
  }
  for (const reply of comment.replies) childList(item).append(commentItem(view, reply, false, depth + 1));
  return item;
}
