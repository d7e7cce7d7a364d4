// The HTML error page of the no-JavaScript form: what was wrong, and a link back.
import type { AppError } from '../errors.js';
import { Layout } from './layout.js';

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  url: 'Website',
  body: 'Comment',
  parentId: 'Reply to',
  article: 'Article',
  articleUrl: 'Article address',
  site: 'Site',
};

export function ErrorPage(props: { error: AppError; backUrl: string | null; heading?: string }) {
  const fields = Object.entries(props.error.fields ?? {});
  return (
    <Layout title={props.heading ?? 'Comment Submission Failure'}>
      <main class="error-page" role="alert">
        <h1>{props.heading ?? 'Your comment could not be posted'}</h1>
        <p>
          <strong>Error:</strong> {props.error.message}
        </p>
        {fields.length > 0 && (
          <ul>
            {fields.map(([field, message]) => (
              <li>
                <strong>{FIELD_LABELS[field] ?? field}:</strong> {message}
              </li>
            ))}
          </ul>
        )}
        {props.error.retryAfter !== undefined && <p>You can try again in {props.error.retryAfter} seconds.</p>}
        {props.heading ? null : props.backUrl ? (
          <p>
            <a href={`${props.backUrl}#respond`}>« Back</a>
          </p>
        ) : (
          <p>Use your browser’s back button to return to the article; what you typed is still there.</p>
        )}
      </main>
    </Layout>
  );
}

export function errorPage(error: AppError, backUrl: string | null, heading?: string) {
  return <ErrorPage error={error} backUrl={backUrl} heading={heading} />;
}
