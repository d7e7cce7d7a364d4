// The moderator UI's stylesheet, served at /assets/admin.css. WordPress's admin colours (every text
// colour is AA against its background), a visible focus ring, and one column from 320 px up.
export const adminCss = `
:root { --text: #1d2327; --muted: #50575e; --page: #f0f0f1; --card: #fff; --line: #c3c4c7; --blue: #2271b1;
  --blue-dark: #135e96; --red: #b32d2e; --green: #007017; --pending: #fcf9e8; --pending-line: #d63638; --bar: #1d2327; --focus: #2271b1; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--text); font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Oxygen-Sans, Ubuntu, Cantarell, "Helvetica Neue", sans-serif; }
a { color: var(--blue); }
a:hover { color: var(--blue-dark); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 4px #fff; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: .5rem; top: -3rem; background: #fff; color: var(--blue); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { top: .5rem; }
h1 { font-size: 23px; font-weight: 400; margin: 0 0 1rem; }
h2 { font-size: 1.3em; margin: 1.5rem 0 .75rem; }
code { font-family: Consolas, Monaco, monospace; background: #f6f7f7; padding: 0 .2em; overflow-wrap: anywhere; }

.admin-bar { background: var(--bar); color: #f0f0f1; display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; padding: .25rem .75rem; }
.admin-bar a, .admin-bar button { color: #f0f0f1; }
.admin-bar :focus-visible { outline-color: #72aee6; box-shadow: none; }
.brand { font-weight: 600; font-size: 16px; text-decoration: none; padding: .5rem .25rem; }
.admin-bar nav ul { list-style: none; display: flex; flex-wrap: wrap; margin: 0; padding: 0; }
.admin-bar nav a { display: block; padding: .55rem .6rem; text-decoration: none; }
.admin-bar nav a:hover { color: #72aee6; }
.admin-bar nav a[aria-current=page] { background: var(--blue); color: #fff; }
.count-bubble { display: inline-block; min-width: 18px; padding: 0 5px; border-radius: 9px; background: #d63638; color: #fff; font-size: 11px; line-height: 18px; text-align: center; }
.account { margin-left: auto; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
.account form { margin: 0; }

main { padding: 1.25rem; max-width: 80rem; }
main:focus { outline: none; }
.card { background: var(--card); border: 1px solid var(--line); padding: 1rem; margin-bottom: 1rem; }
.notice { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--green); padding: .5rem .75rem; margin: 0 0 1rem; }
.notice.error { border-left-color: var(--pending-line); }
.notice p { margin: .25rem 0; }

.button, button.button { display: inline-block; font: inherit; font-size: 13px; line-height: 2.15; min-height: 30px; padding: 0 10px; border: 1px solid var(--blue); border-radius: 3px; background: #f6f7f7; color: var(--blue); cursor: pointer; text-decoration: none; }
.button:hover { background: #f0f0f1; color: var(--blue-dark); border-color: var(--blue-dark); }
.button-primary, button.button-primary { background: var(--blue); color: #fff; }
.button-primary:hover { background: var(--blue-dark); color: #fff; }
.link-button { font: inherit; background: none; border: 0; padding: .25rem; color: var(--blue); text-decoration: underline; cursor: pointer; }
input[type=text], input[type=email], input[type=password], input[type=url], input[type=search], input[type=number], select, textarea {
  font: inherit; color: var(--text); background: #fff; border: 1px solid #8c8f94; border-radius: 4px; padding: .3rem .5rem; max-width: 100%; }
input[type=number] { width: 5.5em; }
textarea { width: 100%; min-height: 6rem; }
[aria-invalid=true] { border-color: var(--pending-line); }
.field-error { color: var(--red); font-weight: 600; margin: .25rem 0; }

.sign-in { max-width: 22rem; margin: 8vh auto; padding: 0 1rem; }
.sign-in h1 { text-align: center; font-weight: 600; }
.sign-in form { background: #fff; border: 1px solid var(--line); padding: 1.5rem; }
.sign-in label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.sign-in input { width: 100%; }
.sign-in .button { margin-top: 1rem; width: 100%; }

.tabs { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin: 0 0 .75rem; padding: 0; }
.tabs a { text-decoration: none; }
.tabs a[aria-current=page] { color: var(--text); font-weight: 600; }
.tabs .count { color: var(--muted); font-weight: 400; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; margin-bottom: .75rem; }
.filters label { display: block; font-size: 12px; color: var(--muted); }
.filters > div { min-width: 0; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: .5rem; }
.toolbar .pager { margin-left: auto; display: flex; gap: .75rem; }

.comment-list { list-style: none; margin: 0; padding: 0; border: 1px solid var(--line); background: var(--card); }
.comment-row { display: grid; grid-template-columns: 2rem minmax(9rem, 15rem) 1fr; gap: .5rem 1rem; padding: .75rem; border-top: 1px solid #dcdcde; }
.comment-row:first-child { border-top: 0; }
.comment-row.status-pending { background: var(--pending); box-shadow: inset 4px 0 0 var(--pending-line); }
.comment-row.is-current { box-shadow: inset 4px 0 0 var(--blue); background: #f0f6fc; }
.comment-row:focus { outline: 2px solid var(--focus); outline-offset: -2px; }
.comment-row.is-selected { background: #f0f6fc; }
.row-select { padding-top: .15rem; }
.row-select input { width: 1.1rem; height: 1.1rem; }
.row-author { display: flex; flex-direction: column; gap: .1rem; min-width: 0; overflow-wrap: anywhere; }
.row-author img { border-radius: 50%; }
.row-author .author-name { font-weight: 600; }
.row-author .ip, .row-author .user-agent { color: var(--muted); font-size: 12px; }
.row-main { min-width: 0; overflow-wrap: anywhere; }
.row-meta { margin: 0 0 .35rem; color: var(--muted); }
.status-badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 .4rem; border-radius: 3px; background: #dcdcde; color: var(--text); }
.badge-moderator { font-size: 11px; font-weight: 600; color: #fff; background: var(--blue); padding: 0 .35rem; border-radius: 3px; align-self: flex-start; }
.in-reply-to { margin: .35rem 0; color: var(--muted); }
.in-reply-to blockquote { margin: .25rem 0 .5rem; padding: .1rem .75rem; border-left: 3px solid var(--line); color: var(--muted); max-height: 8rem; overflow: auto; }
.reasons { margin: .35rem 0; }
.reports { margin: .35rem 0; padding: .3rem .5rem; border-inline-start: 3px solid #d63638; background: #fcf0f1; }
.reports ul { margin: .2rem 0 0; padding-inline-start: 1.2rem; }
.featured-badge { background: #fff8e5; border-color: #dba617; }
.reasons ul { display: inline; margin: 0; padding: 0; list-style: none; }
.reasons li { display: inline-block; margin: 0 .25rem .25rem 0; padding: 0 .4rem; border: 1px solid #dba617; border-radius: 3px; background: #fff8e5; color: var(--text); font-size: 12px; }
.comment-text p { margin: .35rem 0; }
.comment-text pre { overflow-x: auto; background: #f6f7f7; padding: .5rem; }
.comment-text blockquote { margin: .35rem 0; padding-left: .75rem; border-left: 3px solid var(--line); }
.deleted { color: var(--muted); font-style: italic; }
.row-actions { display: flex; flex-wrap: wrap; gap: .15rem .25rem; margin-top: .4rem; }
.row-actions button { font: inherit; font-size: 13px; background: none; border: 0; padding: .2rem .35rem; cursor: pointer; color: var(--blue); text-decoration: underline; text-underline-offset: 2px; }
.row-actions button.approve, .row-actions button.restore { color: var(--green); }
.row-actions button.unapprove { color: #8a4d00; }
.row-actions button.spam, .row-actions button.trash, .row-actions button.delete { color: var(--red); }
.undo-row { padding: .75rem; border-top: 1px solid #dcdcde; background: #fff; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.undo-row.error, .inline-form .form-error { color: var(--red); }
.bulk-notice { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.inline-form { grid-column: 2 / -1; border: 1px solid var(--line); background: #f6f7f7; padding: .75rem; }
.inline-form label { display: block; font-weight: 600; margin: .5rem 0 .2rem; }
.inline-form input[type=text], .inline-form input[type=url] { width: 100%; }
.inline-form .form-buttons { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .5rem; }
.empty { padding: 1.5rem; color: var(--muted); }
dialog { border: 1px solid var(--line); padding: 1.25rem; max-width: min(34rem, calc(100vw - 2rem)); color: var(--text); }
dialog h2 { margin-top: 0; }
dialog::backdrop { background: rgba(0,0,0,.5); }
dialog dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dialog dt kbd, .kbd { font-family: Consolas, Monaco, monospace; border: 1px solid var(--line); border-radius: 3px; padding: 0 .35rem; background: #f6f7f7; }
dialog dd { margin: 0; }

.table-wrap { overflow-x: auto; margin-bottom: 1rem; position: relative; }
.widefat code { overflow-wrap: normal; }
table.widefat { border-collapse: collapse; background: #fff; border: 1px solid var(--line); width: 100%; }
.widefat th, .widefat td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid #dcdcde; vertical-align: top; }
.widefat td.number, .widefat th.number { text-align: right; font-variant-numeric: tabular-nums; }
.widefat tfoot th, .widefat tfoot td { border-top: 2px solid var(--line); }

.settings fieldset { border: 0; margin: 0; padding: .75rem 0; border-top: 1px solid #dcdcde; min-width: 0; }
.settings input[type=url], .settings input[type=text] { width: 100%; max-width: 40rem; }
.settings legend { font-weight: 600; font-size: 1.1em; padding: 0 0 .25rem; float: left; width: 100%; }
.settings legend + * { clear: both; }
.settings .field { margin: .5rem 0 .9rem; }
.settings .field > label:not(.check):not(.inline) { display: block; font-weight: 600; margin-bottom: .2rem; }
.settings .check { display: block; margin: .35rem 0; }
.settings .description { color: var(--muted); margin: .2rem 0; }
.settings fieldset:first-of-type { border-top: 0; padding-top: 0; }
.error-summary { border: 2px solid var(--pending-line); background: #fff; padding: .5rem 1rem; margin-bottom: 1rem; }
.error-summary h2 { margin: .25rem 0; font-size: 1.1em; }
.secret { display: inline-block; word-break: break-all; }

.author-history { margin: .25rem 0; font-size: .9rem; }
.ban-tools { margin-top: .5rem; }
.ban-tools form, .ban-edit { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.ban-tools fieldset { border: 0; padding: 0; margin: 0; }
table.bans { border-collapse: collapse; width: 100%; }
table.bans th, table.bans td { border-bottom: 1px solid #dcdcde; padding: .5rem; text-align: left; vertical-align: top; }
tr.ban-expired { color: #50575e; }
@media (max-width: 782px) {
  body { font-size: 15px; }
  main { padding: .75rem; }
  .comment-row { grid-template-columns: 1.75rem 1fr; }
  .row-main, .inline-form { grid-column: 1 / -1; }
  .row-author { flex-direction: row; flex-wrap: wrap; gap: .15rem .6rem; align-items: center; }
  .account { margin-left: 0; }
  .row-actions button { padding: .45rem .5rem; }
  .toolbar .pager { margin-left: 0; }
}
`;
