// Readers' privacy self-service: the request (JSON for the widget, a page and form without JavaScript),
// and the pages the mailed links open: the export download, and the erase confirmation whose POST acts.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { siteSlugSchema } from '../comments/input.js';
import { checkOrigin } from '../comments/service.js';
import { AppError, fieldsFromIssues } from '../errors.js';
import type { AppEnv, RouteDeps } from '../http/env.js';
import { requireBody, validate } from '../http/validate.js';
import { eraseModes, privacyRequestSchema, type PrivacyRequest } from '../privacy/input.js';
import { exportFileName } from '../privacy/export.js';
import { eraseByEmail } from '../privacy/erase.js';
import { acceptRequest, exportData, READER_ACTOR, requireSite, type PrivacyDeps } from '../privacy/service.js';
import { verifyReaderLink, type LinkPurpose } from '../readers/links.js';
import { privacyMail } from '../readers/notify.js';
import { PAGE_CSP } from '../render/layout.js';
import { fillN, readerPageLanguages, type ReaderPageStrings } from '../render/reader-page-strings.js';
import { EraseConfirmPage, MessagePage, PrivacyRequestPage, REQUEST_ACCEPTED } from '../render/reader-pages.js';
import type { Site } from '../store/types.js';

/** The page's language: the one the widget asked for (`lang`), if Parley has it, else the site's. */
function pageLanguage(asked: string | undefined, site: Site): string {
  const wanted = (asked ?? '').toLowerCase().split('-')[0] ?? '';
  return readerPageLanguages.find((l) => l === wanted) ?? site.settings.language;
}

type FormValue = string | File | (string | File)[] | undefined;
const text = (value: FormValue) => (typeof value === 'string' ? value : undefined);

const tokenParam = z.object({ token: z.string().max(1300) });

/** Pages answer errors with the HTML error page, under their own heading. */
export function asPage(c: Context<AppEnv>, heading: string) {
  c.set('errorPage', { backUrl: null, heading });
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('Cache-Control', 'no-store');
}

export async function readForm(c: Context<AppEnv>): Promise<Record<string, FormValue>> {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    throw new AppError('bad_request', 'The form could not be read.');
  }
}

/** A reader link's claims, or the error a stale or forged one gets. */
export async function openLink(deps: RouteDeps, token: string, purpose: LinkPurpose) {
  const check = await verifyReaderLink(deps.service.secret, token, purpose, deps.service.now());
  if (!check.ok) {
    throw new AppError(
      'forbidden',
      check.reason === 'expired' ? 'This link has expired. Ask for a new one.' : 'This link is not valid. Copy the whole link from the email.',
    );
  }
  return check.link;
}

export function privacyRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  const privacy = (c: Context<AppEnv>): PrivacyDeps => {
    const moderation = deps.moderation(c);
    return { store: moderation.store, secret: moderation.secret, now: moderation.now, hashing: deps.service.hashing, onEvents: moderation.onEvents };
  };

  /** The same for every address: count it against the limits, mail a link only where there are comments. */
  const handleRequest = async (c: Context<AppEnv>, request: PrivacyRequest) => {
    const privacyDeps = privacy(c);
    const { site, hasComments } = await acceptRequest(privacyDeps, request, deps.clientIp(c));
    const readers = deps.readers(c);
    if (hasComments && readers.publicUrl) {
      await deps.enqueueMail(c, [await privacyMail({ ...readers, publicUrl: readers.publicUrl }, site, request.email, request.kind)]);
    }
  };

  app.post('/api/privacy/requests', requireBody('json'), validate('json', privacyRequestSchema), async (c) => {
    const request = c.req.valid('json');
    c.set('siteSlug', request.site);
    const site = await requireSite(privacy(c).store, request.site);
    checkOrigin(site, c.req.header('Origin') ?? null);
    await handleRequest(c, request);
    return c.json({ accepted: true, message: REQUEST_ACCEPTED }, 202);
  });

  // Set before any validation, so even a malformed link gets the HTML page.
  app.use('/privacy/export/*', async (c, next) => {
    asPage(c, 'Download your comments');
    await next();
  });
  app.use('/privacy/erase/*', async (c, next) => {
    asPage(c, 'Erase your comments');
    await next();
  });

  app.get('/privacy', async (c) => {
    asPage(c, 'Manage your comments');
    const slug = siteSlugSchema.safeParse(c.req.query('site'));
    if (!slug.success) throw new AppError('not_found', 'There is no such site.');
    const site = await requireSite(privacy(c).store, slug.data);
    return c.html(<PrivacyRequestPage site={slug.data} lang={pageLanguage(c.req.query('lang'), site)} />);
  });

  app.post('/privacy', requireBody('form'), async (c) => {
    asPage(c, 'Manage your comments');
    const form = await readForm(c);
    const candidate = { site: text(form.site), email: text(form.email), kind: text(form.kind) };
    const slug = siteSlugSchema.safeParse(candidate.site);
    if (!slug.success) throw new AppError('not_found', 'There is no such site.');
    const lang = pageLanguage(text(form.lang), await requireSite(privacy(c).store, slug.data));
    const parsed = privacyRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      const errors = fieldsFromIssues(parsed.error.issues);
      return c.html(<PrivacyRequestPage site={slug.data} lang={lang} email={candidate.email?.slice(0, 254)} kind={candidate.kind} errors={errors} />, 422);
    }
    await handleRequest(c, parsed.data);
    return c.html(<MessagePage lang={lang} title={(s) => s.checkTitle} message={(s) => s.accepted} />, 202);
  });

  app.get('/privacy/export/:token', validate('param', tokenParam), async (c) => {
    const link = await openLink(deps, c.req.valid('param').token, 'export');
    const data = await exportData(privacy(c), link.site, link.email, null);
    c.header('Content-Disposition', `attachment; filename="${exportFileName(link.site, deps.service.now())}"`);
    return c.json(data);
  });

  app.get('/privacy/erase/:token', validate('param', tokenParam), async (c) => {
    const { token } = c.req.valid('param');
    const link = await openLink(deps, token, 'erase');
    const { store } = privacy(c);
    if (await store.isMailTokenUsed(link.id)) throw new AppError('forbidden', 'This link was already used.');
    const site = await requireSite(store, link.site);
    const count = (await store.commentsByEmail(site.id, link.email)).length;
    return c.html(<EraseConfirmPage lang={site.settings.language} action={`/privacy/erase/${token}`} count={count} />);
  });

  app.post('/privacy/erase/:token', validate('param', tokenParam), requireBody('form'), async (c) => {
    const link = await openLink(deps, c.req.valid('param').token, 'erase');
    const mode = z.enum(eraseModes).safeParse(text((await readForm(c)).mode) ?? 'anonymise');
    if (!mode.success) throw new AppError('validation_failed', 'Choose whether to keep or delete the text.', { fields: { mode: 'Choose anonymise or delete.' } });
    const privacyDeps = privacy(c);
    // Looked up before the link is spent: a link to a site that is gone fails without being used up.
    const site = await requireSite(privacyDeps.store, link.site);
    // Recorded before the erase: of two racing clicks only one gets past here.
    if (!(await deps.readers(c).store.useMailToken(link.id, deps.service.now()))) {
      throw new AppError('forbidden', 'This link was already used.');
    }
    const result = await eraseByEmail(privacyDeps, site, link.email, mode.data, READER_ACTOR);
    const { language } = site.settings;
    const message = (s: ReaderPageStrings) =>
      result.anonymised === 0 ? s.erasedNothing : fillN(mode.data === 'delete' ? s.erasedDeleted : s.erasedAnonymised, result.anonymised);
    return c.html(<MessagePage lang={language} title={(s) => s.erasedTitle} message={message} />);
  });

  return app;
}
