// The audit log: who did what to which comment or site, and when, newest first.
import type { listAudit } from '../../moderation/sites.js';
import { formatTime } from './comment-row.js';
import { AdminLayout, type Chrome } from './layout.js';

type AuditEntry = Awaited<ReturnType<typeof listAudit>>['entries'][number];

const ACTION_WORDS: Record<string, string> = {
  approve: 'Approved',
  unapprove: 'Unapproved',
  spam: 'Marked as spam',
  trash: 'Moved to the Trash',
  restore: 'Restored',
  edit: 'Edited',
  delete: 'Deleted permanently',
  reply: 'Replied',
  'site.create': 'Created the site',
  'site.update': 'Changed the site’s settings',
};

function Change(props: { entry: AuditEntry }) {
  const { entry } = props;
  const fields = (entry.detail as { fields?: unknown } | null)?.fields;
  if (Array.isArray(fields)) return <>{fields.map(String).join(', ')}</>;
  if (entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus) return <>{`${entry.fromStatus} → ${entry.toStatus}`}</>;
  return <>{entry.toStatus ?? ''}</>;
}

export function AuditPage(props: { chrome: Chrome; entries: AuditEntry[]; nextCursor: string | null; firstPage: boolean }) {
  return (
    <AdminLayout title="Audit log" chrome={props.chrome} section="audit">
      {props.entries.length === 0 ? (
        <p class="card">Nothing has been done yet.</p>
      ) : (
        <div class="table-wrap" role="region" aria-label="Audit log entries" tabindex={0}>
          <table class="widefat">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Comment</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((entry) => (
                <tr>
                  <td>
                    <time datetime={entry.at}>{formatTime(entry.at)}</time>
                  </td>
                  <td>
                    {entry.actor.name}
                    {entry.actor.type === 'token' && ' (API token)'}
                  </td>
                  <td>{ACTION_WORDS[entry.action] ?? entry.action}</td>
                  <td>
                    {entry.commentId === null ? (
                      ''
                    ) : entry.action === 'delete' ? (
                      `#${entry.commentId}`
                    ) : (
                      <a href={`/admin/comments/${entry.commentId}`}>#{entry.commentId}</a>
                    )}
                  </td>
                  <td>
                    <Change entry={entry} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        {!props.firstPage && <a href="/admin/audit">« Newest</a>}{' '}
        {props.nextCursor && (
          <a href={`/admin/audit?cursor=${encodeURIComponent(props.nextCursor)}`} rel="next">
            Older entries »
          </a>
        )}
      </nav>
    </AdminLayout>
  );
}
