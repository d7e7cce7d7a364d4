// Response bodies as zod schemas, registered as the document's named components. The request schemas
// are the routes' own (imported by the area files); these describe what the routes answer, and the
// response tests (test/openapi-responses.test.ts) hold real answers against them.
import { z } from 'zod';
import { commentStatuses } from '../db/schema.js';
import { errorStatus } from '../errors.js';
import { siteSettingsSchema } from '../comments/settings.js';
import { reportReasons } from '../readers/input.js';

/** Every named schema, by id: they appear under `components.schemas` and are referenced by `$ref`. */
export const componentSchemas = new Map<string, z.ZodType>();

/**
 * Names a schema: zod keeps the id in its global registry (as it does `.describe()`), and
 * z.toJSONSchema then refers to it instead of repeating it.
 */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  const withId = schema.meta(description ? { id, description } : { id });
  componentSchemas.set(id, withId);
  return withId;
}

const isoTime = z.string().describe('ISO 8601 time in UTC, e.g. 2026-11-24T19:08:14.000Z');
const status = z.enum(commentStatuses);

export const errorCodeSchema = named('ErrorCode', z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]));

/** The contract's one error body (../shared/API.md, "Errors"). */
export const errorSchema = named(
  'Error',
  z.object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().describe('Which fields were wrong, for validation_failed and bad_request.'),
      until: isoTime.nullable().optional().describe('thread_closed by quiet hours only: when commenting opens again (null: it does not by itself)'),
    }),
  }),
  'Every error answers this body; `code` is stable, `message` is for people.',
);

export const publicAuthorSchema = named(
  'PublicAuthor',
  z.object({ name: z.string(), url: z.string().nullable(), avatar: z.string(), moderator: z.boolean() }),
);

const commentFields = {
  id: z.number().int().positive(),
  parentId: z.number().int().positive().nullable(),
  author: publicAuthorSchema.nullable().describe('null for a deleted comment kept for its replies'),
  html: z.string(),
  createdAt: isoTime,
  editedAt: isoTime.nullable(),
  deleted: z.boolean(),
  legacyAnchor: z.string().optional().describe('imported comments only: their anchor on the old site'),
  reactions: z.number().int().nonnegative(),
  featured: z.boolean(),
};

export interface PublicCommentShape {
  id: number;
  parentId: number | null;
  author: z.infer<typeof publicAuthorSchema> | null;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  legacyAnchor?: string;
  reactions: number;
  featured: boolean;
  replies: PublicCommentShape[];
}

/** A comment as the public sees it: never an email or an IP (the schema is closed, so a test would see one). */
export const publicCommentSchema: z.ZodType<PublicCommentShape> = named(
  'PublicComment',
  z.object({
    ...commentFields,
    get replies(): z.ZodArray<z.ZodType<PublicCommentShape>> {
      return z.array(publicCommentSchema);
    },
  }),
);

/** The author's own comment, with its status (pending or approved: a spam verdict answers as pending). */
export const ownCommentSchema = named('OwnComment', z.object({ ...commentFields, replies: z.array(publicCommentSchema), status }));

export const reportSummarySchema = named(
  'ReportSummary',
  z.object({
    count: z.number().int().describe('open reports, counted once per IP key'),
    reports: z.number().int().describe('open reports, one per reader'),
    reasons: z.partialRecord(z.enum(reportReasons), z.number().int()),
    notes: z.array(z.string()),
  }),
);

export const adminCommentSchema = named(
  'AdminComment',
  z.object({
    ...commentFields,
    replies: z.array(publicCommentSchema),
    status,
    email: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    body: z.string().describe('the Markdown source'),
    reasons: z.array(z.string()).describe('why it was held, e.g. first_comment, links:3'),
    site: z.string(),
    articleKey: z.string(),
    articleUrl: z.string().nullable(),
    articleTitle: z.string().nullable(),
    parent: z.object({ id: z.number().int(), name: z.string(), html: z.string(), status }).nullable(),
    reports: reportSummarySchema.nullable(),
  }),
  'A comment as moderators see it: everything the public sees, and email, IP, user agent, status and reasons.',
);

export const articleSchema = named(
  'Article',
  z.object({
    key: z.string(),
    title: z.string().nullable(),
    url: z.string().nullable(),
    closed: z.boolean(),
    count: z.number().int().nonnegative().describe('approved comments in the whole article'),
    maxDepth: z.number().int(),
    reactions: z.boolean().describe('whether readers may "Like" comments on this site'),
    quietHours: z
      .object({
        mode: z.enum(['closed', 'held']).describe('closed: no comments are taken; held: every comment waits in the queue'),
        active: z.boolean().describe('whether the quiet hours are on now'),
        changesAt: isoTime.nullable().describe('when `active` next changes (null: never)'),
      })
      .optional()
      .describe("only when the site has quiet hours (the site setting quietHours)"),
    closedUntil: isoTime.nullable().optional().describe('only while quiet hours close the thread: when it opens again'),
  }),
);

export const threadSchema = named(
  'Thread',
  z.object({
    article: articleSchema,
    comments: z.array(publicCommentSchema),
    nextCursor: z.string().nullable(),
    target: z.number().int().nullable().optional().describe('with `around` only: the id of the comment the anchor names, or null'),
  }),
);

export const postedSchema = named(
  'PostedComment',
  z.object({ comment: ownCommentSchema, editToken: z.string().describe('shown once'), editableUntil: isoTime }),
);

/** What an answer shows of a write-only secret: whether one is stored, never the secret itself. */
const secretShown = z.object({ set: z.boolean() }).describe('a write-only secret: only whether it is set (sent back on PUT, it keeps the stored one)');

export const siteSettingsSchemaOut = named(
  'SiteSettings',
  siteSettingsSchema.extend({
    akismetKey: secretShown,
    moderationHook: z
      .object({ url: z.string(), timeoutMs: z.number().int(), secret: z.object({ set: z.literal(true) }) })
      .nullable()
      .describe('the external moderation hook, its secret shown only as set; null: none'),
  }),
);

export const siteViewSchema = named(
  'SiteView',
  z.object({ site: z.string(), settings: siteSettingsSchemaOut, webhookSecret: z.string().nullable() }),
);

/** What a moderator (not an admin) sees of its sites in GET /api/admin/sites: their names only. */
export const siteNameSchema = named('SiteName', z.object({ site: z.string() }), "A site as a moderator (not an admin) sees it in the list: its name only.");

export const moderatorSchema = named('Moderator', z.object({ id: z.number().int(), email: z.string(), name: z.string() }));

const statusCounts = z.object({ pending: z.number().int(), approved: z.number().int(), spam: z.number().int(), trash: z.number().int(), total: z.number().int() });
export const statsSchema = named('Stats', z.object({ sites: z.record(z.string(), statusCounts), totals: statusCounts }));

export const auditPageSchema = named(
  'AuditPage',
  z.object({
    entries: z.array(
      z.looseObject({
        id: z.number().int(),
        at: isoTime,
        actor: z.object({ type: z.string(), id: z.number().int().nullable(), name: z.string() }),
        action: z.string(),
        commentId: z.number().int().nullable(),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
        detail: z.unknown().describe('what else the action recorded, or null'),
      }),
    ),
    nextCursor: z.string().nullable(),
  }),
);

export const bulkResultSchema = named(
  'BulkResult',
  z.union([
    z.object({ id: z.number().int(), ok: z.literal(true), status: z.enum([...commentStatuses, 'deleted']) }),
    z.object({ id: z.number().int(), ok: z.literal(false), error: z.object({ code: errorCodeSchema, message: z.string() }) }),
  ]),
);

export const importReportSchema = named(
  'ImportReport',
  z.object({
    dryRun: z.boolean(),
    articles: z.object({ created: z.number().int() }),
    comments: z.object({ imported: z.record(status, z.number().int()), existing: z.number().int(), deleted: z.number().int() }),
    skipped: z.record(z.string(), z.number().int()),
    dropped: z.object({ website: z.number().int() }),
    unlinkedParents: z.number().int(),
  }),
);

export const sitePrefsSchema = named('SiteMailPrefs', z.object({ site: z.string(), onNew: z.boolean(), onHeld: z.boolean(), digestMinutes: z.number().int() }));

export const notificationsSchema = named(
  'Notifications',
  z.object({ mail: z.boolean().describe('whether this server sends mail at all'), sites: z.array(sitePrefsSchema) }),
);

export const failedMailSchema = named(
  'FailedMail',
  z.object({
    id: z.number().int(),
    kind: z.string(),
    site: z.string().nullable(),
    to: z.string(),
    subject: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: isoTime,
    failedAt: isoTime.nullable(),
  }),
);

export const personalExportSchema = named(
  'PersonalDataExport',
  z.object({
    site: z.string(),
    email: z.string(),
    exportedAt: isoTime,
    comments: z.array(
      z.looseObject({
        id: z.number().int(),
        parentId: z.number().int().nullable(),
        status,
        article: z.object({ key: z.string(), url: z.string().nullable(), title: z.string().nullable() }),
        name: z.string(),
        email: z.string(),
        body: z.string(),
        html: z.string(),
        createdAt: isoTime,
      }),
    ),
  }),
);

export const acceptedSchema = named('Accepted', z.object({ accepted: z.literal(true), message: z.string().optional() }));
