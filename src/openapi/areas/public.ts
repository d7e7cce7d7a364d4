// The public JSON API (src/routes/public.ts): threads, posting, the author's edits and deletes, counts.
import { z } from 'zod';
import { commentIdSchema, editCommentSchema, newCommentSchema, threadQuerySchema } from '../../comments/input.js';
import { countsQuery } from '../../routes/public.js';
import { ownCommentSchema, postedSchema, threadSchema } from '../components.js';
import { exampleNewComment, examplePublicComment, exampleTime } from '../examples.js';
import type { Operation } from '../operation.js';

const tag = 'Comments';

/** What newCommentSchema checks beyond what its JSON Schema shows (../shared/API.md). */
export const newCommentNotes = {
  article: 'the article key, 1–512 characters after trimming',
  articleUrl: "an http(s) URL on one of the site's allowed origins",
  articleTitle: 'up to 300 characters',
  parentId: "an approved comment of the same article whose depth is below the site's maxDepth",
  name: "1–100 characters; required unless the site's requireNameEmail is off",
  email: "a valid address; required unless the site's requireNameEmail is off; never shown publicly",
  url: 'an http(s) URL',
  body: 'Markdown-lite, 1–10,000 characters after trimming',
  homepage: 'honeypot: leave it out; a comment with it filled is stored as spam',
  renderedAt: 'when the form was shown (ms since epoch), for the time trap',
  subscribe: 'mail me replies to this comment and/or new comments on this article (needs email)',
};
const editToken = { 'X-Edit-Token': { description: 'The editToken the POST answered.', required: true } };

export const publicOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/comments',
    tag,
    summary: 'The approved comments of one article, threaded',
    description: 'An unknown article is an empty thread with `count: 0`. Answers carry an `ETag`; a matching `If-None-Match` gets 304.',
    query: threadQuerySchema,
    errors: ['not_found'],
    headers: { 'If-None-Match': { description: 'The ETag of an earlier answer.' } },
    responses: {
      200: {
        description: 'One page of the thread',
        schema: threadSchema,
        headers: { ETag: 'changes when the thread does' },
        example: {
          article: { key: '/2024/05/talks', title: 'Talks resume', url: 'https://example.org/2024/05/talks', closed: false, count: 1, maxDepth: 5, reactions: true },
          comments: [examplePublicComment],
          nextCursor: null,
        },
      },
      304: { description: 'Not modified since the ETag sent in If-None-Match' },
    },
  },
  {
    method: 'post',
    path: '/api/comments',
    tag,
    summary: 'Post a comment (or a reply)',
    description:
      'Any other field is ignored, except the honeypot `homepage`. A comment judged spam answers exactly like a pending one. The `editToken` is shown once.',
    body: { schema: newCommentSchema, example: exampleNewComment, fields: newCommentNotes },
    responses: {
      201: {
        description: 'Stored, approved or pending',
        schema: postedSchema,
        example: { comment: { ...examplePublicComment, id: 10, parentId: 7, status: 'pending' }, editToken: 'opaque secret', editableUntil: exampleTime },
      },
    },
    errors: ['forbidden', 'thread_closed', 'banned', 'not_found', 'duplicate', 'rate_limited'],
  },
  {
    method: 'patch',
    path: '/api/comments/:id',
    tag,
    summary: "Edit one's own comment within the edit window",
    params: commentIdSchema,
    headers: editToken,
    body: { schema: editCommentSchema, example: { body: 'I agree with *this*, mostly.' }, fields: { body: newCommentNotes.body } },
    responses: { 200: { description: 'The comment as changed', schema: z.object({ comment: ownCommentSchema }) } },
    errors: ['forbidden', 'banned'],
  },
  {
    method: 'delete',
    path: '/api/comments/:id',
    tag,
    summary: "Delete one's own comment within the edit window",
    description: 'A comment with replies stays in the thread as `deleted: true` with no author and no text.',
    params: commentIdSchema,
    headers: editToken,
    responses: { 204: { description: 'Deleted' } },
    errors: ['forbidden'],
  },
  {
    method: 'get',
    path: '/api/counts',
    tag,
    summary: 'Approved comments per article (up to 100 keys)',
    query: countsQuery,
    errors: ['not_found'],
    responses: {
      200: { description: 'Counts by article key', schema: z.object({ counts: z.record(z.string(), z.number().int().nonnegative()) }), example: { counts: { '/a': 3, '/b': 0 } } },
      304: { description: 'Not modified since the ETag sent in If-None-Match' },
    },
  },
];
