// Moderation beyond single comments: the statistics, a site's settings and the audit log.
import type { Actor, Site } from '../store/types.js';
import type { SiteSettingsInput } from './input.js';
import { siteOf, type ModerationDeps } from './service.js';
import { settingsToStore, settingsView } from './site-secrets.js';

export async function stats(deps: ModerationDeps, scope?: readonly number[]) {
  const empty = () => ({ pending: 0, approved: 0, spam: 0, trash: 0, total: 0 });
  const sites: Record<string, ReturnType<typeof empty>> = {};
  const totals = empty();
  for (const site of await deps.store.listSites()) if (!scope || scope.includes(site.id)) sites[site.slug] = empty();
  for (const row of await deps.store.stats()) {
    // A moderator's counts are its own sites' only.
    if (scope && !(row.site in sites)) continue;
    const site = (sites[row.site] ??= empty());
    site[row.status] += row.count;
    site.total += row.count;
    totals[row.status] += row.count;
    totals.total += row.count;
  }
  return { sites, totals };
}

export function siteView(site: Site) {
  return { site: site.slug, settings: settingsView(site.settings), webhookSecret: site.webhookSecret };
}

export async function getSiteSettings(deps: ModerationDeps, slug: string) {
  // Read only: the secret was made when the site was saved (or by the migration that gave old sites one).
  return siteView(await siteOf(deps, slug));
}

export async function putSiteSettings(deps: ModerationDeps, slug: string, input: SiteSettingsInput, actor: Actor) {
  const stored = await deps.store.getSite(slug);
  const settings = settingsToStore(input, stored?.settings ?? null, deps.allowPrivateHooks ?? false);
  const { site, created } = await deps.store.saveSite(slug, settings, deps.now());
  await deps.store.recordAudit({ actor, action: created ? 'site.create' : 'site.update', at: deps.now(), commentId: null, siteId: site.id });
  return { view: siteView(site), created };
}

export async function listAudit(deps: ModerationDeps, query: { cursor?: number; limit: number }) {
  const rows = await deps.store.listAudit({ beforeId: query.cursor, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: { type: r.actorType, id: r.actorId, name: r.actorName },
      action: r.action,
      commentId: r.commentId,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      detail: r.detail ? (JSON.parse(r.detail) as unknown) : null,
    })),
    nextCursor: rows.length > query.limit && last ? String(last.id) : null,
  };
}
