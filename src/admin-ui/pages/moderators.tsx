// The Moderators page (admins only): every moderator and API token with its role and sites, forms
// to add, change and remove them, and a new token's secret, shown once.
import type { ModeratorView, TokenView } from '../../moderation/roles-service.js';
import { AdminLayout, type Chrome } from './layout.js';

export interface ModeratorsPageProps {
  chrome: Chrome;
  moderators: ModeratorView[];
  tokens: TokenView[];
  sites: string[];
  notice?: string | null;
  error?: string | null;
  /** A token just made: its secret, shown this once. */
  secret?: { name: string; value: string } | null;
}

const describe = (x: { role: string; sites: string[] }) => (x.role === 'admin' ? 'Admin: everything' : `Moderator of ${x.sites.length > 0 ? x.sites.join(', ') : 'no site yet'}`);

/** The role and sites fields of a form; `prefix` keeps ids unique on the page. */
function AccessFields(props: { prefix: string; sites: string[]; role: string; chosen: string[] }) {
  return (
    <>
      <div class="field">
        <label for={`${props.prefix}-role`}>Role</label>
        <select id={`${props.prefix}-role`} name="role">
          <option value="moderator" selected={props.role === 'moderator'}>
            Moderator (only the sites ticked)
          </option>
          <option value="admin" selected={props.role === 'admin'}>
            Admin (everything)
          </option>
        </select>
      </div>
      <fieldset class="field">
        <legend>Sites it moderates</legend>
        {props.sites.length === 0 && <p class="description">No sites yet.</p>}
        {props.sites.map((site) => (
          <label class="checkbox">
            <input type="checkbox" name="sites" value={site} checked={props.chosen.includes(site)} /> <code>{site}</code>
          </label>
        ))}
      </fieldset>
    </>
  );
}

export function ModeratorsPage(props: ModeratorsPageProps) {
  const { chrome } = props;
  return (
    <AdminLayout title="Moderators" chrome={chrome} section="moderators">
      {props.error && (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
          <p>{props.error}</p>
        </div>
      )}
      {props.notice && (
        <div class="notice" role="status">
          <p>{props.notice}</p>
        </div>
      )}
      {props.secret && (
        <div class="notice" role="status" data-token-secret>
          <p>
            The token <strong>{props.secret.name}</strong> is <code>{props.secret.value}</code>. Copy it now: it is shown only once. Use it as{' '}
            <code>Authorization: Bearer …</code>.
          </p>
        </div>
      )}
      <h2 id="moderators">Moderators</h2>
      <div class="table-wrap" role="region" aria-labelledby="moderators" tabindex={0}>
        <table class="widefat">
          <thead>
            <tr>
              <th scope="col">Moderator</th>
              <th scope="col">Can do</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {props.moderators.map((m) => (
              <tr data-moderator={m.email}>
                <th scope="row">
                  {m.name} <span class="description">{m.email}</span>
                </th>
                <td>{describe(m)}</td>
                <td>
                  <details>
                    <summary>
                      Change role or sites<span class="visually-hidden"> of {m.email}</span>
                    </summary>
                    <form method="post" action={`/admin/moderators/${m.id}`} class="settings">
                      <input type="hidden" name="csrf" value={chrome.csrf} />
                      <AccessFields prefix={`m${m.id}`} sites={props.sites} role={m.role} chosen={m.sites} />
                      <button type="submit" class="button button-primary">
                        Save<span class="visually-hidden"> {m.email}</span>
                      </button>
                    </form>
                  </details>
                  <form method="post" action={`/admin/moderators/${m.id}/remove`}>
                    <input type="hidden" name="csrf" value={chrome.csrf} />
                    <button type="submit" class="link-button">
                      Remove<span class="visually-hidden"> {m.email}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="add-moderator">Add a moderator</h2>
      <form method="post" action="/admin/moderators" class="card settings" aria-labelledby="add-moderator">
        <input type="hidden" name="csrf" value={chrome.csrf} />
        <div class="field">
          <label for="new-email">Email</label>
          <input type="email" id="new-email" name="email" maxlength={254} required autocomplete="off" />
        </div>
        <div class="field">
          <label for="new-name">Name</label>
          <input type="text" id="new-name" name="name" maxlength={100} required autocomplete="off" />
        </div>
        <div class="field">
          <label for="new-password">First password (at least 8 characters; tell them to keep it safe)</label>
          <input type="password" id="new-password" name="password" minlength={8} maxlength={1024} required autocomplete="new-password" />
        </div>
        <AccessFields prefix="new" sites={props.sites} role="moderator" chosen={[]} />
        <button type="submit" class="button button-primary">
          Add moderator
        </button>
      </form>
      <h2 id="tokens">API tokens</h2>
      <div class="table-wrap" role="region" aria-labelledby="tokens" tabindex={0}>
        <table class="widefat">
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Can do</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((t) => (
              <tr data-token={t.name}>
                <th scope="row">{t.name}</th>
                <td>{describe(t)}</td>
                <td>{t.lastUsedAt ?? 'Never'}</td>
                <td>
                  <form method="post" action={`/admin/tokens/${t.id}/revoke`}>
                    <input type="hidden" name="csrf" value={chrome.csrf} />
                    <button type="submit" class="link-button">
                      Revoke<span class="visually-hidden"> {t.name}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="add-token">Create an API token</h2>
      <form method="post" action="/admin/tokens" class="card settings" aria-labelledby="add-token">
        <input type="hidden" name="csrf" value={chrome.csrf} />
        <div class="field">
          <label for="token-name">Name</label>
          <input type="text" id="token-name" name="name" maxlength={100} required autocomplete="off" />
        </div>
        <AccessFields prefix="token" sites={props.sites} role="moderator" chosen={[]} />
        <button type="submit" class="button button-primary">
          Create token
        </button>
      </form>
    </AdminLayout>
  );
}
