// The sites' write-only secrets (the Akismet key, the moderation hook's secret) and the addresses
// moderators may configure: what a PUT keeps, what a GET shows, and which URLs are refused.
import type { SiteSettings } from '../comments/settings.js';
import { validationError } from '../errors.js';
import { refusedUrl } from '../spam/address-policy.js';
import type { SiteSettingsInput } from './input.js';

export type SettingsView = ReturnType<typeof settingsView>;

/** The settings as the API and the moderator UI show them: each secret only as whether it is set. */
export function settingsView(settings: SiteSettings) {
  const { akismetKey, moderationHook, ...rest } = settings;
  return {
    ...rest,
    akismetKey: { set: akismetKey !== null },
    moderationHook: moderationHook && { url: moderationHook.url, timeoutMs: moderationHook.timeoutMs, secret: { set: true } },
  };
}

/**
 * The settings to store from a PUT: secrets left out keep the stored ones. A hook with no secret, given
 * none, and a hook or webhook on a private address (unless allowed) are refused as validation errors.
 */
export function settingsToStore(input: SiteSettingsInput, stored: SiteSettings | null, allowPrivate: boolean): SiteSettings {
  const akismetKey = input.akismetKey === undefined ? (stored?.akismetKey ?? null) : input.akismetKey;
  let moderationHook: SiteSettings['moderationHook'] = null;
  if (input.moderationHook) {
    const secret = input.moderationHook.secret ?? stored?.moderationHook?.secret;
    if (secret === undefined) throw validationError({ 'moderationHook.secret': 'Give the hook a secret (whsec_…) to sign its requests with.' });
    moderationHook = { ...input.moderationHook, secret };
  }
  if (!allowPrivate) {
    const fields: Record<string, string> = {};
    const hookRefused = moderationHook ? refusedUrl(moderationHook.url) : null;
    if (hookRefused) fields['moderationHook.url'] = `Parley does not call private or loopback addresses: ${hookRefused}.`;
    const webhookRefused = input.notify.webhook ? refusedUrl(input.notify.webhook) : null;
    if (webhookRefused) fields['notify.webhook'] = `Parley does not call private or loopback addresses: ${webhookRefused}.`;
    if (Object.keys(fields).length > 0) throw validationError(fields);
  }
  return { ...input, akismetKey, moderationHook };
}
