// The confirmation of "approve all pending from this author" (a state change never happens on a GET).
import { AdminLayout, type Chrome } from './layout.js';

export function ApproveAuthorPage(props: { chrome: Chrome; site: string; author: string; pending: number }) {
  const list = `/admin/comments?${new URLSearchParams({ status: 'pending', site: props.site, author: props.author })}`;
  const many = props.pending > 500 ? 'more than 500' : String(props.pending);
  return (
    <AdminLayout title="Approve all pending comments from this author" chrome={props.chrome} section="comments">
      {props.pending === 0 ? (
        <p>This author has no pending comments on {props.site}.</p>
      ) : (
        <form method="post" action="/admin/authors/approve" class="card">
          <input type="hidden" name="csrf" value={props.chrome.csrf} />
          <input type="hidden" name="site" value={props.site} />
          <input type="hidden" name="author" value={props.author} />
          <p>
            Approve this author’s {many} pending {props.pending === 1 ? 'comment' : 'comments'} on <code>{props.site}</code>? Each is approved
            as with its own Approve button: it is published, audited and announced. At most 500 are approved at a time.
          </p>
          <button type="submit" class="approve">
            Approve {props.pending > 500 ? '500' : many} {props.pending === 1 ? 'comment' : 'comments'}
          </button>{' '}
          <a href={list}>See them first</a>
        </form>
      )}
    </AdminLayout>
  );
}
