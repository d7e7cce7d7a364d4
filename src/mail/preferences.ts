// Moderators' mail preferences as the API shows and takes them.
import { z } from 'zod';
import { siteSlugSchema } from '../comments/input.js';
import { AppError } from '../errors.js';
import type { MailPrefs, MailRow, Store } from '../store/types.js';

export const mailPrefsInputSchema = z.object({
  site: siteSlugSchema,
  /** "Email me whenever anyone posts a comment". */
  onNew: z.boolean({ error: 'onNew is true or false.' }),
  /** "Email me whenever a comment is held for moderation". */
  onHeld: z.boolean({ error: 'onHeld is true or false.' }),
  /** 0: one mail per comment; otherwise one digest every this many minutes (5 to 10080, a week). */
  digestMinutes: z
    .number({ error: 'digestMinutes is a number of minutes.' })
    .int('digestMinutes is a whole number of minutes.')
    .refine((n) => n === 0 || (n >= 5 && n <= 10080), 'digestMinutes is 0 (no digest) or from 5 to 10080.'),
});

/** `scope`: a moderator's sites, the only ones it hears of (undefined: an admin, every site). */
export async function notificationsOf(store: Store, moderatorId: number, scope?: readonly number[]) {
  const rows = (await store.mailPrefsOf(moderatorId)).filter((r) => !scope || scope.includes(r.siteId));
  return { sites: rows.map((r) => ({ site: r.site, ...r.prefs })) };
}

export async function saveNotifications(
  store: Store,
  moderatorId: number,
  input: z.infer<typeof mailPrefsInputSchema>,
  now: number,
  scope?: readonly number[],
) {
  const site = await store.getSite(input.site);
  if (!site) throw new AppError('not_found', 'There is no such site.');
  if (scope && !scope.includes(site.id)) throw new AppError('forbidden', 'You do not moderate this site.');
  const prefs: MailPrefs = { onNew: input.onNew, onHeld: input.onHeld, digestMinutes: input.digestMinutes };
  await store.saveMailPrefs(moderatorId, site.id, prefs, now);
  return { site: site.slug, ...prefs };
}

/** A failed mail as the dashboard and API show it (its body stays in the database). */
export function failedMailView(row: MailRow, siteSlugs: Map<number, string>) {
  return {
    id: row.id,
    kind: row.kind,
    site: row.siteId === null ? null : (siteSlugs.get(row.siteId) ?? null),
    to: row.recipient,
    subject: row.subject,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: new Date(row.createdAt).toISOString(),
    failedAt: row.failedAt === null ? null : new Date(row.failedAt).toISOString(),
  };
}

export async function failedMails(store: Store, limit: number) {
  const [rows, sites] = await Promise.all([store.listFailedMails(limit), store.listSites()]);
  const slugs = new Map(sites.map((s) => [s.id, s.slug]));
  return rows.map((r) => failedMailView(r, slugs));
}
