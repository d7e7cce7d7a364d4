// Site settings (WordPress's discussion settings are the model): the zod schema with the contract's defaults.
import { z } from 'zod';

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
