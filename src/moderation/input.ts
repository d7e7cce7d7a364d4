// zod schemas for the moderation API's requests.
import { z } from 'zod';
import { commentStatuses } from '../db/schema.js';
import { articleKeySchema, bodySchema, nameSchema, siteSlugSchema } from '../comments/input.js';
import { akismetKeySchema, hookSecretSchema, moderationHookSchema, siteSettingsSchema } from '../comments/settings.js';

export const signInSchema = z.object({
  email: z.string({ error: 'Enter your email address.' }).trim().min(1, 'Enter your email address.').max(254),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024),
});

export const actions = ['approve', 'unapprove', 'spam', 'trash', 'restore'] as const;
export type Action = (typeof actions)[number];

export const actionParamSchema = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,14}$/).transform(Number),
  action: z.enum(actions),
});

export const queueQuerySchema = z.object({
  status: z.enum(commentStatuses, { error: 'Status is pending, approved, spam or trash.' }).optional(),
  site: siteSlugSchema.optional(),
  article: articleKeySchema.optional(),
  q: z.string().trim().max(200, 'A search is at most 200 characters.').optional(),
  /** `true`: only comments with open readers' reports (the Reported view). */
  reported: z.enum(['true', 'false'], { error: 'Reported is true or false.' }).transform((v) => v === 'true').optional(),
  /** Only this author's comments (the key each queue row's `authorHistory` gives). */
  author: z.string().regex(/^[0-9a-f]{32}$/, 'An author key is 32 hex digits.').optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1, 'Limit is a number from 1 to 200.').max(200, 'Limit is a number from 1 to 200.').default(50),
});

export const adminEditSchema = z
  .object({
    body: bodySchema.optional(),
    name: nameSchema.optional(),
    url: z
      .union([z.literal(''), z.null(), z.url({ protocol: /^https?$/, error: 'A website must be an http(s) address.' }).max(2048)])
      .optional(),
  })
  .refine((v) => v.body !== undefined || v.name !== undefined || v.url !== undefined, 'Change the body, the name or the url.');

export const bulkSchema = z.object({
  ids: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1, 'Choose at least one comment.').max(500, 'At most 500 comments at a time.'),
  action: z.enum([...actions, 'delete'], { error: 'The action is approve, unapprove, spam, trash, restore or delete.' }),
});

export const replySchema = z.object({ body: bodySchema });

export const siteParamSchema = z.object({ site: siteSlugSchema });

/** What GET shows of a secret (`{ "set": true }`); sent back on PUT it keeps the stored secret. */
const keptSecret = z
  .object({ set: z.boolean() })
  .strict()
  .transform(() => undefined);

/**
 * The whole settings object on PUT: unknown keys are mistakes, missing keys take the defaults, except
 * the write-only secrets: `akismetKey` and `moderationHook.secret` left out (or given as `{ "set": … }`)
 * keep what is stored; `akismetKey: null` removes the key.
 */
export const siteSettingsInputSchema = siteSettingsSchema
  .extend({
    akismetKey: z.union([akismetKeySchema, z.null(), keptSecret]).optional(),
    moderationHook: moderationHookSchema
      .extend({ secret: z.union([hookSecretSchema, keptSecret]).optional() })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export type SiteSettingsInput = z.infer<typeof siteSettingsInputSchema>;

export const auditQuerySchema = z.object({
  cursor: z.string().regex(/^[1-9][0-9]{0,14}$/, 'This cursor is not one this service gave out.').transform(Number).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
