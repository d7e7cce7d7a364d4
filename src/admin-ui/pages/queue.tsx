// The comments screen: status tabs with counts, filters (site, article, search), bulk actions,
// the list (newest first) with paging, and the keyboard shortcuts dialog.
import type { CommentStatus } from '../../store/types.js';
import type { AdminComment } from '../../moderation/service.js';
import { CommentRow } from './comment-row.js';
import { AdminLayout, type Chrome } from './layout.js';
import { ShortcutsDialog } from './shortcuts.js';

export const STATUS_TABS: Array<{ status: CommentStatus; label: string }> = [
  { status: 'pending', label: 'Pending' },
  { status: 'approved', label: 'Approved' },
  { status: 'spam', label: 'Spam' },
  { status: 'trash', label: 'Trash' },
];

const BULK_ACTIONS: Record<CommentStatus, Array<{ action: string; label: string }>> = {
  pending: [
    { action: 'approve', label: 'Approve' },
    { action: 'spam', label: 'Mark as spam' },
    { action: 'trash', label: 'Move to Trash' },
  ],
  approved: [
    { action: 'unapprove', label: 'Unapprove' },
    { action: 'spam', label: 'Mark as spam' },
    { action: 'trash', label: 'Move to Trash' },
  ],
  spam: [
    { action: 'restore', label: 'Not spam' },
    { action: 'delete', label: 'Delete permanently' },
  ],
  trash: [
    { action: 'restore', label: 'Restore' },
    { action: 'delete', label: 'Delete permanently' },
  ],
};

export interface QueueFilters {
  site?: string;
  article?: string;
  q?: string;
  /** One author's comments (the opaque key of the queue rows' author history). */
  author?: string;
}

export interface QueueProps {
  chrome: Chrome;
  status: CommentStatus;
  filters: QueueFilters;
  sites: string[];
  counts: Record<CommentStatus, number>;
  comments: AdminComment[];
  /** Each site's link limit, for "3 links (limit 2)". */
  maxLinks: Record<string, number>;
  nextCursor: string | null;
  firstPage: boolean;
  /** The Reported view (Coral's reported queue): comments with open readers' reports, any status. */
  reported?: boolean;
}

export function queueHref(status: CommentStatus, filters: QueueFilters, cursor?: string, reported = false): string {
  const params = new URLSearchParams(reported ? { reported: 'true' } : { status });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  return `/admin/comments?${params}`;
}

function Filters(props: { status: CommentStatus; filters: QueueFilters; sites: string[]; reported?: boolean }) {
  const { filters } = props;
  const filtered = Boolean(filters.site || filters.article || filters.q || filters.author);
  return (
    <form class="filters" method="get" action="/admin/comments" role="search" aria-label="Filter comments">
      {props.reported ? <input type="hidden" name="reported" value="true" /> : <input type="hidden" name="status" value={props.status} />}
      {filters.author && <input type="hidden" name="author" value={filters.author} />}
      <div>
        <label for="filter-site">Site</label>
        <select id="filter-site" name="site">
          <option value="">All sites</option>
          {props.sites.map((site) => (
            <option value={site} selected={site === filters.site}>
              {site}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="filter-article">Article (key)</label>
        <input type="text" id="filter-article" name="article" value={filters.article ?? ''} maxlength={512} />
      </div>
      <div>
        <label for="filter-q">Search comments</label>
        <input type="search" id="filter-q" name="q" value={filters.q ?? ''} maxlength={200} aria-keyshortcuts="/" />
      </div>
      <button type="submit" class="button">
        Filter
      </button>
      {filtered && <a href={queueHref(props.status, {})}>Clear filters</a>}
    </form>
  );
}

function Pager(props: QueueProps) {
  const { status, filters } = props;
  if (props.firstPage && !props.nextCursor) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {!props.firstPage && <a href={queueHref(status, filters, undefined, props.reported)}>« Newest</a>}
      {props.nextCursor && (
        <a href={queueHref(status, filters, props.nextCursor, props.reported)} rel="next">
          Older comments »
        </a>
      )}
    </nav>
  );
}

export function CommentList(props: { comments: AdminComment[]; maxLinks: Record<string, number>; empty: string }) {
  return props.comments.length === 0 ? (
    <p class="empty card" id="comment-list-empty">
      {props.empty}
    </p>
  ) : (
    <ol class="comment-list" id="comment-list" aria-label="Comments">
      {props.comments.map((comment) => (
        <CommentRow comment={comment} maxLinks={props.maxLinks[comment.site] ?? 0} />
      ))}
    </ol>
  );
}

export function QueuePage(props: QueueProps) {
  const { status, filters } = props;
  return (
    <AdminLayout title="Comments" chrome={props.chrome} section="comments" page="queue">
      <nav aria-label="Comment status">
        <ul class="tabs">
          {STATUS_TABS.map((tab) => (
            <li>
              <a href={queueHref(tab.status, filters)} aria-current={tab.status === status && !props.reported ? 'page' : undefined}>
                {tab.label} <span class="count">(<span data-count={tab.status}>{props.counts[tab.status]}</span>)</span>
              </a>
            </li>
          ))}
          <li>
            <a href={queueHref(status, filters, undefined, true)} aria-current={props.reported ? 'page' : undefined}>
              Reported
            </a>
          </li>
        </ul>
      </nav>
      <Filters status={status} filters={filters} sites={props.sites} reported={props.reported} />
      <noscript>
        <p class="notice error">The actions on this screen need JavaScript. Everything else (filters, settings, the audit log) works without it.</p>
      </noscript>
      <div id="notices" class="bulk-notices"></div>
      <div class="toolbar" data-site-filter={filters.site ?? ''}>
        <input type="checkbox" id="select-all" />
        <label for="select-all">Select all</label>
        <label for="bulk-action" class="visually-hidden">
          Bulk action
        </label>
        <select id="bulk-action">
          <option value="">Bulk actions</option>
          {BULK_ACTIONS[status].map((bulk) => (
            <option value={bulk.action}>{bulk.label}</option>
          ))}
        </select>
        <button type="button" class="button" id="bulk-apply">
          Apply
        </button>
        <button type="button" class="button" id="shortcuts-open" aria-keyshortcuts="?">
          Keyboard shortcuts
        </button>
        <Pager {...props} />
      </div>
      <CommentList comments={props.comments} maxLinks={props.maxLinks} empty={`No ${props.reported ? 'reported' : status} comments${filters.q || filters.article || filters.site ? ' match these filters' : ''}.`} />
      <ShortcutsDialog />
    </AdminLayout>
  );
}

/** One comment on its own (linked from replies, the audit log and notifications), with the same actions. */
export function SingleCommentPage(props: { chrome: Chrome; comment: AdminComment; maxLinks: number }) {
  return (
    <AdminLayout title={`Comment #${props.comment.id}`} chrome={props.chrome} section="comments" page="queue">
      <p>
        <a href={queueHref(props.comment.status, { site: props.comment.site })}>« Back to the {props.comment.status} comments</a>
      </p>
      <div id="notices" class="bulk-notices"></div>
      <CommentList comments={[props.comment]} maxLinks={{ [props.comment.site]: props.maxLinks }} empty="" />
      <ShortcutsDialog />
    </AdminLayout>
  );
}
