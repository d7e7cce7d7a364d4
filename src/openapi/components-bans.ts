// Response bodies of bans and the author actions (src/routes/admin/bans.ts, the queue's author
// history), as named components like those of components.ts (kept apart to keep that file small).
import { z } from 'zod';
import { banKinds } from '../db/schema.js';
import { adminCommentSchema, bulkResultSchema, named } from './components.js';

const isoTime = z.string().describe('ISO 8601 time in UTC, e.g. 2026-11-24T19:08:14.000Z');
const count = z.number().int().nonnegative();

export const banSchema = named(
  'Ban',
  z.object({
    id: z.number().int(),
    site: z.string(),
    kind: z.enum(banKinds),
    value: z.string().describe('the email, the email domain, or the IP as stored (IPv4 /24, IPv6 /48)'),
    until: isoTime.nullable().describe('when the ban ends; null: for good'),
    expired: z.boolean().describe('an expired ban is kept and listed, no longer applied'),
    note: z.string().nullable(),
    commentId: z.number().int().nullable().describe('the comment it was made from, if any'),
    createdBy: z.string().describe("the name of the moderator or token that made it"),
    createdAt: isoTime,
  }),
  "A site's refusal of an author's email, email domain or IP (only moderators of the site see it).",
);

export const authorHistorySchema = named(
  'AuthorHistory',
  z.object({
    pending: count,
    approved: count,
    spam: count,
    trash: count,
    key: z.string().describe('names the author in `?author=` and POST /api/admin/authors/approve: the hash that names their avatar, never the email'),
  }),
  "The comment author's comments on the site, per status.",
);

export const queueCommentSchema = named(
  'QueueComment',
  adminCommentSchema.extend({
    authorHistory: authorHistorySchema.nullable().describe('null for a comment with no email, a moderator reply or a deleted comment'),
  }),
  'A comment in the queue: an AdminComment with its author history.',
);

export const approveAuthorResultSchema = named(
  'ApproveAuthorResult',
  z.object({
    results: z.array(bulkResultSchema),
    more: z.boolean().describe('true: more pending comments are left (at most 500 per request): ask again'),
  }),
);
