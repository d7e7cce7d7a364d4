// The pages a moderator's mail link opens: the confirmation (a form whose button POSTs, because mail
// scanners open every link), the result, and the refusal when a link is used, expired or forged.
// No script; the page's CSP is the strict one of Parley's other pages.
import type { MailAction } from '../mail/links.js';
import type { MailStrings } from '../mail/strings/index.js';
import { Layout } from './layout.js';

export interface ActionComment {
  name: string;
  articleTitle: string;
  body: string;
}

const confirmLabel = (s: MailStrings, action: MailAction) =>
  ({ approve: s.page.confirmApprove, spam: s.page.confirmSpam, trash: s.page.confirmTrash })[action];
const doneLabel = (s: MailStrings, action: MailAction) => ({ approve: s.page.doneApprove, spam: s.page.doneSpam, trash: s.page.doneTrash })[action];

function Quote(props: { comment: ActionComment }) {
  return (
    <figure>
      <figcaption>
        <strong>{props.comment.name}</strong> — {props.comment.articleTitle}
      </figcaption>
      <blockquote>{props.comment.body}</blockquote>
    </figure>
  );
}

export function ConfirmActionPage(props: { strings: MailStrings; lang: string; action: MailAction; comment: ActionComment; formAction: string }) {
  const label = confirmLabel(props.strings, props.action);
  return (
    <Layout title={label} lang={props.lang}>
      <main class="mail-action" dir={props.strings.dir}>
        <h1>{label}</h1>
        <Quote comment={props.comment} />
        <form method="post" action={props.formAction}>
          <button type="submit">{label}</button>
        </form>
      </main>
    </Layout>
  );
}

export function ActionDonePage(props: { strings: MailStrings; lang: string; action: MailAction; comment: ActionComment; queueUrl: string }) {
  const done = doneLabel(props.strings, props.action);
  return (
    <Layout title={done} lang={props.lang}>
      <main class="mail-action" dir={props.strings.dir}>
        <h1 role="status">{done}</h1>
        <Quote comment={props.comment} />
        <p>
          <a href={props.queueUrl}>{props.strings.page.openQueue}</a>
        </p>
      </main>
    </Layout>
  );
}

export type Refusal = 'used' | 'expired' | 'invalid' | 'gone' | 'forbidden';

export function ActionRefusedPage(props: { strings: MailStrings; lang: string; refusal: Refusal; queueUrl: string }) {
  const p = props.strings.page;
  const texts: Record<Refusal, { title: string; text: string }> = {
    used: { title: p.usedTitle, text: p.used },
    expired: { title: p.expiredTitle, text: p.expired },
    invalid: { title: p.invalidTitle, text: p.invalid },
    gone: { title: p.goneTitle, text: p.gone },
    forbidden: { title: p.forbiddenTitle, text: p.forbidden },
  };
  const { title, text } = texts[props.refusal];
  return (
    <Layout title={title} lang={props.lang}>
      <main class="mail-action" role="alert" dir={props.strings.dir}>
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href={props.queueUrl}>{p.openQueue}</a>
        </p>
      </main>
    </Layout>
  );
}
