// /mail/action/:token — the Approve / Spam / Trash links in moderators' mail. GET shows a confirmation
// page and changes nothing; POST (its button) checks the link again, records it as used, and does the
// action as the moderator the mail went to (audited, webhooks sent, like any other action).
import { Hono, type Context } from 'hono';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { verifyLink, type LinkClaims } from '../mail/links.js';
import { stringsFor } from '../mail/strings/index.js';
import { accessOf, can } from '../moderation/roles.js';
import { applyAction } from '../moderation/service.js';
import { PAGE_CSP } from '../render/layout.js';
import { ActionDonePage, ActionRefusedPage, ConfirmActionPage, type Refusal } from '../render/mail-action-page.js';
import type { AdminCommentRow, ModeratorRow, Store } from '../store/types.js';

const STATUS: Record<Refusal, 400 | 403 | 404 | 409 | 410> = { invalid: 400, forbidden: 403, gone: 404, used: 409, expired: 410 };

export function mailActionRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  const { now, secret } = deps.service;

  app.use('/mail/action/*', async (c, next) => {
    c.set('errorPage', { backUrl: null });
    await next();
    c.header('Content-Security-Policy', PAGE_CSP);
    // The token is a credential: keep it out of caches and Referer headers.
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
  });

  const refuse = async (c: Context<AppEnv>, refusal: Refusal, language = 'en') =>
    c.html(<ActionRefusedPage strings={stringsFor(language)} lang={language} refusal={refusal} queueUrl="/admin" />, STATUS[refusal]);

  /** The link's claims, its comment and moderator, or why it cannot be used. */
  async function check(
    store: Store,
    token: string,
  ): Promise<{ ok: true; claims: LinkClaims; row: AdminCommentRow; moderator: ModeratorRow; language: string } | { ok: false; refusal: Refusal; language?: string }> {
    const link = await verifyLink(secret, token, now());
    if (!link.ok) return { ok: false, refusal: link.reason };
    const [row, moderators] = await Promise.all([store.getAdminComment(link.claims.commentId), store.listModerators()]);
    const moderator = moderators.find((m) => m.id === link.claims.moderatorId);
    if (!moderator) return { ok: false, refusal: 'invalid' };
    const site = row ? await store.getSite(row.siteSlug) : null;
    const language = site?.settings.language ?? 'en';
    if (!row || row.comment.deleted) return { ok: false, refusal: 'gone', language };
    // The moderator's role and sites as they are now, not as they were when the mail was sent.
    if (!can(accessOf(moderator), 'moderate', row.article.siteId)) return { ok: false, refusal: 'forbidden', language };
    if (await store.isMailTokenUsed(link.claims.id)) return { ok: false, refusal: 'used', language };
    return { ok: true, claims: link.claims, row, moderator, language };
  }

  const summary = (row: AdminCommentRow) => ({ name: row.comment.name, articleTitle: row.article.title || row.article.key, body: row.comment.bodySource });

  app.get('/mail/action/:token', async (c) => {
    const found = await check(deps.moderation(c).store, c.req.param('token'));
    if (!found.ok) return refuse(c, found.refusal, found.language);
    const strings = stringsFor(found.language);
    return c.html(
      <ConfirmActionPage strings={strings} lang={found.language} action={found.claims.action} comment={summary(found.row)} formAction={c.req.path} />,
    );
  });

  app.post('/mail/action/:token', async (c) => {
    const found = await check(deps.moderation(c).store, c.req.param('token'));
    if (!found.ok) return refuse(c, found.refusal, found.language);
    // Recorded before the action: of two racing clicks only one gets past here.
    if (!(await deps.moderation(c).store.useMailToken(found.claims.id, now()))) return refuse(c, 'used', found.language);
    const { moderator } = found;
    await applyAction(deps.moderation(c), found.claims.commentId, found.claims.action, {
      type: 'moderator',
      id: moderator.id,
      name: moderator.name,
      email: moderator.email,
    });
    const strings = stringsFor(found.language);
    return c.html(<ActionDonePage strings={strings} lang={found.language} action={found.claims.action} comment={summary(found.row)} queueUrl="/admin" />);
  });

  return app;
}
