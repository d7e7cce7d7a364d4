// The API reference page's stylesheet, served at /api/docs.css (the page's CSP allows only 'self' styles).
export const apiDocsCss = `
:root { color-scheme: light dark; --accent: #1d4ed8; --muted: #4b5563; --line: #d1d5db; --bg: #fff; --fg: #111827; --code: rgba(127,127,127,.12); }
@media (prefers-color-scheme: dark) { :root { --accent: #93b4ff; --muted: #c2c8d0; --line: #374151; --bg: #111827; --fg: #f3f4f6; } }
* { box-sizing: border-box; }
body { margin: 0; display: grid; grid-template-columns: minmax(14rem, 20rem) 1fr; font: 15px/1.5 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
nav { position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1rem; border-right: 1px solid var(--line); font-size: .85rem; }
nav ul { list-style: none; margin: 0 0 1rem; padding: 0; }
nav li a { display: block; padding: .1rem 0; text-decoration: none; word-break: break-all; }
.nav-tag { font-size: .95rem; margin: 1rem 0 .3rem; }
main { padding: 1rem 2rem 4rem; max-width: 62rem; min-width: 0; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
pre { background: var(--code); padding: .6rem; overflow-x: auto; max-height: 30rem; }
.operation, .schema { border-top: 1px solid var(--line); padding: .5rem 0 1rem; }
.operation h3 { font-size: 1.1rem; }
h4 { margin: 1rem 0 .3rem; }
.method { display: inline-block; min-width: 4.2em; text-align: center; font: 700 .75rem/1.6 ui-monospace, monospace; border-radius: 3px; color: #fff; background: #4b5563; }
.method-get { background: #1d6f42; } .method-post { background: #1d4ed8; } .method-put, .method-patch { background: #8a5a00; } .method-delete { background: #b42318; }
.status-2xx, .status-3xx { color: #1d6f42; } .status-4xx, .status-5xx { color: #b42318; }
@media (prefers-color-scheme: dark) { .status-2xx, .status-3xx { color: #7bd3a0; } .status-4xx, .status-5xx { color: #ff9c94; } }
.auth, .constraints, .type { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid var(--line); }
td:first-child { white-space: nowrap; }
details { margin: .3rem 0; } summary { cursor: pointer; color: var(--accent); }
@media (max-width: 50rem) { body { display: block; } nav { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); } main { padding: 1rem; } }
`;
