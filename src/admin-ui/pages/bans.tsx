// The Bans page: a site's bans (active and expired), a form to add one by value, and per ban a form
// to change its end date and note, and one to lift it. Plain forms (CSRF token in each): no script needed.
import type { BanView } from '../../moderation/bans.js';
import { formatTime } from './comment-row.js';
import { AdminLayout, type Chrome } from './layout.js';

export interface BansPageProps {
  chrome: Chrome;
  sites: string[];
  site: string;
  bans: BanView[];
  done?: string;
  error?: string;
}

const KINDS = [
  { kind: 'email', label: 'Email address' },
  { kind: 'domain', label: 'Email domain' },
  { kind: 'ip', label: 'IP address (stored anonymised: IPv4 /24, IPv6 /48)' },
] as const;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

function BanRowView(props: { ban: BanView; csrf: string }) {
  const { ban } = props;
  const base = `/admin/bans/${ban.id}`;
  const site = encodeURIComponent(ban.site);
  return (
    <tr id={`ban-${ban.id}`} class={ban.expired ? 'ban-expired' : 'ban-active'} data-ban={String(ban.id)}>
      <td>{ban.kind}</td>
      <td>
        <code>{ban.value}</code>
      </td>
      <td>
        {ban.expired ? <span class="status-badge">Expired</span> : <span class="status-badge">Active</span>}{' '}
        {ban.until ? `until ${formatTime(ban.until)}` : 'for good'}
      </td>
      <td>
        <form method="post" action={`${base}/edit?site=${site}`} class="ban-edit" aria-label={`Change ban ${ban.id}`}>
          <input type="hidden" name="csrf" value={props.csrf} />
          <label for={`ban-${ban.id}-until`}>Until (empty: for good)</label>
          <input type="date" id={`ban-${ban.id}-until`} name="until" value={day(ban.until)} />
          <label for={`ban-${ban.id}-note`}>Note</label>
          <input type="text" id={`ban-${ban.id}-note`} name="note" value={ban.note ?? ''} maxlength={500} />
          <button type="submit">Save</button>
        </form>
      </td>
      <td>
        {ban.createdBy}, {formatTime(ban.createdAt)}
        {ban.commentId !== null && (
          <>
            {' '}
            (from <a href={`/admin/comments/${ban.commentId}`}>comment {ban.commentId}</a>)
          </>
        )}
      </td>
      <td>
        <form method="post" action={`${base}/lift?site=${site}`} class="ban-lift">
          <input type="hidden" name="csrf" value={props.csrf} />
          <button type="submit" aria-label={`Lift ban ${ban.id} on ${ban.kind}`}>
            Lift
          </button>
        </form>
      </td>
    </tr>
  );
}

export function BansPage(props: BansPageProps) {
  const csrf = props.chrome.csrf;
  return (
    <AdminLayout title="Bans" chrome={props.chrome} section="bans">
      <p>
        A banned author’s new comments are refused, or taken silently as spam if the site’s settings say so. A ban with an end date
        stops applying then and stays listed as expired.
      </p>
      {props.done && (
        <p class="notice" role="status">
          {props.done}
        </p>
      )}
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <form method="get" action="/admin/bans" class="filters" aria-label="Choose a site">
        <label for="bans-site">Site</label>
        <select id="bans-site" name="site">
          {props.sites.map((slug) => (
            <option value={slug} selected={slug === props.site}>
              {slug}
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      {props.site && (
        <form method="post" action="/admin/bans" class="card settings" id="new-ban" aria-label="Add a ban">
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="site" value={props.site} />
          <fieldset>
            <legend>Ban</legend>
            {KINDS.map(({ kind, label }, i) => (
              <label>
                <input type="radio" name="kind" value={kind} checked={i === 0} /> {label}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="new-ban-value">Value</label>
            <input type="text" id="new-ban-value" name="value" maxlength={254} required autocomplete="off" />
          </div>
          <div class="field">
            <label for="new-ban-until">Until (empty: for good)</label>
            <input type="date" id="new-ban-until" name="until" />
          </div>
          <div class="field">
            <label for="new-ban-note">Note</label>
            <input type="text" id="new-ban-note" name="note" maxlength={500} />
          </div>
          <button type="submit">Add ban</button>
        </form>
      )}
      {props.bans.length === 0 ? (
        <p>No bans on this site.</p>
      ) : (
        <table class="bans">
          <caption class="visually-hidden">Bans on {props.site}</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Value</th>
              <th scope="col">In force</th>
              <th scope="col">Change</th>
              <th scope="col">Made by</th>
              <th scope="col">Lift</th>
            </tr>
          </thead>
          <tbody>
            {props.bans.map((ban) => (
              <BanRowView ban={ban} csrf={csrf} />
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}
