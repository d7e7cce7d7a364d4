// The shell of every signed-in /admin page: skip link, the admin bar (landmarks, navigation with the
// pending count, who is signed in, sign out), the main region, and a live region for the script.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

/** What every signed-in page shows around its content. */
export interface Chrome {
  moderator: { name: string; email: string };
  csrf: string;
  pending: number;
  /** A moderator (not an admin) sees only what it may use. */
  admin: boolean;
  /** Changes whenever admin.js or admin.css change, so browsers never run a stale script against a new page. */
  assetVersion: string;
}

export type Section = 'dashboard' | 'comments' | 'sites' | 'import' | 'audit' | 'notifications' | 'privacy' | 'moderators' | 'bans';

function Head(props: { title: string; assetVersion: string; csrf?: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="same-origin" />
      <meta name="robots" content="noindex, nofollow" />
      {props.csrf !== undefined && <meta name="parley-csrf" content={props.csrf} />}
      <title>{`${props.title} ‹ Parley`}</title>
      <link rel="stylesheet" href={`/assets/admin.css?v=${props.assetVersion}`} />
      <script src={`/admin.js?v=${props.assetVersion}`} defer></script>
    </head>
  );
}

function NavLink(props: { href: string; current: boolean; children: Child }) {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  );
}

export function AdminLayout(props: { title: string; chrome: Chrome; section: Section; page?: string; children: Child }) {
  const { chrome, section } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <Head title={props.title} assetVersion={chrome.assetVersion} csrf={chrome.csrf} />
        <body data-page={props.page ?? section}>
          <a class="skip-link" href="#main">
            Skip to main content
          </a>
          <header class="admin-bar">
            <a class="brand" href="/admin">
              Parley
            </a>
            <nav aria-label="Moderation">
              <ul>
                <NavLink href="/admin" current={section === 'dashboard'}>
                  Dashboard
                </NavLink>
                <NavLink href="/admin/comments" current={section === 'comments'}>
                  Comments{' '}
                  <span class="count-bubble" data-pending-bubble hidden={chrome.pending === 0}>
                    <span data-pending-count>{chrome.pending}</span>
                    <span class="visually-hidden"> pending</span>
                  </span>
                </NavLink>
                <NavLink href="/admin/bans" current={section === 'bans'}>
                  Bans
                </NavLink>
                {chrome.admin && (
                  <>
                    <NavLink href="/admin/sites" current={section === 'sites'}>
                      Sites
                    </NavLink>
                    <NavLink href="/admin/moderators" current={section === 'moderators'}>
                      Moderators
                    </NavLink>
                    <NavLink href="/admin/import" current={section === 'import'}>
                      Import &amp; export
                    </NavLink>
                    <NavLink href="/admin/audit" current={section === 'audit'}>
                      Audit log
                    </NavLink>
                    <NavLink href="/admin/privacy" current={section === 'privacy'}>
                      Privacy
                    </NavLink>
                  </>
                )}
                <NavLink href="/admin/notifications" current={section === 'notifications'}>
                  My notifications
                </NavLink>
              </ul>
            </nav>
            <div class="account">
              <span>
                Signed in as <strong>{chrome.moderator.name}</strong>
              </span>
              <form method="post" action="/admin/sign-out">
                <input type="hidden" name="csrf" value={chrome.csrf} />
                <button type="submit" class="link-button">
                  Sign out
                </button>
              </form>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            <h1>{props.title}</h1>
            {props.children}
          </main>
          <div id="live" class="visually-hidden" role="status" aria-live="polite"></div>
        </body>
      </html>
    </>
  );
}

/** The signed-out shell (the sign-in page): no navigation, no CSRF token. */
export function SignedOutLayout(props: { title: string; assetVersion: string; children: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <Head title={props.title} assetVersion={props.assetVersion} />
        <body data-page="sign-in">
          <main id="main" class="sign-in">
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
