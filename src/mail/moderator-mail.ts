// The mails moderators get: one comment that was held (with Approve / Spam / Trash links) or
// published, and the digest of several. The commenter's email appears here because a moderator may
// see it; a moderator mail never names another moderator.
import { httpHref } from '../comments/http-href.js';
import { parseReasons } from '../comments/stored-reasons.js';
import type { AdminCommentRow, Site } from '../store/types.js';
import { escapeHtml, htmlDocument, quoteHtml, quoteText } from './html.js';
import { actionUrl, LINK_LIFETIME_MS, mailActions, signLink } from './links.js';
import { fill, stringsFor, type MailStrings } from './strings/index.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface ModeratorMailContext {
  site: Site;
  moderator: { id: number; email: string };
  publicUrl: string;
  secret: string;
  now: number;
}

/** A stored reason (`links:3`, `moderation_key:casino`, …) in the site's language. */
export function reasonInWords(reason: string, strings: MailStrings, maxLinks: number): string {
  const colon = reason.indexOf(':');
  const code = colon === -1 ? reason : reason.slice(0, colon);
  const value = colon === -1 ? '' : reason.slice(colon + 1);
  switch (code) {
    case 'links':
      return fill(strings.reasons.links, { n: value, max: maxLinks });
    case 'moderation_key':
    case 'disallowed_key':
      return fill(strings.reasons[code], { word: value });
    case 'first_comment':
    case 'manual_approval':
    case 'honeypot':
    case 'too_fast':
      return strings.reasons[code];
  }
  return reason;
}

const articleTitle = (row: AdminCommentRow) => row.article.title || row.article.key;

/** The lines of one comment, as label/value pairs (values are user text: escaped in HTML). */
function commentFacts(row: AdminCommentRow, s: MailStrings, site: Site, held: boolean) {
  const { comment, article } = row;
  const facts: Array<{ label: string; value: string; href: string | null }> = [
    { label: s.moderator.article, value: articleTitle(row), href: httpHref(article.url) },
    { label: s.moderator.author, value: comment.name, href: null },
  ];
  if (comment.email) facts.push({ label: s.moderator.email, value: comment.email, href: null });
  if (comment.url) facts.push({ label: s.moderator.website, value: comment.url, href: null });
  const reasons = parseReasons(comment.reasons);
  if (held && reasons.length > 0) {
    facts.push({ label: s.moderator.reasons, value: reasons.map((r) => reasonInWords(r, s, site.settings.maxLinks)).join('; '), href: null });
  }
  return facts;
}

async function actionLinks(row: AdminCommentRow, ctx: ModeratorMailContext, s: MailStrings) {
  const expiresAt = ctx.now + LINK_LIFETIME_MS;
  return Promise.all(
    mailActions.map(async (action) => ({
      label: s.moderator[action],
      url: actionUrl(ctx.publicUrl, await signLink(ctx.secret, { commentId: row.comment.id, moderatorId: ctx.moderator.id, action, expiresAt })),
    })),
  );
}

function factsText(facts: ReturnType<typeof commentFacts>): string {
  return facts.map((f) => `${f.label}: ${f.value}${f.href ? ` <${f.href}>` : ''}`).join('\n');
}

function factsHtml(facts: ReturnType<typeof commentFacts>): string {
  const rows = facts.map(
    (f) =>
      `<tr><th scope="row" style="text-align: start; padding-inline-end: 1em">${escapeHtml(f.label)}</th><td>${
        f.href ? `<a href="${escapeHtml(f.href)}">${escapeHtml(f.value)}</a>` : escapeHtml(f.value)
      }</td></tr>`,
  );
  return `<table>${rows.join('')}</table>`;
}

function footer(ctx: ModeratorMailContext, s: MailStrings) {
  const settings = `${ctx.publicUrl}/admin/notifications`;
  return { text: fill(s.footerModerator, { site: ctx.site.slug, settings }), html: escapeHtml(fill(s.footerModerator, { site: ctx.site.slug, settings })) };
}

/** One comment: held (with action links) or published. */
export async function renderCommentMail(row: AdminCommentRow, ctx: ModeratorMailContext): Promise<RenderedMail> {
  const s = stringsFor(ctx.site.settings.language);
  const held = row.comment.status === 'pending';
  const title = articleTitle(row);
  const subject = fill(held ? s.moderator.heldSubject : s.moderator.newSubject, { site: ctx.site.slug, title });
  const intro = fill(held ? s.moderator.heldIntro : s.moderator.newIntro, { title });
  const facts = commentFacts(row, s, ctx.site, held);
  const links = held ? await actionLinks(row, ctx, s) : [];
  const queue = `${ctx.publicUrl}/admin`;
  const foot = footer(ctx, s);

  const text = [
    intro,
    '',
    factsText(facts),
    '',
    `${s.moderator.comment}:`,
    quoteText(row.comment.bodySource),
    '',
    ...links.map((l) => `${l.label}: ${l.url}`),
    ...(links.length > 0 ? [s.moderator.linksNote, ''] : []),
    `${s.moderator.queue}: ${queue}`,
    '',
    '-- ',
    foot.text,
    '',
  ].join('\n');

  const html = htmlDocument({
    lang: ctx.site.settings.language,
    dir: s.dir,
    title: subject,
    body: [
      `<p>${escapeHtml(intro)}</p>`,
      factsHtml(facts),
      `<p><strong>${escapeHtml(s.moderator.comment)}:</strong></p>`,
      quoteHtml(row.comment.bodySource),
      links.length > 0
        ? `<p>${links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' | ')}</p><p><small>${escapeHtml(s.moderator.linksNote)}</small></p>`
        : '',
      `<p><a href="${escapeHtml(queue)}">${escapeHtml(s.moderator.queue)}</a></p>`,
      `<hr><p><small>${foot.html}</small></p>`,
    ].join('\n'),
  });
  return { subject, text, html, headers: {} };
}

/** Several comments in one mail, each held one with its own action links. */
export async function renderDigestMail(rows: AdminCommentRow[], ctx: ModeratorMailContext): Promise<RenderedMail> {
  const s = stringsFor(ctx.site.settings.language);
  const subject = fill(rows.length === 1 ? s.moderator.digestSubject.one : s.moderator.digestSubject.other, { site: ctx.site.slug, n: rows.length });
  const intro = fill(s.moderator.digestIntro, { site: ctx.site.slug });
  const textParts: string[] = [intro, ''];
  const htmlParts: string[] = [`<p>${escapeHtml(intro)}</p>`];
  for (const row of rows) {
    const held = row.comment.status === 'pending';
    const facts = commentFacts(row, s, ctx.site, held);
    const links = held ? await actionLinks(row, ctx, s) : [];
    const status = held ? s.moderator.statusHeld : s.moderator.statusApproved;
    textParts.push(`* ${status}`, factsText(facts), quoteText(row.comment.bodySource), ...links.map((l) => `${l.label}: ${l.url}`), '');
    htmlParts.push(
      `<hr><p><strong>${escapeHtml(status)}</strong></p>`,
      factsHtml(facts),
      quoteHtml(row.comment.bodySource),
      links.length > 0 ? `<p>${links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(' | ')}</p>` : '',
    );
  }
  const queue = `${ctx.publicUrl}/admin`;
  const foot = footer(ctx, s);
  textParts.push(s.moderator.linksNote, `${s.moderator.queue}: ${queue}`, '', '-- ', foot.text, '');
  htmlParts.push(
    `<p><small>${escapeHtml(s.moderator.linksNote)}</small></p>`,
    `<p><a href="${escapeHtml(queue)}">${escapeHtml(s.moderator.queue)}</a></p>`,
    `<hr><p><small>${foot.html}</small></p>`,
  );
  return { subject, text: textParts.join('\n'), html: htmlDocument({ lang: ctx.site.settings.language, dir: s.dir, title: subject, body: htmlParts.join('\n') }), headers: {} };
}
