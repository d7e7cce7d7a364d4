// Readers' mail: the double opt-in confirmation, reply and new-comment notifications, "your comment
// was approved", and the privacy links. Plain text plus HTML in the site's language, every piece of
// user text escaped, no images. A mail names only its own recipient: the comment it announces shows
// its author's name and text (public already), never their email.
import { httpHref } from '../comments/http-href.js';
import type { RenderedMail } from '../mail/moderator-mail.js';
import { escapeHtml, htmlDocument, quoteHtml, quoteText } from '../mail/html.js';
import { fill, stringsFor } from '../mail/strings/index.js';
import type { ArticleRow, CommentRow, Site } from '../store/types.js';
import { readerLinkUrl, signReaderLink, type LinkPurpose } from './links.js';
import { readerStringsFor } from './strings.js';

export interface ReaderMailContext {
  site: Site;
  /** Where links in mail point (no trailing slash). */
  publicUrl: string;
  secret: string;
  now: number;
}

async function link(ctx: ReaderMailContext, purpose: LinkPurpose, email: string, subscriptionId: number | null = null): Promise<string> {
  const token = await signReaderLink(ctx.secret, { purpose, site: ctx.site.slug, email, subscriptionId }, ctx.now);
  return readerLinkUrl(ctx.publicUrl, purpose, token);
}

/** RFC 8058 one-click unsubscribe: mail programs POST `List-Unsubscribe=One-Click` to the https link. */
function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const titleOf = (article: Pick<ArticleRow, 'title' | 'key'>) => article.title || article.key;

/** Text and HTML from paragraphs, an optional quoted comment, links, and the footer. */
function compose(
  ctx: ReaderMailContext,
  subject: string,
  parts: { intro: string; quote?: string; links: Array<{ label: string; url: string }>; note?: string },
): { text: string; html: string } {
  const language = ctx.site.settings.language;
  const footer = fill(readerStringsFor(language).footer, { site: ctx.site.slug });
  const text = [
    parts.intro,
    '',
    ...(parts.quote !== undefined ? [quoteText(parts.quote), ''] : []),
    ...parts.links.map((l) => `${l.label}: ${l.url}`),
    ...(parts.note ? ['', parts.note] : []),
    '',
    '-- ',
    footer,
    '',
  ].join('\n');
  const html = htmlDocument({
    lang: language,
    dir: stringsFor(language).dir,
    title: subject,
    body: [
      `<p>${escapeHtml(parts.intro)}</p>`,
      parts.quote !== undefined ? quoteHtml(parts.quote) : '',
      ...parts.links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`),
      parts.note ? `<p><small>${escapeHtml(parts.note)}</small></p>` : '',
      `<hr><p><small>${escapeHtml(footer)}</small></p>`,
    ].join('\n'),
  });
  return { text, html };
}

export async function renderConfirmMail(ctx: ReaderMailContext, email: string, article: Pick<ArticleRow, 'title' | 'key'>): Promise<RenderedMail> {
  const s = readerStringsFor(ctx.site.settings.language);
  const subject = fill(s.confirmSubject, { site: ctx.site.slug });
  const body = compose(ctx, subject, {
    intro: fill(s.confirmIntro, { title: titleOf(article) }),
    links: [{ label: s.confirmAction, url: await link(ctx, 'confirm', email) }],
    note: s.confirmIgnore,
  });
  return { subject, ...body, headers: {} };
}

/** "Read it" (the comment on its page, when the article has a web address) and "Unsubscribe". */
function commentLinks(article: Pick<ArticleRow, 'url'>, commentId: number, unsubscribe: string, s: ReturnType<typeof readerStringsFor>) {
  const page = httpHref(article.url);
  return [...(page ? [{ label: s.read, url: `${page.split('#')[0]}#comment-${commentId}` }] : []), { label: s.unsubscribe, url: unsubscribe }];
}

export interface Announcement {
  kind: 'replies' | 'article';
  comment: Pick<CommentRow, 'id' | 'name' | 'bodySource'>;
  article: Pick<ArticleRow, 'title' | 'key' | 'url'>;
  subscriptionId: number;
}

export async function renderNotificationMail(ctx: ReaderMailContext, email: string, a: Announcement): Promise<RenderedMail> {
  const s = readerStringsFor(ctx.site.settings.language);
  const values = { site: ctx.site.slug, name: a.comment.name || 'Anonymous', title: titleOf(a.article) };
  const subject = fill(a.kind === 'replies' ? s.replySubject : s.articleSubject, values);
  const unsubscribe = await link(ctx, 'unsubscribe', email, a.subscriptionId);
  const body = compose(ctx, subject, {
    intro: fill(a.kind === 'replies' ? s.replyIntro : s.articleIntro, values),
    quote: a.comment.bodySource,
    links: commentLinks(a.article, a.comment.id, unsubscribe, s),
  });
  return { subject, ...body, headers: unsubscribeHeaders(unsubscribe) };
}

export async function renderApprovedMail(
  ctx: ReaderMailContext,
  email: string,
  comment: Pick<CommentRow, 'id' | 'bodySource'>,
  article: Pick<ArticleRow, 'title' | 'key' | 'url'>,
): Promise<RenderedMail> {
  const s = readerStringsFor(ctx.site.settings.language);
  const values = { site: ctx.site.slug, title: titleOf(article) };
  const subject = fill(s.approvedSubject, values);
  // Not a subscription: its unsubscribe link stops every mail to the address.
  const unsubscribe = await link(ctx, 'unsubscribe', email);
  const body = compose(ctx, subject, {
    intro: fill(s.approvedIntro, values),
    quote: comment.bodySource,
    links: commentLinks(article, comment.id, unsubscribe, s),
  });
  return { subject, ...body, headers: unsubscribeHeaders(unsubscribe) };
}

export async function renderPrivacyMail(ctx: ReaderMailContext, email: string, kind: 'export' | 'erase'): Promise<RenderedMail> {
  const s = readerStringsFor(ctx.site.settings.language);
  const subject = fill(kind === 'export' ? s.exportSubject : s.eraseSubject, { site: ctx.site.slug });
  const body = compose(ctx, subject, {
    intro: fill(kind === 'export' ? s.exportIntro : s.eraseIntro, { site: ctx.site.slug }),
    links: [{ label: kind === 'export' ? s.exportAction : s.eraseAction, url: await link(ctx, kind, email) }],
    note: s.privacyIgnore,
  });
  return { subject, ...body, headers: {} };
}
