// Every site, with a link to its discussion settings, and a form to add one.
import type { SiteSettings } from '../../comments/settings.js';
import { AdminLayout, type Chrome } from './layout.js';

const APPROVAL_WORDS: Record<SiteSettings['approval'], string> = {
  all: 'Every comment is held',
  'first-time': 'First-time commenters are held',
  none: 'Comments appear at once',
};

export function SitesPage(props: { chrome: Chrome; sites: Array<{ slug: string; settings: SiteSettings }>; slug?: string; error?: string }) {
  return (
    <AdminLayout title="Sites" chrome={props.chrome} section="sites">
      <div class="table-wrap" role="region" aria-label="Sites" tabindex={0}>
        <table class="widefat">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Allowed origins</th>
              <th scope="col">Before a comment appears</th>
            </tr>
          </thead>
          <tbody>
            {props.sites.map((site) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/sites/${encodeURIComponent(site.slug)}`}>
                    <code>{site.slug}</code>
                    <span class="visually-hidden"> discussion settings</span>
                  </a>
                </th>
                <td>{site.settings.origins.length > 0 ? site.settings.origins.join(', ') : 'None yet'}</td>
                <td>{APPROVAL_WORDS[site.settings.approval]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="add-site">Add a site</h2>
      <form method="post" action="/admin/sites" class="card settings" aria-labelledby="add-site" novalidate>
        <input type="hidden" name="csrf" value={props.chrome.csrf} />
        <div class="field">
          <label for="slug">Site name (slug)</label>
          <p class="description" id="slug-description">
            A short name of letters, digits, - and _, used as <code>data-site</code> in the widget tag.
          </p>
          {props.error && (
            <p class="field-error" id="slug-error">
              <span class="visually-hidden">Error: </span>
              {props.error}
            </p>
          )}
          <input
            type="text"
            id="slug"
            name="slug"
            value={props.slug ?? ''}
            maxlength={64}
            required
            autocomplete="off"
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'slug-description slug-error' : 'slug-description'}
          />
        </div>
        <button type="submit" class="button button-primary">
          Add site
        </button>
      </form>
    </AdminLayout>
  );
}
