// The demo site that `npm start` creates, so a fresh install has something to look at.
import { siteSettingsSchema } from './comments/settings.js';
import type { CommentStore } from './store/types.js';

/** Creates the `demo` site, or makes sure its origins include this server's. */
export async function ensureDemoSite(store: CommentStore, port: number, now: number): Promise<void> {
  const local = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const existing = await store.getSite('demo');
  if (existing && local.every((o) => existing.settings.origins.includes(o))) return;
  const settings = existing?.settings ?? siteSettingsSchema.parse({});
  const origins = [...new Set([...settings.origins, ...local])];
  await store.saveSite('demo', { ...settings, origins }, now);
}
