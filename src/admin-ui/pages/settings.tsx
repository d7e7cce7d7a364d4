// A site's discussion settings, worded as WordPress's Settings › Discussion words them, with each
// validation error beside its field and in a summary at the top.
import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../../errors.js';
import type { SettingsFormValues } from '../settings-form.js';
import { AdminLayout, type Chrome } from './layout.js';
import { QUIET_FIELD_NAMES, QuietHoursFieldset } from './quiet-hours-fieldset.js';

export interface SettingsProps {
  chrome: Chrome;
  site: string;
  values: SettingsFormValues;
  errors: FieldErrors;
  saved: boolean;
  created: boolean;
  webhookSecret: string | null;
  /** Whether the write-only secrets are set (they are never shown). */
  spam?: { akismetKeySet: boolean; hookSecretSet: boolean };
}

type NumberField =
  | 'maxLinks'
  | 'hookTimeoutMs'
  | 'closeAfterDays'
  | 'maxDepth'
  | 'commentsPerPage'
  | 'editWindowMinutes'
  | 'floodSeconds'
  | 'subscriberMailsPerHour'
  | 'forgetIpAfterDays'
  | 'emptySpamTrashAfterDays'
  | 'reportThreshold';

const FIELD_NAMES: Record<string, string> = {
  origins: 'Allowed origins',
  maxLinks: 'Links',
  moderationKeys: 'Comment Moderation',
  disallowedKeys: 'Disallowed Comment Keys',
  closeAfterDays: 'Close comments after',
  maxDepth: 'Levels deep',
  commentsPerPage: 'Comments per page',
  editWindowMinutes: 'Edit window',
  floodSeconds: 'Time between comments',
  reportThreshold: 'Readers’ reports',
  webhook: 'Webhook URL',
  akismetKey: 'Akismet key',
  hookUrl: 'Moderation hook URL',
  hookSecret: 'Moderation hook secret',
  hookTimeoutMs: 'Moderation hook timeout',
  subscriberMailsPerHour: 'Mails per reader per hour',
  forgetIpAfterDays: 'Forget IP addresses after',
  emptySpamTrashAfterDays: 'Empty spam and trash after',
  language: 'Language of mail',
};

/** The languages mail is written in (src/mail/strings), by their own names. */
const MAIL_LANGUAGES: Array<[string, string]> = [
  ['en', 'English'],
  ['ar', 'العربية (Arabic)'],
  ['de', 'Deutsch (German)'],
];

export function FieldError(props: { field: string; errors: FieldErrors }) {
  const message = props.errors[props.field];
  return message ? (
    <p class="field-error" id={`${props.field}-error`}>
      <span class="visually-hidden">Error: </span>
      {message}
    </p>
  ) : null;
}

/** aria-invalid and aria-describedby for a field: its description and its error, when there are. */
export function describe(field: string, errors: FieldErrors, description = false) {
  const ids = [description ? `${field}-description` : '', errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': errors[field] ? 'true' : undefined, 'aria-describedby': ids || undefined };
}

function NumberInput(props: { field: NumberField; values: SettingsFormValues; errors: FieldErrors; label: string; min: number; max: number }) {
  return (
    <input
      type="number"
      id={props.field}
      name={props.field}
      value={props.values[props.field]}
      min={props.min}
      max={props.max}
      step={1}
      inputmode="numeric"
      aria-label={props.label}
      {...describe(props.field, props.errors)}
    />
  );
}

function Check(props: { name: keyof SettingsFormValues; values: SettingsFormValues; children: Child }) {
  return (
    <>
      <input type="checkbox" id={props.name} name={props.name} checked={props.values[props.name] === true} />{' '}
      <label for={props.name} class="inline">
        {props.children}
      </label>
    </>
  );
}

function KeyList(props: { field: 'moderationKeys' | 'disallowedKeys'; label: string; outcome: string; values: SettingsFormValues; errors: FieldErrors }) {
  return (
    <div class="field">
      <label for={props.field}>{props.label}</label>
      <p class="description" id={`${props.field}-description`}>
        When a comment contains any of these words in its content, author name, URL, email, IP address, or browser’s user agent
        string, it will be {props.outcome}. One word or IP address per line. It will match inside words, so “press” will match
        “WordPress”.
      </p>
      <FieldError field={props.field} errors={props.errors} />
      <textarea id={props.field} name={props.field} rows={6} spellcheck={false} {...describe(props.field, props.errors, true)}>
        {props.values[props.field]}
      </textarea>
    </div>
  );
}

export function SettingsPage(props: SettingsProps) {
  const { values, errors } = props;
  const problems = Object.entries(errors);
  return (
    <AdminLayout title={`Discussion settings: ${props.site}`} chrome={props.chrome} section="sites" page="settings">
      <p>
        <a href="/admin/sites">« All sites</a>
      </p>
      {(props.saved || props.created) && (
        <div class="notice" role="status">
          <p>{props.created ? 'Site created. Add the origins of its pages below.' : 'Settings saved.'}</p>
        </div>
      )}
      {problems.length > 0 && (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary" autofocus>
          <h2>The settings were not saved</h2>
          <ul>
            {problems.map(([field, message]) => (
              <li>
                <a href={`#${field}`}>
                  {FIELD_NAMES[field] ?? QUIET_FIELD_NAMES[field] ?? field}: {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action={`/admin/sites/${encodeURIComponent(props.site)}`} class="settings card" novalidate>
        <input type="hidden" name="csrf" value={props.chrome.csrf} />
        <fieldset>
          <legend>Where comments come from</legend>
          <div class="field">
            <label for="origins">Allowed origins</label>
            <p class="description" id="origins-description">
              The addresses of the pages that show this site’s comments, one per line: the scheme, host and port only, like
              https://example.org. Comments are accepted only from these pages.
            </p>
            <FieldError field="origins" errors={errors} />
            <textarea id="origins" name="origins" rows={3} spellcheck={false} {...describe('origins', errors, true)}>
              {values.origins}
            </textarea>
          </div>
        </fieldset>
        <fieldset>
          <legend>Before a comment appears</legend>
          <div class="check">
            <Check name="manualApproval" values={values}>Comment must be manually approved</Check>
          </div>
          <div class="check">
            <Check name="previousApproval" values={values}>Comment author must have a previously approved comment</Check>
          </div>
        </fieldset>
        <fieldset>
          <legend>Holding comments for moderation</legend>
          <div class="field">
            <label for="maxLinks" class="check">
              Hold a comment in the queue if it contains{' '}
              <NumberInput field="maxLinks" values={values} errors={errors} label="Links that hold a comment" min={0} max={1000} /> or
              more links. (A common characteristic of comment spam is a large number of hyperlinks. 0 turns this off.)
            </label>
            <FieldError field="maxLinks" errors={errors} />
          </div>
          <KeyList field="moderationKeys" label="Comment Moderation" outcome="held in the moderation queue" values={values} errors={errors} />
          <KeyList field="disallowedKeys" label="Disallowed Comment Keys" outcome="marked as spam" values={values} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>Other comment settings</legend>
          <div class="field">
            <Check name="requireNameEmail" values={values}>Comment author must fill out name and email</Check>
          </div>
          <div class="field">
            <Check name="closeComments" values={values}>Automatically close comments on articles older than</Check>{' '}
            <NumberInput field="closeAfterDays" values={values} errors={errors} label="Days before comments close" min={1} max={36500} /> days
            <p class="description">An article’s age counts from its first comment.</p>
            <FieldError field="closeAfterDays" errors={errors} />
          </div>
          <div class="field">
            <Check name="threadComments" values={values}>Enable threaded (nested) comments</Check>{' '}
            <NumberInput field="maxDepth" values={values} errors={errors} label="Levels deep" min={2} max={50} /> levels deep
            <FieldError field="maxDepth" errors={errors} />
          </div>
          <div class="field">
            <Check name="pageComments" values={values}>Break comments into pages with</Check>{' '}
            <NumberInput field="commentsPerPage" values={values} errors={errors} label="Top level comments per page" min={1} max={200} /> top
            level comments per page
            <FieldError field="commentsPerPage" errors={errors} />
          </div>
          <div class="field">
            <label for="editWindowMinutes" class="check">
              Authors may edit or delete their comments for{' '}
              <NumberInput field="editWindowMinutes" values={values} errors={errors} label="Minutes authors may edit" min={0} max={10080} /> minutes
            </label>
            <FieldError field="editWindowMinutes" errors={errors} />
          </div>
          <div class="field">
            <label for="floodSeconds" class="check">
              Wait at least <NumberInput field="floodSeconds" values={values} errors={errors} label="Seconds between comments" min={0} max={86400} />{' '}
              seconds between two comments from the same email or IP address
            </label>
            <FieldError field="floodSeconds" errors={errors} />
          </div>
          <div class="field">
            <Check name="bannedSpam" values={values}>Take banned authors’ comments silently as spam instead of refusing them</Check>
          </div>
        </fieldset>
        <QuietHoursFieldset values={values} errors={errors} />
        <fieldset>
          <legend>Readers’ mail and privacy</legend>
          <div class="field">
            <label for="subscriberMailsPerHour" class="check">
              Send a reader at most{' '}
              <NumberInput field="subscriberMailsPerHour" values={values} errors={errors} label="Mails per reader per hour" min={0} max={1000} />{' '}
              notification mails per hour
            </label>
            <FieldError field="subscriberMailsPerHour" errors={errors} />
          </div>
          <div class="field">
            <Check name="approvedMail" values={values}>Email the author when a held comment is approved</Check>
          </div>
          <div class="field">
            <Check name="forgetIps" values={values}>Forget commenters’ IP addresses and browsers after</Check>{' '}
            <NumberInput field="forgetIpAfterDays" values={values} errors={errors} label="Days before IP addresses are forgotten" min={1} max={36500} /> days
            <FieldError field="forgetIpAfterDays" errors={errors} />
          </div>
          <div class="field">
            <Check name="emptySpamTrash" values={values}>Delete spam and trash for good after</Check>{' '}
            <NumberInput field="emptySpamTrashAfterDays" values={values} errors={errors} label="Days before spam and trash are emptied" min={1} max={36500} /> days
            <FieldError field="emptySpamTrashAfterDays" errors={errors} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Readers</legend>
          <div class="field">
            <Check name="reactions" values={values}>Readers may “Like” comments</Check>
          </div>
          <div class="field">
            <label for="reportThreshold" class="check">
              Take a comment out of the thread and back to the queue when readers from{' '}
              <NumberInput field="reportThreshold" values={values} errors={errors} label="Networks whose reports hold a comment" min={1} max={1000} />{' '}
              different networks have reported it
            </label>
            <FieldError field="reportThreshold" errors={errors} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Spam services</legend>
          <div class="field">
            <label for="akismetKey">Akismet key</label>
            <p class="description" id="akismetKey-description">
              {props.spam?.akismetKeySet ? 'A key is set (it is never shown). Type a new one to replace it; leave it empty to keep it.' : 'With a key, Akismet checks new comments, and your Spam / Not spam decisions are sent back to it.'}
            </p>
            <FieldError field="akismetKey" errors={errors} />
            <input type="password" id="akismetKey" name="akismetKey" value="" autocomplete="off" size={20} {...describe('akismetKey', errors, true)} />
            <button type="button" class="button" id="check-akismet-key" data-site={props.site}>
              Check the key
            </button>{' '}
            <span id="check-akismet-key-status" role="status" aria-live="polite"></span>
            {props.spam?.akismetKeySet && (
              <p>
                <Check name="removeAkismetKey" values={values}>Remove the key</Check>
              </p>
            )}
          </div>
          <div class="field">
            <label for="hookUrl">Moderation hook URL</label>
            <p class="description" id="hookUrl-description">
              Each new or edited comment is POSTed here, signed; the answer (approve, hold, spam or reject) decides. Leave it empty for none.
            </p>
            <FieldError field="hookUrl" errors={errors} />
            <input type="url" id="hookUrl" name="hookUrl" value={values.hookUrl} size={60} {...describe('hookUrl', errors, true)} />
          </div>
          <div class="field">
            <label for="hookSecret">Moderation hook secret</label>
            <p class="description" id="hookSecret-description">
              {props.spam?.hookSecretSet ? 'A secret is set (it is never shown); leave it empty to keep it.' : 'whsec_ and base64, as for Standard Webhooks.'}
            </p>
            <FieldError field="hookSecret" errors={errors} />
            <input type="password" id="hookSecret" name="hookSecret" value="" autocomplete="off" size={60} {...describe('hookSecret', errors, true)} />
          </div>
          <div class="field">
            <label for="hookTimeoutMs" class="check">
              Wait at most <NumberInput field="hookTimeoutMs" values={values} errors={errors} label="Moderation hook timeout in milliseconds" min={100} max={10000} /> ms for the hook
            </label>
            <FieldError field="hookTimeoutMs" errors={errors} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Notifications</legend>
          <div class="field">
            <label for="webhook">Webhook URL</label>
            <p class="description" id="webhook-description">
              Parley POSTs signed events here: comment.created, comment.approved, comment.spam, comment.deleted, comment.reported and comment.featured. Leave it empty for none.
            </p>
            <FieldError field="webhook" errors={errors} />
            <input type="url" id="webhook" name="webhook" value={values.webhook} size={60} {...describe('webhook', errors, true)} />
          </div>
          {props.webhookSecret && (
            <p>
              Signing secret (Standard Webhooks): <code class="secret">{props.webhookSecret}</code>
            </p>
          )}
          <div class="field">
            <label for="language">Language of mail</label>
            <FieldError field="language" errors={errors} />
            <select id="language" name="language" {...describe('language', errors)}>
              {MAIL_LANGUAGES.map(([code, name]) => (
                <option value={code} selected={values.language === code}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <p>
          <button type="submit" class="button button-primary">
            Save Changes
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}
