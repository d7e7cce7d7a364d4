// One comment in the moderation queue: who wrote it (with what the public never sees), where, when,
// what it replies to, why it was held, its text, and the actions its status allows. Every field a
// commenter controls is rendered as text; the body and the parent's are the sanitised HTML the public sees.
import { raw } from 'hono/html';
import { httpHref } from '../../comments/http-href.js';
import type { AdminComment } from '../../moderation/service.js';
import type { AuthorHistory } from '../../moderation/author-history.js';
import { reasonInWords } from '../reasons.js';
import { AuthorHistoryLine, BanTools } from './author-tools.js';

type RowAction = 'approve' | 'unapprove' | 'reply' | 'edit' | 'spam' | 'trash' | 'restore' | 'delete';

const LABELS: Record<RowAction, { text: string; key?: string }> = {
  approve: { text: 'Approve', key: 'a' },
  unapprove: { text: 'Unapprove', key: 'u' },
  reply: { text: 'Reply', key: 'r' },
  edit: { text: 'Quick Edit', key: 'e' },
  spam: { text: 'Spam', key: 's' },
  trash: { text: 'Trash', key: 't' },
  restore: { text: 'Restore' },
  delete: { text: 'Delete Permanently', key: 'Delete' },
};

/** WordPress's row actions for each status (a deleted author's placeholder cannot be edited or replied to). */
function actionsFor(comment: AdminComment): RowAction[] {
  const byStatus: Record<AdminComment['status'], RowAction[]> = {
    pending: ['approve', 'reply', 'edit', 'spam', 'trash'],
    approved: ['unapprove', 'reply', 'edit', 'spam', 'trash'],
    spam: ['restore', 'delete'],
    trash: ['restore', 'delete'],
  };
  const actions = byStatus[comment.status];
  return comment.deleted ? actions.filter((a) => a !== 'reply' && a !== 'edit') : actions;
}

const STATUS_WORDS: Record<AdminComment['status'], string> = { pending: 'Pending', approved: 'Approved', spam: 'Spam', trash: 'Trash' };

/** `2026-11-24T19:08:14.000Z` → `24 Nov 2026 at 19:08 UTC`. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()} at ${hh}:${mm} UTC`;
}

const SIMPLE_EMAIL = /^[^\s@<>"'()[\]\\,;:]+@[^\s@<>"'()[\]\\,;:]+$/;

function Author(props: { comment: AdminComment }) {
  const { comment } = props;
  const author = comment.author;
  if (!author) return <div class="row-author"><span class="author-name deleted">Deleted by its author</span></div>;
  const website = httpHref(author.url);
  return (
    <div class="row-author">
      <span class="author-name" id={`comment-${comment.id}-author`}>
        <img src={author.avatar} alt="" width="32" height="32" loading="lazy" /> {author.name}
      </span>
      {author.moderator && <span class="badge-moderator">Moderator</span>}
      {website ? (
        <a href={website} rel="nofollow ugc noopener noreferrer" class="author-url">
          {website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
        </a>
      ) : (
        author.url && <span class="author-url">{author.url}</span>
      )}
      {comment.email &&
        (SIMPLE_EMAIL.test(comment.email) ? (
          <a href={`mailto:${comment.email}`} class="author-email">
            {comment.email}
          </a>
        ) : (
          <span class="author-email">{comment.email}</span>
        ))}
      {comment.ip && <span class="ip">IP {comment.ip}</span>}
      {comment.userAgent && <span class="user-agent" title={comment.userAgent}>{comment.userAgent.slice(0, 80)}</span>}
    </div>
  );
}

function Meta(props: { comment: AdminComment }) {
  const { comment } = props;
  const articleHref = httpHref(comment.articleUrl);
  const articleName = comment.articleTitle || comment.articleKey;
  const filter = new URLSearchParams({ status: comment.status, site: comment.site, article: comment.articleKey });
  return (
    <p class="row-meta">
      <span class="status-badge">{STATUS_WORDS[comment.status]}</span>{' '}
      {comment.featured && <span class="status-badge featured-badge">Featured</span>} Submitted on{' '}
      <time datetime={comment.createdAt}>{formatTime(comment.createdAt)}</time>
      {comment.editedAt && ' (edited)'} · On{' '}
      {articleHref ? (
        <a href={articleHref} class="article-link">
          {articleName}
        </a>
      ) : (
        <span class="article-link">{articleName}</span>
      )}{' '}
      (<a href={`/admin/comments?${filter}`}>all {STATUS_WORDS[comment.status].toLowerCase()} on this article</a>) · site{' '}
      <code>{comment.site}</code>
    </p>
  );
}

const REASON_WORDS: Record<string, string> = { spam: 'spam', abuse: 'abuse', off_topic: 'off topic', other: 'other' };

/** Readers' open reports: how many (once per network, as the threshold counts), why, and their notes. */
function Reports(props: { comment: AdminComment }) {
  const reports = props.comment.reports;
  if (!reports) return null;
  const reasons = Object.entries(reports.reasons)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([reason, n]) => `${REASON_WORDS[reason] ?? reason} ×${n}`)
    .join(', ');
  return (
    <div class="reports">
      <strong>
        Reported by {reports.count} {reports.count === 1 ? 'reader' : 'readers'}
      </strong>
      {reports.reports !== reports.count && ` (${reports.reports} reports, some from the same network)`}: {reasons}
      {reports.notes.length > 0 && (
        <ul>
          {reports.notes.map((note) => (
            <li>“{note}”</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function CommentRow(props: { comment: AdminComment & { authorHistory?: AuthorHistory | null }; maxLinks: number }) {
  const { comment } = props;
  const name = comment.author?.name ?? 'a deleted author';
  const showReasons = comment.reasons.length > 0 && (comment.status === 'pending' || comment.status === 'spam');
  return (
    <li
      class={`comment-row status-${comment.status}`}
      id={`comment-${comment.id}`}
      data-id={String(comment.id)}
      data-status={comment.status}
      data-author={name}
      tabindex={-1}
      aria-label={`${STATUS_WORDS[comment.status]} comment by ${name} on ${comment.articleTitle || comment.articleKey}`}
    >
      <div class="row-select">
        <input type="checkbox" class="row-check" id={`select-${comment.id}`} value={String(comment.id)} />
        <label for={`select-${comment.id}`} class="visually-hidden">
          Select comment by {name}
        </label>
      </div>
      <Author comment={comment} />
      <div class="row-main">
        <Meta comment={comment} />
        {comment.authorHistory && <AuthorHistoryLine comment={comment} history={comment.authorHistory} />}
        {comment.parent && (
          <div class="in-reply-to">
            In reply to <a href={`/admin/comments/${comment.parent.id}`}>{comment.parent.name || 'a deleted comment'}</a>
            {comment.parent.status !== 'approved' && ` (${STATUS_WORDS[comment.parent.status].toLowerCase()})`}:
            <blockquote>{raw(comment.parent.html)}</blockquote>
          </div>
        )}
        {showReasons && (
          <div class="reasons">
            {comment.status === 'spam' ? 'Marked as spam: ' : 'Held: '}
            <ul>
              {comment.reasons.map((reason) => (
                <li>{reasonInWords(reason, { maxLinks: props.maxLinks })}</li>
              ))}
            </ul>
          </div>
        )}
        {comment.reports && <Reports comment={comment} />}
        <div class="comment-text">{comment.deleted ? <p class="deleted">This comment was deleted by its author.</p> : raw(comment.html)}</div>
        <div class="row-actions">
          {actionsFor(comment).map((action) => (
            <button
              type="button"
              class={action}
              data-action={action}
              aria-keyshortcuts={LABELS[action].key}
              aria-label={action === 'reply' ? `Reply to ${name}` : `${LABELS[action].text} comment by ${name}`}
            >
              {LABELS[action].text}
            </button>
          ))}
          {comment.reports && (
            <button type="button" class="dismiss" data-action="dismiss" aria-label={`Dismiss the reports of the comment by ${name}`}>
              Dismiss reports
            </button>
          )}
          {comment.status === 'approved' && !comment.deleted && (
            <button
              type="button"
              class={comment.featured ? 'unfeature' : 'feature'}
              data-action={comment.featured ? 'unfeature' : 'feature'}
              aria-label={`${comment.featured ? 'Unfeature' : 'Feature'} comment by ${name}`}
            >
              {comment.featured ? 'Unfeature' : 'Feature'}
            </button>
          )}
        </div>
        <BanTools comment={comment} />
      </div>
    </li>
  );
}
