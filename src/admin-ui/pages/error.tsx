// What an /admin page answers when something is wrong (unknown comment or site, a stale form, …).
import type { AppError } from '../../errors.js';
import { SignedOutLayout } from './layout.js';

const TITLES: Partial<Record<AppError['code'], string>> = {
  not_found: 'Not found',
  forbidden: 'Not allowed',
  bad_request: 'That address is not right',
  rate_limited: 'Too many attempts',
};

export function AdminErrorPage(props: { error: AppError; assetVersion: string }) {
  const title = TITLES[props.error.code] ?? 'Something went wrong';
  return (
    <SignedOutLayout title={title} assetVersion={props.assetVersion}>
      <div class="card" role="alert">
        <h1>{title}</h1>
        <p>{props.error.message}</p>
        <p>
          <a href="/admin">Back to the dashboard</a>
        </p>
      </div>
    </SignedOutLayout>
  );
}
