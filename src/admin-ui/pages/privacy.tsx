// Privacy (WordPress's Export / Erase Personal Data): look up an address on a site, download its
// comments, or erase them (anonymise, or delete the text too). Every export and erase is audited.
import type { AdminComment } from '../../moderation/service.js';
import { AdminLayout, type Chrome } from './layout.js';

export interface PrivacyPageProps {
  chrome: Chrome;
  sites: string[];
  site: string;
  email: string;
  error?: string;
  /** The look-up's result, when an address was given. */
  comments?: AdminComment[];
  /** After an erase: what happened. */
  done?: string;
}

const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

export function PrivacyPage(props: PrivacyPageProps) {
  const query = `site=${encodeURIComponent(props.site)}&email=${encodeURIComponent(props.email)}`;
  return (
    <AdminLayout title="Privacy" chrome={props.chrome} section="privacy">
      <p>Find every comment written with one email address on a site, to send the person a copy of them or to erase them.</p>
      {props.done && (
        <p class="notice" role="status">
          {props.done}
        </p>
      )}
      <form method="get" action="/admin/privacy" class="card settings" aria-label="Look up an address" novalidate>
        <div class="field">
          <label for="privacy-site">Site</label>
          <select id="privacy-site" name="site">
            {props.sites.map((slug) => (
              <option value={slug} selected={slug === props.site}>
                {slug}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="privacy-email">Email address</label>
          {props.error && (
            <p class="field-error" id="privacy-email-error">
              <span class="visually-hidden">Error: </span>
              {props.error}
            </p>
          )}
          <input
            type="email"
            id="privacy-email"
            name="email"
            value={props.email}
            maxlength={254}
            autocomplete="off"
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'privacy-email-error' : undefined}
          />
        </div>
        <p>
          <button type="submit" class="button">
            Look up
          </button>
        </p>
      </form>
      {props.comments && (
        <>
          <h2 id="found">{props.comments.length === 1 ? '1 comment' : `${props.comments.length} comments`}</h2>
          {props.comments.length > 0 && (
            <>
              <div class="table-wrap" role="region" aria-labelledby="found" tabindex={0}>
                <table class="widefat">
                  <thead>
                    <tr>
                      <th scope="col">Comment</th>
                      <th scope="col">Article</th>
                      <th scope="col">Status</th>
                      <th scope="col">Posted</th>
                    </tr>
                  </thead>
                  <tbody>
                    {props.comments.map((comment) => (
                      <tr>
                        <td>
                          <a href={`/admin/comments/${comment.id}`}>#{comment.id}</a> {excerpt(comment.body)}
                        </td>
                        <td>{comment.articleTitle ?? comment.articleKey}</td>
                        <td>{comment.status}</td>
                        <td>{comment.createdAt}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p>
                <a class="button" href={`/admin/privacy/export?${query}`} download>
                  Download export (JSON)
                </a>
              </p>
              <h2 id="erase">Erase</h2>
              <form method="post" action="/admin/privacy/erase" class="card settings" aria-labelledby="erase">
                <input type="hidden" name="csrf" value={props.chrome.csrf} />
                <input type="hidden" name="site" value={props.site} />
                <input type="hidden" name="email" value={props.email} />
                <fieldset>
                  <legend>Erasing replaces the name with “Anonymous” and removes the email, website, IP and user agent.</legend>
                  <p>
                    <input type="radio" id="erase-anonymise" name="mode" value="anonymise" checked />{' '}
                    <label for="erase-anonymise">Keep the text</label>
                  </p>
                  <p>
                    <input type="radio" id="erase-delete" name="mode" value="delete" />{' '}
                    <label for="erase-delete">Delete the text too (a placeholder stays where replies hang)</label>
                  </p>
                </fieldset>
                <p>
                  <button type="submit" class="button button-primary">
                    Erase these comments
                  </button>
                </p>
              </form>
            </>
          )}
        </>
      )}
    </AdminLayout>
  );
}
