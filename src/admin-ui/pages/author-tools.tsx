// What a queue row adds about its author: their history on the site (WordPress's "N approved") with
// links to all their comments and to approve all their pending ones, and the Ban… form (opened and
// sent by /admin.js to the bans API with the page's CSRF token; it needs the script, as row actions do).
import type { AuthorHistory } from '../../moderation/author-history.js';
import type { AdminComment } from '../../moderation/service.js';

export function AuthorHistoryLine(props: { comment: AdminComment; history: AuthorHistory }) {
  const { comment, history } = props;
  const params = (status: string) => `/admin/comments?${new URLSearchParams({ status, site: comment.site, author: history.key })}`;
  const approve = `/admin/authors/approve?${new URLSearchParams({ site: comment.site, author: history.key })}`;
  return (
    <p class="author-history" aria-label="This author on this site">
      <a href={params('approved')}>{history.approved} approved</a> · <a href={params('pending')}>{history.pending} pending</a> ·{' '}
      <a href={params('spam')}>{history.spam} spam</a> · <a href={params('trash')}>{history.trash} trash</a>
      {history.pending > 0 && comment.status === 'pending' && (
        <>
          {' '}
          · <a href={approve} class="approve-author">Approve all {history.pending} pending from this author…</a>
        </>
      )}
    </p>
  );
}

const DURATIONS = [
  { days: '1', label: '1 day' },
  { days: '7', label: '7 days' },
  { days: '30', label: '30 days' },
  { days: '365', label: '1 year' },
  { days: '', label: 'For good' },
];

export function BanTools(props: { comment: AdminComment }) {
  const { comment } = props;
  if (!comment.author || comment.author.moderator || (!comment.email && !comment.ip)) return null;
  const id = `ban-${comment.id}`;
  const kinds = [
    { kind: 'email', label: 'Email', on: comment.email !== '' },
    { kind: 'domain', label: 'Email domain', on: comment.email.includes('@') },
    { kind: 'ip', label: 'IP', on: comment.ip !== null },
  ].filter((k) => k.on);
  return (
    <div class="ban-tools">
      <button type="button" class="ban-toggle" data-action="ban" aria-expanded="false" aria-controls={id}>
        Ban…
      </button>
      <form id={id} class="ban-form" hidden data-site={comment.site} data-comment={String(comment.id)} aria-label={`Ban the author of comment ${comment.id}`}>
        <fieldset>
          <legend>Ban this author’s</legend>
          {kinds.map((k, i) => (
            <label>
              <input type="radio" name="kind" value={k.kind} checked={i === 0} /> {k.label}
            </label>
          ))}
        </fieldset>
        <label for={`${id}-days`}>For</label>
        <select id={`${id}-days`} name="days">
          {DURATIONS.map((d) => (
            <option value={d.days} selected={d.days === '30'}>
              {d.label}
            </option>
          ))}
        </select>
        <label for={`${id}-note`}>Note</label>
        <input type="text" id={`${id}-note`} name="note" maxlength={500} />
        <button type="submit" class="ban">
          Ban
        </button>
        <p class="ban-result" role="status"></p>
      </form>
    </div>
  );
}
