// zod schemas for everything a commenter sends, with the messages shown beside each field.
import { z } from 'zod';
import { charLength, cleanLine, cleanText } from './text.js';

export const siteSlugSchema = z
  .string({ error: 'Choose a site.' })
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'A site is a short slug of letters, digits, - and _.');

export const articleKeySchema = z
  .string({ error: 'Name the article.' })
  .transform(cleanLine)
  .pipe(z.string().min(1, 'Name the article.').max(512, 'An article key is at most 512 characters.'));

function httpUrl(max: number, message: string) {
  return z
    .string({ error: message })
    .trim()
    .max(max, `A web address is at most ${max} characters.`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, message)
    .transform((value) => new URL(value).href)
    .refine((href) => href.length <= max, `A web address is at most ${max} characters.`);
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

export const nameSchema = z
  .string({ error: 'Enter your name.' })
  .transform(cleanLine)
  .refine((s) => s.length > 0, 'Enter your name.')
  .refine((s) => charLength(s) <= 100, 'A name is at most 100 characters.');

export const emailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'An email address is at most 254 characters.')
  .pipe(z.email('Enter a valid email address.'));

export const bodySchema = z
  .string({ error: 'Write a comment.' })
  .transform((s) => cleanText(s).trim())
  .refine((s) => s.length > 0, 'Write a comment.')
  .refine((s) => charLength(s) <= 10_000, 'A comment is at most 10,000 characters.');

export const newCommentSchema = z.object({
  site: siteSlugSchema,
  article: articleKeySchema,
  articleUrl: optional(httpUrl(2048, 'The article address must be an http(s) URL.')),
  articleTitle: optional(
    z
      .string()
      .transform(cleanLine)
      .pipe(z.string().max(300, 'An article title is at most 300 characters.')),
  ),
  parentId: optional(z.number({ error: 'A reply names its parent comment by id.' }).int().positive().max(Number.MAX_SAFE_INTEGER)),
  // Name and email are checked against the site's requireNameEmail setting after parsing.
  name: optional(nameSchema),
  email: optional(emailSchema),
  url: optional(httpUrl(2048, 'A website must be an http(s) address.')),
  body: bodySchema,
  /** Honeypot: invisible to people, filled in by bots. */
  homepage: z.unknown().optional(),
  /** When the widget rendered the form (ms since epoch), for the time trap. */
  renderedAt: optional(z.number().int().nonnegative()),
  /** Mail me replies to this comment, and/or new comments on this article (the form's checkboxes may send both). */
  subscribe: z.preprocess(
    (value) => (value === '' || value === null ? undefined : typeof value === 'string' ? [value] : value),
    z
      .array(z.enum(['replies', 'article'], { error: 'Subscribe to "replies" or "article".' }), { error: 'Subscribe to "replies" or "article".' })
      .max(2, 'Subscribe to "replies" or "article".')
      .transform((kinds) => [...new Set(kinds)])
      .optional(),
  ),
});

export type NewCommentInput = z.infer<typeof newCommentSchema>;

export const editCommentSchema = z.object({ body: bodySchema });

export const commentIdSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'A comment id is a positive whole number.')
    .transform(Number),
});

export const threadQuerySchema = z.object({
  site: siteSlugSchema,
  article: articleKeySchema,
  sort: z.enum(['oldest', 'newest', 'best'], { error: 'Sort is oldest, newest or best.' }).default('oldest'),
  filter: z.enum(['featured'], { error: 'The only filter is featured.' }).optional(),
  limit: z.coerce
    .number({ error: 'Limit is a number from 1 to 200.' })
    .int('Limit is a number from 1 to 200.')
    .min(1, 'Limit is a number from 1 to 200.')
    .max(200, 'Limit is a number from 1 to 200.')
    // Without one, the site's "Break comments into pages" setting decides (50 unless changed).
    .optional(),
  cursor: z.string().max(200).optional(),
  /** An anchor (`comment-1234`, or an imported comment's old one): the first page reaches down to it. */
  around: z
    .string()
    .regex(/^[A-Za-z][\w-]{0,99}$/, 'An anchor such as comment-1234.')
    .optional(),
});

export type ThreadQuery = z.infer<typeof threadQuerySchema>;

export const countsQuerySchema = z.object({
  site: siteSlugSchema,
  article: z
    .array(articleKeySchema, { error: 'Name at least one article.' })
    .min(1, 'Name at least one article.')
    .max(100, 'At most 100 articles at a time.'),
});
