// The no-JavaScript pages readers reach from the widget or a mail: ask for one's data or its erasure,
// confirm an erase, confirm a subscription, unsubscribe. Every page that changes something does it
// with a POST from a button (mail scanners open every link). No page shows an email address. Words
// in the site's language (reader-page-strings.ts).
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { fillN, readerPageStrings, type ReaderPageStrings } from './reader-page-strings.js';

function Page(props: { title: string; lang: string; s: ReaderPageStrings; children: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={props.lang} dir={props.s.dir}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="robots" content="noindex" />
          <title>{props.title}</title>
          <link rel="stylesheet" href="/assets/parley.css" />
        </head>
        <body>
          <main class="reader-page">
            <h1>{props.title}</h1>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

type Lang = { lang: string };

export function MessagePage(props: Lang & { title: (s: ReaderPageStrings) => string; message: (s: ReaderPageStrings) => string }) {
  const s = readerPageStrings(props.lang);
  return (
    <Page title={props.title(s)} lang={props.lang} s={s}>
      <p role="status">{props.message(s)}</p>
    </Page>
  );
}

export interface PrivacyFormProps extends Lang {
  site: string;
  email?: string;
  kind?: string;
  errors?: Record<string, string>;
}

/** GET /privacy?site=: where a reader asks for a copy of their comments, or their erasure. */
export function PrivacyRequestPage(props: PrivacyFormProps) {
  const s = readerPageStrings(props.lang);
  const errors = props.errors ?? {};
  const kind = props.kind === 'erase' ? 'erase' : 'export';
  return (
    <Page title={s.manageTitle} lang={props.lang} s={s}>
      <p>{s.manageIntro}</p>
      {Object.keys(errors).length > 0 && (
        <p role="alert" class="reader-error">
          {Object.values(errors).join(' ')}
        </p>
      )}
      <form method="post" action="/privacy">
        <input type="hidden" name="site" value={props.site} />
        <input type="hidden" name="lang" value={props.lang} />
        <p>
          <label for="privacy-email">{s.email}</label>
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
          <legend>{s.whatLegend}</legend>
          <p>
            <input type="radio" id="kind-export" name="kind" value="export" checked={kind === 'export'} />{' '}
            <label class="inline" for="kind-export">
              {s.exportChoice}
            </label>
          </p>
          <p>
            <input type="radio" id="kind-erase" name="kind" value="erase" checked={kind === 'erase'} />{' '}
            <label class="inline" for="kind-erase">
              {s.eraseChoice}
            </label>
          </p>
        </fieldset>
        <p>
          <button type="submit">{s.sendLink}</button>
        </p>
      </form>
    </Page>
  );
}

/** What the JSON request answers, in English (the widget shows its own words). */
export const REQUEST_ACCEPTED = readerPageStrings('en').accepted;

export function EraseConfirmPage(props: Lang & { action: string; count: number }) {
  const s = readerPageStrings(props.lang);
  return (
    <Page title={s.eraseTitle} lang={props.lang} s={s}>
      <p>
        {fillN(props.count === 1 ? s.eraseCount.one : s.eraseCount.other, props.count)} {s.eraseIntro}
      </p>
      <form method="post" action={props.action}>
        <fieldset>
          <legend>{s.textLegend}</legend>
          <p>
            <input type="radio" id="mode-anonymise" name="mode" value="anonymise" checked />{' '}
            <label class="inline" for="mode-anonymise">
              {s.keepText}
            </label>
          </p>
          <p>
            <input type="radio" id="mode-delete" name="mode" value="delete" />{' '}
            <label class="inline" for="mode-delete">
              {s.deleteText}
            </label>
          </p>
        </fieldset>
        <p>
          <button type="submit">{s.eraseButton}</button>
        </p>
      </form>
    </Page>
  );
}

export function ConfirmSubscriptionPage(props: Lang & { action: string }) {
  const s = readerPageStrings(props.lang);
  return (
    <Page title={s.confirmTitle} lang={props.lang} s={s}>
      <p>{s.confirmIntro}</p>
      <form method="post" action={props.action}>
        <p>
          <button type="submit">{s.confirmButton}</button>
        </p>
      </form>
    </Page>
  );
}

export function UnsubscribePage(props: Lang & { action: string; thread: boolean }) {
  const s = readerPageStrings(props.lang);
  return (
    <Page title={s.unsubscribeTitle} lang={props.lang} s={s}>
      <form method="post" action={props.action}>
        {props.thread && (
          <p>
            <button type="submit" name="scope" value="thread">
              {s.unsubscribeThread}
            </button>
          </p>
        )}
        <p>
          <button type="submit" name="scope" value="all">
            {s.unsubscribeAll}
          </button>
        </p>
      </form>
    </Page>
  );
}
