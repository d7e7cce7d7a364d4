// "My notifications": WordPress's "Email me whenever …" for the signed-in moderator, per site, with a
// digest for busy sites. One small form per site.
import type { MailPrefs } from '../../store/types.js';
import { AdminLayout, type Chrome } from './layout.js';

export interface NotificationsProps {
  chrome: Chrome;
  sites: Array<{ site: string; prefs: MailPrefs }>;
  /** Whether this Parley sends mail at all (PARLEY_SMTP_URL and PARLEY_MAIL_FROM set). */
  mailOn: boolean;
  saved: string | null;
  error: { site: string; message: string } | null;
}

export const DIGEST_CHOICES: Array<{ minutes: number; label: string }> = [
  { minutes: 0, label: 'No digest: a mail for each comment' },
  { minutes: 15, label: 'A digest every 15 minutes' },
  { minutes: 60, label: 'A digest every hour' },
  { minutes: 360, label: 'A digest every 6 hours' },
  { minutes: 1440, label: 'A digest every day' },
];

function SiteForm(props: { site: string; prefs: MailPrefs; csrf: string; error: string | null }) {
  const id = (name: string) => `${name}-${props.site}`;
  const choices = DIGEST_CHOICES.some((c) => c.minutes === props.prefs.digestMinutes)
    ? DIGEST_CHOICES
    : [...DIGEST_CHOICES, { minutes: props.prefs.digestMinutes, label: `A digest every ${props.prefs.digestMinutes} minutes` }];
  return (
    <form method="post" action="/admin/notifications" class="card" aria-labelledby={id('heading')}>
      <h2 id={id('heading')}>
        <code>{props.site}</code>
      </h2>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="site" value={props.site} />
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <fieldset>
        <legend>Email me whenever</legend>
        <p>
          <label>
            <input type="checkbox" name="onNew" value="1" checked={props.prefs.onNew} /> Anyone posts a comment
          </label>
        </p>
        <p>
          <label>
            <input type="checkbox" name="onHeld" value="1" checked={props.prefs.onHeld} /> A comment is held for moderation
          </label>
        </p>
      </fieldset>
      <p>
        <label for={id('digest')}>For busy sites</label>{' '}
        <select id={id('digest')} name="digestMinutes">
          {choices.map((c) => (
            <option value={String(c.minutes)} selected={c.minutes === props.prefs.digestMinutes}>
              {c.label}
            </option>
          ))}
        </select>
      </p>
      <p>
        <button type="submit" class="button button-primary">
          Save<span class="visually-hidden"> notifications for {props.site}</span>
        </button>
      </p>
    </form>
  );
}

export function NotificationsPage(props: NotificationsProps) {
  return (
    <AdminLayout title="My notifications" chrome={props.chrome} section="notifications">
      {!props.mailOn && (
        <div class="notice error">
          <p>This Parley sends no mail: set PARLEY_SMTP_URL and PARLEY_MAIL_FROM (see docs/email.md). Your choices are kept for when it does.</p>
        </div>
      )}
      {props.saved && (
        <div class="notice" role="status">
          <p>
            Notifications for <code>{props.saved}</code> saved.
          </p>
        </div>
      )}
      <p>Mail goes to {props.chrome.moderator.email}. Held comments come with Approve, Spam and Trash links that work once, for 7 days.</p>
      {props.sites.length === 0 && <p>There are no sites yet.</p>}
      {props.sites.map((s) => (
        <SiteForm site={s.site} prefs={s.prefs} csrf={props.chrome.csrf} error={props.error?.site === s.site ? props.error.message : null} />
      ))}
    </AdminLayout>
  );
}
