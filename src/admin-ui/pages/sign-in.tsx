// The sign-in page: email and password, posted as a plain form (it works before the script loads).
import { SignedOutLayout } from './layout.js';

export interface SignInProps {
  next: string;
  email?: string;
  error?: string;
  expired?: boolean;
  signedOut?: boolean;
  assetVersion: string;
}

export function SignInPage(props: SignInProps) {
  const invalid = props.error !== undefined;
  return (
    <SignedOutLayout title="Sign in" assetVersion={props.assetVersion}>
      <h1>Parley moderation</h1>
      {props.expired && !invalid && (
        <div class="notice error" role="alert">
          <p>Your session has expired. Please sign in again.</p>
        </div>
      )}
      {props.signedOut && (
        <div class="notice" role="status">
          <p>You are now signed out.</p>
        </div>
      )}
      {invalid && (
        <div class="notice error" role="alert" id="sign-in-error">
          <p>
            <strong>Error:</strong> {props.error}
          </p>
        </div>
      )}
      <form method="post" action="/admin/sign-in">
        <input type="hidden" name="next" value={props.next} />
        <label for="email">Email address</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          maxlength={254}
          value={props.email ?? ''}
          autofocus
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'sign-in-error' : undefined}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxlength={1024}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'sign-in-error' : undefined}
        />
        <button type="submit" class="button button-primary">
          Sign in
        </button>
      </form>
    </SignedOutLayout>
  );
}
