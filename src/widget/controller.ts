// One widget on a page: loads the thread, pages and sorts it, and shows what the reader posts.
import type { Api, Comment, Posted, ThreadPage } from './api.js';
import type { Context } from './context.js';
import { focusOn, h, linkButton, setChildren } from './dom.js';
import { clockTime, countHeading, fill } from './format.js';
import { commentForm, type CommentForm } from './form-view.js';
import { loadOwn, saveOwn } from './memory.js';
import type { WidgetOptions } from './options.js';
import { addOwnActions, type OwnHost } from './own-actions.js';
import { loadStrings } from './load-strings.js';
import { follow } from './live.js';
import { addReaderActions } from './reader-actions.js';
import { childList, commentItem } from './thread-view.js';

/** Builds the widget in the shadow root and loads the first page; false when the server could not be reached. */
export async function startWidget(shadow: ShadowRoot, opts: WidgetOptions, api: Api): Promise<boolean> {
  let sort = 'oldest';
  // A link to one comment (#comment-1234, also an imported comment's old anchor): the first page reaches down to it.
  const anchor = /^#([A-Za-z][\w-]{0,99})$/.exec(location.hash)?.[1];
  let linkedId: number | null = null;
  let featuredOnly = false;
  // The first page is asked for while the language loads.
  let prefetched: Promise<ThreadPage> | null = api.thread(opts.site, opts.article, sort, opts.pageSize, null, { around: anchor });
  prefetched.catch(() => undefined);
  const { lang, t } = await loadStrings(opts.base, opts.lang);
  const items = new Map<number, HTMLLIElement>();
  let own = loadOwn(opts.site, opts.article, Date.now());
  let form: CommentForm | null = null;
  let article: ThreadPage['article'] | null = null;
  let cursor: string | null = null;

  const live = h('p', { class: 'sr', role: 'status' });
  const ctx: Context = {
    opts,
    api,
    t,
    lang,
    announce(message) {
      // Emptied first, so that the same message twice is announced twice.
      setChildren(live);
      setTimeout(() => setChildren(live, message), 50);
    },
  };
  const heading = h('h2', { id: 'comments-title', tabindex: -1 }, t.loading);
  const select = h(
    'select',
    {
      id: 'sort',
      onchange: () => {
        sort = select.value;
        void load(true);
      },
    },
    h('option', { value: 'oldest' }, t.oldest),
    h('option', { value: 'newest' }, t.newest),
    h('option', { value: 'best' }, t.best),
  );
  const featuredButton = h(
    'button',
    {
      type: 'button',
      class: 'bt fo',
      'aria-pressed': 'false',
      onclick: () => {
        featuredOnly = !featuredOnly;
        featuredButton.setAttribute('aria-pressed', String(featuredOnly));
        void load(true);
      },
    },
    t.featuredFilter,
  );
  const toolbar = h('div', { class: 'tb', hidden: true }, h('label', { for: 'sort' }, t.sortBy), select, ' ', featuredButton);
  const fresh = h('button', { type: 'button', class: 'bt nw', hidden: true, onclick: () => void showFresh() });
  const list = h('ol', { class: 'comment-list' });
  const more = h('button', { type: 'button', class: 'bt', hidden: true, onclick: () => void loadMore() }, t.loadMore);
  const problem = h('p', { class: 'al', role: 'alert', hidden: true });
  const home = h('div');
  shadow.append(h('div', { class: `p ${opts.theme}`, dir: t.dir, lang }, heading, toolbar, fresh, list, more, problem, home, live));

  const title = () => opts.title ?? article?.title ?? document.title;
  const store = () => saveOwn(opts.site, opts.article, own);

  function renderHeading(): void {
    const count = article?.count ?? 0;
    setChildren(heading, countHeading(t, lang, count, title()));
    toolbar.hidden = count < 2;
  }

  const ownHost: OwnHost = {
    ctx,
    changed: store,
    removed(mine, item) {
      own = own.filter((o) => o !== mine);
      store();
      const replies = item.lastElementChild;
      if (replies instanceof HTMLOListElement && replies.children.length > 0) {
        item.firstElementChild?.replaceWith(h('article', { class: 'c' }, h('p', { class: 'dl' }, t.deleted)));
      } else {
        item.remove();
        items.delete(mine.comment.id);
      }
      if (mine.status === 'approved' && article) {
        article.count = Math.max(0, article.count - 1);
        renderHeading();
      }
      ctx.announce(t.removed);
      return heading;
    },
  };

  /** Renders a comment and its replies, remembering each by id and adding Edit/Delete to the reader's own. */
  function render(comment: Comment, pending = false, depth = 1): HTMLLIElement {
    const view = {
      t,
      lang,
      base: opts.base,
      now: Date.now(),
      canReply: !article?.closed,
      maxDepth: article?.maxDepth ?? Infinity,
      reply: (c: Comment, item: HTMLLIElement, button: HTMLButtonElement) => form?.replyTo(c, item, button),
      // Like and Report on published comments; a reader does not report their own.
      decorate: (li: HTMLLIElement, c: Comment) => addReaderActions(ctx, li, c, article?.reactions !== false, !own.some((o) => o.comment.id === c.id)),
    };
    const item = commentItem(view, comment, pending, depth);
    for (const li of [item, ...Array.from(item.querySelectorAll<HTMLLIElement>('li[data-id]'))]) {
      const id = Number(li.dataset.id);
      items.set(id, li);
      const mine = own.find((o) => o.comment.id === id);
      if (!mine) continue;
      if (!pending && mine.status === 'pending') {
        // The server shows it now: a moderator approved it.
        mine.status = 'approved';
        store();
      }
      if (mine.until > Date.now()) addOwnActions(ownHost, li, mine);
    }
    return item;
  }

  /** The level a reply to `parentId` is on (1 when the parent is not shown). */
  function depthUnder(parentId: number | null): number {
    const parent = parentId === null ? undefined : items.get(parentId);
    return parent ? Number(parent.dataset.depth ?? 0) + 1 : 1;
  }

  function place(item: HTMLLIElement, parentId: number | null): void {
    const parent = parentId === null ? undefined : items.get(parentId);
    if (parent) childList(parent).append(item);
    else if (sort === 'newest') list.prepend(item);
    else list.append(item);
  }

  function posted(result: Posted, source: string, parent: HTMLLIElement | null): HTMLElement {
    const { comment } = result;
    own.push({ comment, token: result.editToken, until: Date.parse(result.editableUntil), source, status: comment.status, savedAt: Date.now() });
    store();
    const item = render(comment, comment.status === 'pending', parent ? depthUnder(comment.parentId) : 1);
    place(item, parent ? comment.parentId : null);
    if (comment.status === 'approved' && article) {
      article.count += 1;
      renderHeading();
    }
    ctx.announce(comment.status === 'approved' ? t.published : t.awaiting);
    return item.firstElementChild instanceof HTMLElement ? item.firstElementChild : item;
  }

  /** Loads the first page (reset) or the next one; answers the first new comment, or null on failure. */
  async function load(reset: boolean): Promise<HTMLElement | null> {
    let page: ThreadPage;
    try {
      page = await (prefetched ?? api.thread(opts.site, opts.article, sort, opts.pageSize, reset ? null : cursor, { featured: featuredOnly }));
    } catch {
      prefetched = null;
      setChildren(problem, t.loadFailed, ' ', linkButton(t.retry, () => void load(reset)));
      problem.hidden = false;
      heading.hidden = !article;
      return null;
    }
    if (prefetched && page.target) linkedId = page.target;
    prefetched = null;
    problem.hidden = true;
    heading.hidden = false;
    article = page.article;
    if (reset) {
      form?.cancelReply(false);
      setChildren(list);
      items.clear();
    }
    let first: HTMLElement | null = null;
    for (const comment of page.comments) {
      // A comment the reader posted here may come again from the server; the server's copy wins.
      items.get(comment.id)?.remove();
      const item = render(comment);
      list.append(item);
      first ??= item;
    }
    cursor = page.nextCursor;
    more.hidden = cursor === null;
    if (reset && !featuredOnly) {
      for (const mine of own) {
        if (mine.status === 'pending' && !items.has(mine.comment.id)) place(render(mine.comment, true, depthUnder(mine.comment.parentId)), mine.comment.parentId);
      }
      renderHeading();
      if (article.closed) {
        form = null;
        // Quiet hours say until when (the reader's own clock time).
        setChildren(home, h('p', { class: 'nt' }, article.closedUntil ? fill(t.closedUntil, { time: clockTime(lang, Date.parse(article.closedUntil)) }) : t.closed));
      } else {
        form ??= commentForm({ ctx, home, articleTitle: title, posted });
      }
    }
    return first ?? list;
  }

  async function loadMore(): Promise<void> {
    const first = await load(false);
    const target = first?.firstElementChild;
    if (target instanceof HTMLElement) focusOn(target);
  }

  let freshCount = 0;
  /** "3 new comments — show": the thread again, and the focus on the first comment the reader had not seen. */
  async function showFresh(): Promise<void> {
    const before = new Set(items.keys());
    await load(true);
    fresh.hidden = true;
    freshCount = 0;
    const first = [...items.entries()].find(([id]) => !before.has(id))?.[1].firstElementChild;
    if (first instanceof HTMLElement) focusOn(first);
    else focusOn(heading);
  }

  const ok = (await load(true)) !== null;
  if (opts.live > 0) {
    follow(
      opts.live,
      () => api.thread(opts.site, opts.article, sort, opts.pageSize, null, { featured: featuredOnly, revalidate: true }),
      (count) => {
        const n = count - (article?.count ?? 0);
        if (n <= 0 || n === freshCount) return;
        freshCount = n;
        const text = fill(t.newComments[new Intl.PluralRules(lang).select(n)] ?? t.newComments.other, { n: String(n) });
        setChildren(fresh, text);
        fresh.hidden = false;
        ctx.announce(text);
      },
    );
  }
  // After the no-JavaScript form's redirect to #comment-{id}, or a shared link: go to that comment.
  const linked = /^#comment-(\d+)$/.exec(location.hash);
  const target = items.get(linkedId ?? Number(linked?.[1]))?.firstElementChild;
  if (target instanceof HTMLElement) focusOn(target);
  return ok;
}
