// The HTML shell of Parley's own pages.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function Layout(props: { title: string; lang?: string; children: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={props.lang ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="strict-origin-when-cross-origin" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/assets/parley.css" />
      </head>
      <body>{props.children}</body>
      </html>
    </>
  );
}
