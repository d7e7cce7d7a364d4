// Site settings (WordPress's discussion settings are the model): the zod schema with the contract's defaults.
import { z } from 'zod';
import { quietHoursSchema } from './quiet-hours.js';

/** An origin such as `https://example.org` (scheme, host and port only). */
export const originSchema = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'An origin is a scheme, host and optional port, like https://example.org.')
  .transform((value) => new URL(value).origin);

const keyList = z.array(z.string().trim().min(1).max(200)).max(1000).default([]);

/** An Akismet API key (letters and digits; Akismet's are 12 characters). A secret: never shown back. */
export const akismetKeySchema = z.string().trim().regex(/^[A-Za-z0-9]{8,64}$/, 'An Akismet key is 8 to 64 letters and digits.');

/** A Standard Webhooks secret: `whsec_` and the base64 of at least 24 random bytes. A secret: never shown back. */
export const hookSecretSchema = z
  .string()
  .trim()
  .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'The secret is whsec_ followed by base64 of at least 24 random bytes.');

/** Bounds of the moderation hook's timeout: long enough for a classifier, short enough for a commenter waiting. */
export const HOOK_TIMEOUT_MIN_MS = 100;
export const HOOK_TIMEOUT_MAX_MS = 10_000;

export const moderationHookSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'The hook is an http(s) address.' }).max(2048),
    secret: hookSecretSchema,
    timeoutMs: z.number().int().min(HOOK_TIMEOUT_MIN_MS).max(HOOK_TIMEOUT_MAX_MS).default(2000),
  })
  .strict();

export const siteSettingsSchema = z.object({
  origins: z.array(originSchema).max(100).default([]),
  approval: z.enum(['all', 'first-time', 'none']).default('first-time'),
  maxLinks: z.number().int().min(0).max(1000).default(2),
  moderationKeys: keyList,
  disallowedKeys: keyList,
  maxDepth: z.number().int().min(1).max(50).default(5),
  closeAfterDays: z.number().int().min(1).max(36500).nullable().default(null),
  /** "Break comments into pages": top-level comments per page of the public thread; null = one page (of the API's largest). */
  commentsPerPage: z.number().int().min(1).max(200).nullable().default(50),
  editWindowMinutes: z.number().int().min(0).max(60 * 24 * 7).default(15),
  floodSeconds: z.number().int().min(0).max(86400).default(15),
  requireNameEmail: z.boolean().default(true),
  /** The language of the site's mail (en, ar, de, as the widget). */
  language: z.enum(['en', 'ar', 'de']).default('en'),
  /** Distinct readers (reports from one anonymised IP count once) whose reports take a comment back to the queue. */
  reportThreshold: z.number().int().min(1).max(1000).default(3),
  /** A banned author's new comment: refused (403 `banned`), or taken silently as spam (reason `banned`). */
  bannedAction: z.enum(['refuse', 'spam']).default('refuse'),
  /** Whether readers may "Like" comments. */
  reactions: z.boolean().default(true),
  notify: z
    .object({
      webhook: z.url({ protocol: /^https?$/ }).max(2048).optional(),
      email: z.email().max(254).optional(),
    })
    .default({}),
  /** Reader mail: at most this many notification mails to one address per hour (WordPress has no cap; 0 = send none). */
  subscriberMailsPerHour: z.number().int().min(0).max(1000).default(5),
  /** Mail "Your comment was approved" to its author when a moderator approves it. */
  approvedMail: z.boolean().default(false),
  /** Retention: forget the (anonymised) IP and user agent of comments older than this many days; null = keep. */
  forgetIpAfterDays: z.number().int().min(1).max(36500).nullable().default(null),
  /** Retention: delete spam and trash older than this many days, as WordPress does after 30; null = keep. */
  emptySpamTrashAfterDays: z.number().int().min(1).max(36500).nullable().default(30),
  /** Akismet: with a key, new comments are checked and moderators' spam / not-spam decisions sent back (docs/spam.md). */
  akismetKey: akismetKeySchema.nullable().default(null),
  /** The external moderation hook (docs/spam.md); null: none. */
  moderationHook: moderationHookSchema.nullable().default(null),
  /** Quiet hours (see quiet-hours.ts): when commenting closes, or every comment is held; null = none. */
  quietHours: quietHoursSchema.nullable().default(null),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const defaultSiteSettings: SiteSettings = siteSettingsSchema.parse({});

/** Reads settings stored as JSON; a stored value that no longer validates falls back to the defaults. */
export function settingsFromJson(json: string): SiteSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return defaultSiteSettings;
  }
  const parsed = siteSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : defaultSiteSettings;
}

/** Whether `url` (an absolute http(s) URL) is on one of the site's allowed origins. */
export function isAllowedUrl(settings: SiteSettings, url: string): boolean {
  try {
    return settings.origins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}
