// zod schemas for the bans API and the author actions (also what the moderator UI's forms send).
import { z } from 'zod';
import { siteSlugSchema } from '../comments/input.js';
import { banKinds } from '../db/schema.js';

const untilSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'Until is an ISO date or date-time, like 2027-01-31 or 2027-01-31T18:00:00Z.' })
  .nullable();

const noteSchema = z.string({ error: 'A note is text.' }).trim().max(500, 'A note is at most 500 characters.').nullable();

const idSchema = z.number({ error: 'A comment id is a number.' }).int().positive().max(Number.MAX_SAFE_INTEGER);

export const newBanSchema = z
  .object({
    site: siteSlugSchema,
    kind: z.enum(banKinds, { error: 'The kind is email, ip or domain.' }),
    commentId: idSchema.optional(),
    value: z.string({ error: 'The value is text.' }).trim().min(1, 'Enter what to ban.').max(254, 'A value is at most 254 characters.').optional(),
    until: untilSchema.optional(),
    note: noteSchema.optional(),
  })
  .strict()
  .refine((v) => (v.commentId === undefined) !== (v.value === undefined), { path: ['value'], message: 'Give either a commentId or a value, not both.' });

export type NewBanInput = z.infer<typeof newBanSchema>;

export const banEditSchema = z
  .object({ until: untilSchema.optional(), note: noteSchema.optional() })
  .strict()
  .refine((v) => v.until !== undefined || v.note !== undefined, { path: ['until'], message: 'Change the until date or the note.' });

/** Every ban route names its site, so that who may touch a ban is read from the request itself. */
export const banSiteQuerySchema = z.object({ site: siteSlugSchema });

export const banListQuerySchema = z.object({
  site: siteSlugSchema,
  limit: z.coerce.number().int().min(1, 'Limit is a number from 1 to 1000.').max(1000, 'Limit is a number from 1 to 1000.').default(500),
});

export const banIdParamSchema = z.object({ id: z.string().regex(/^[1-9][0-9]{0,14}$/).transform(Number) });

/** The author key: the keyed hash of the email that names their avatar (32 hex digits). */
export const authorKeySchema = z.string({ error: 'Choose an author.' }).regex(/^[0-9a-f]{32}$/, 'An author key is 32 hex digits.');

export const approveAuthorSchema = z.object({ site: siteSlugSchema, author: authorKeySchema }).strict();
