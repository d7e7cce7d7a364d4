// The no-JavaScript pages readers reach from the widget or a mail: ask for one's data or its erasure,
// confirm an erase, confirm a subscription, unsubscribe. Every page that changes something does it
// with a POST from a button (mail scanners open every link). No page shows an email address.
import type { Child } from 'hono/jsx';
import { Layout } from './layout.js';

function Page(props: { title: string; children: Child }) {
  return (
    <Layout title={props.title}>
      <main class="reader-page">
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Layout>
  );
}

export function MessagePage(props: { title: string; message: string; alert?: boolean }) {
  return (
    <Page title={props.title}>
      <p role={props.alert ? 'alert' : 'status'}>{props.message}</p>
    </Page>
  );
}

export interface PrivacyFormProps {
  site: string;
  email?: string;
  kind?: string;
  errors?: Record<string, string>;
}

/** GET /privacy?site=: where a reader asks for a copy of their comments, or their erasure. */
export function PrivacyRequestPage(props: PrivacyFormProps) {
  const errors = props.errors ?? {};
  const kind = props.kind === 'erase' ? 'erase' : 'export';
  return (
    <Page title="Manage your comments">
      <p>
        Enter the email address you comment with. We will mail that address a link to download a copy of your comments, or to
        erase them. The link works for 24 hours.
      </p>
      {Object.keys(errors).length > 0 && (
        <p role="alert" class="reader-error">
          {Object.values(errors).join(' ')}
        </p>
      )}
      <form method="post" action="/privacy">
        <input type="hidden" name="site" value={props.site} />
        <p>
          <label for="privacy-email">Email</label>
          <input
            id="privacy-email"
            name="email"
            type="email"
            maxlength={254}
            autocomplete="email"
            required
            value={props.email ?? ''}
            aria-invalid={errors.email ? 'true' : undefined}
          />
        </p>
        <fieldset>
          <legend>What would you like?</legend>
          <p>
            <input type="radio" id="kind-export" name="kind" value="export" checked={kind === 'export'} />{' '}
            <label class="inline" for="kind-export">
              Export: download every comment I wrote, with its article and status
            </label>
          </p>
          <p>
            <input type="radio" id="kind-erase" name="kind" value="erase" checked={kind === 'erase'} />{' '}
            <label class="inline" for="kind-erase">
              Erase: remove my name, email, website and IP from my comments (you can delete their text too)
            </label>
          </p>
        </fieldset>
        <p>
          <button type="submit">Send me the link</button>
        </p>
      </form>
    </Page>
  );
}

export const REQUEST_ACCEPTED =
  'If this address has comments on this site, a message with a link is on its way to it. The link works for 24 hours.';

export function EraseConfirmPage(props: { action: string; count: number }) {
  return (
    <Page title="Erase your comments">
      <p>
        {props.count === 1 ? 'You have 1 comment' : `You have ${props.count} comments`} on this site. Erasing replaces your name with
        “Anonymous” and removes your email address, website and IP address from them. Nobody can undo this.
      </p>
      <form method="post" action={props.action}>
        <fieldset>
          <legend>Your comments’ text</legend>
          <p>
            <input type="radio" id="mode-anonymise" name="mode" value="anonymise" checked />{' '}
            <label class="inline" for="mode-anonymise">
              Keep the text, anonymised
            </label>
          </p>
          <p>
            <input type="radio" id="mode-delete" name="mode" value="delete" />{' '}
            <label class="inline" for="mode-delete">
              Delete the text too (where others replied, a “deleted” placeholder stays)
            </label>
          </p>
        </fieldset>
        <p>
          <button type="submit">Erase my comments</button>
        </p>
      </form>
    </Page>
  );
}

export function ConfirmSubscriptionPage(props: { action: string }) {
  return (
    <Page title="Confirm your subscription">
      <p>Press the button to receive email about new comments you subscribed to. You can unsubscribe from any of those mails.</p>
      <form method="post" action={props.action}>
        <p>
          <button type="submit">Yes, send me these emails</button>
        </p>
      </form>
    </Page>
  );
}

export function UnsubscribePage(props: { action: string; thread: boolean }) {
  return (
    <Page title="Unsubscribe">
      <form method="post" action={props.action}>
        {props.thread && (
          <p>
            <button type="submit" name="scope" value="thread">
              Unsubscribe from this thread
            </button>
          </p>
        )}
        <p>
          <button type="submit" name="scope" value="all">
            Unsubscribe from everything (no more mail about comments to this address)
          </button>
        </p>
      </form>
    </Page>
  );
}
