// The dashboard's "Mail that failed": mail Parley gave up on after its last attempt, and why.
import type { failedMailView } from '../../mail/preferences.js';

export type FailedMail = ReturnType<typeof failedMailView>;

export function FailedMails(props: { mails: FailedMail[] }) {
  return (
    <>
      <h2 id="failed-mail">Mail that failed</h2>
      <p>Parley tried each of these several times and gave up. Check the SMTP settings (PARLEY_SMTP_URL) and the error.</p>
      <div class="table-wrap" role="region" aria-labelledby="failed-mail" tabindex={0}>
        <table class="widefat">
          <thead>
            <tr>
              <th scope="col">Failed</th>
              <th scope="col">Site</th>
              <th scope="col">Kind</th>
              <th scope="col">To</th>
              <th scope="col" class="number">
                Attempts
              </th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {props.mails.map((m) => (
              <tr>
                <td>
                  <time datetime={m.failedAt ?? ''}>{(m.failedAt ?? '').replace('T', ' ').slice(0, 16)}</time>
                </td>
                <td>{m.site ? <code>{m.site}</code> : '—'}</td>
                <td>{m.kind}</td>
                <td>{m.to}</td>
                <td class="number">{m.attempts}</td>
                <td>{m.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
