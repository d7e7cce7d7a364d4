// A new comment's webhook events carry what only its insert knows: the comment's id and its article's
// address and title (an existing article keeps its own). Both stores fill them in inside the insert's
// transaction: better-sqlite3 here, D1 in SQL (d1-mail-insert.ts) with the same paths.
import type { NewOutboxEvent } from './types.js';

/** The JSON paths of a `comment.created` payload the store fills in, in the order json_set sets them. */
export const NEW_COMMENT_FILLED = {
  id: '$.data.comment.id',
  articleUrl: '$.data.comment.articleUrl',
  articleTitle: '$.data.comment.articleTitle',
  /** Only in a post decided without reading its parent (D1's one-round-trip post): the parent's name and html. */
  parentName: '$.data.comment.parent.name',
  parentHtml: '$.data.comment.parent.html',
} as const;

/** The events with the inserted comment's id and its article's url and title in their payloads. */
export function filledEvents(
  events: NewOutboxEvent[],
  inserted: { id: number; articleUrl: string | null; articleTitle: string | null },
): NewOutboxEvent[] {
  return events.map((event) => {
    const payload = JSON.parse(event.payload) as { data?: { comment?: Record<string, unknown> } };
    const comment = payload.data?.comment;
    if (!comment) throw new Error('a new comment event without data.comment');
    // Assigning existing keys keeps their place, as json_set does.
    comment.id = inserted.id;
    comment.articleUrl = inserted.articleUrl;
    comment.articleTitle = inserted.articleTitle;
    return { ...event, payload: JSON.stringify(payload) };
  });
}
