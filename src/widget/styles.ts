// The widget's stylesheet, scoped by its shadow root. Sites restyle it only through the documented
// --parley-* custom properties, which inherit into the shadow tree; nothing else from the page gets in.

// Each colour is resolved once on .p (site's custom property, else the theme's default) as --A, --T, …
const light = '--A:var(--parley-accent,#1d4ed8);--T:var(--parley-text,#1f2937);--M:var(--parley-muted,#4b5563);--B:var(--parley-bg,#fff);--F:var(--parley-field-bg,#fff);--L:var(--parley-border,#d1d5db);--E:var(--parley-error,#b91c1c);color-scheme:light';
const dark = 'padding:var(--parley-padding,1rem);border-radius:var(--parley-radius,4px);--A:var(--parley-accent,#93b4ff);--T:var(--parley-text,#f3f4f6);--M:var(--parley-muted,#c2c8d0);--B:var(--parley-bg,#111827);--F:var(--parley-field-bg,#1f2937);--L:var(--parley-border,#4b5563);--E:var(--parley-error,#fca5a5);color-scheme:dark';
const R = 'border-radius:var(--parley-radius,4px)';

export const widgetCss = `
:host{all:initial!important;display:block!important}
:host([hidden]){display:none!important}
.p{${light};position:relative;display:block;box-sizing:border-box;padding:var(--parley-padding,1rem 0);color:var(--T);background:var(--B);font-family:var(--parley-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);font-size:var(--parley-font-size,16px);line-height:1.55;text-align:start;overflow-wrap:anywhere}
.p.dark{${dark}}
@media (prefers-color-scheme:dark){.p.auto{${dark}}}
*,::before,::after{box-sizing:inherit}
a,.l,.bd{color:var(--A)}
h2{font-size:1.4em;line-height:1.3;margin:0 0 .75rem}
h3{font-size:1.2em;line-height:1.3;margin:1.5rem 0 .5rem}
h3 small{font-size:.75em;font-weight:400;margin-inline-start:.5em}
ol{list-style:none;margin:0;padding:0}
.tb{display:flex;gap:.5rem;align-items:center;margin:0 0 .5rem}
.tb label{font-weight:400;margin:0}
.tb select{width:auto}
.tb,.m,.nt,.aw,.dl,.rd,.x blockquote{color:var(--M)}
.c{margin:1.25rem 0 0;outline-offset:4px}
.ch{margin-inline-start:var(--parley-indent,1.5rem);padding-inline-start:1rem;border-inline-start:2px solid var(--L)}
@media (max-width:480px){.ch{margin-inline-start:.25rem;padding-inline-start:.75rem}}
.m{display:flex;flex-wrap:wrap;gap:.2rem .6rem;align-items:center}
.m,.ac,.ra,.nt,.tb,.er{font-size:.9em}
.av{width:var(--parley-avatar-size,40px);height:var(--parley-avatar-size,40px);border-radius:50%;flex:none;background:var(--L)}
.au{font-weight:700}
span.au{color:var(--T)}
.bd{font-size:.8em;font-weight:600;padding:0 .55em;border:1px solid;border-radius:1em}
.aw,.dl,.rd{font-style:italic}
.aw{margin:.4rem 0}
.x p{margin:.45em 0}
.x pre{overflow-x:auto;padding:.5rem;background:rgba(127,127,127,.12);${R}}
.x code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.x blockquote{margin:.45em 0;padding-inline-start:.8rem;border-inline-start:3px solid var(--L)}
.x ul,.x ol{padding-inline-start:1.5rem}
.x ul{list-style:disc}.x ol{list-style:decimal}
.ac,.ra{display:flex;flex-wrap:wrap;gap:.9rem}
.l{background:none;border:0;padding:0;margin:0;font:inherit;text-decoration:underline;cursor:pointer}
.bt,.sb{margin-top:1rem;padding:.55rem 1.1rem;font:inherit;font-weight:600;border:2px solid var(--A);${R};cursor:pointer}
.bt{background:none;color:var(--A)}
.sb{background:var(--A);color:var(--parley-accent-text,var(--B))}
.rs{margin-top:1.5rem}
form p{margin:.8rem 0 0}
label{display:block;font-weight:600;margin:0 0 .2rem}
input,textarea,select{display:block;width:100%;padding:.5rem;font:inherit;color:var(--T);background:var(--F);border:1px solid var(--M);${R}}
textarea{min-height:8rem;resize:vertical}
.ck{display:flex;gap:.5rem;align-items:flex-start}
.ck input{width:auto;margin:.3rem 0 0}
.ck label{font-weight:400;margin:0}
.mg{margin:.5rem 0 0;font-size:.875em}
.rq,.er{color:var(--E)}
.er{display:block;margin:.25rem 0 0;font-weight:600}
[aria-invalid=true]{border:2px solid var(--E)}
.al{margin:.8rem 0 0;padding:.6rem .8rem;border:2px solid var(--E);${R}}
.al:empty{display:none}
/* Visually hidden (the honeypot as well: never pushed off-screen, which would widen a right-to-left page). */
.hp,.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.lk[aria-pressed=true]{font-weight:700;text-decoration:none}
.tb .fo{margin:0;padding:.3rem .7rem}
.fo[aria-pressed=true]{background:var(--A);color:var(--parley-accent-text,var(--B))}
:focus-visible{outline:3px solid var(--A);outline-offset:2px}
[hidden]{display:none!important}
`;

