// The widget's settings, read from its script tag's data-* attributes (see "The widget" in API.md).

export type Theme = 'light' | 'dark' | 'auto';

export interface WidgetOptions {
  /** The widget script's own URL: the API and avatars are resolved against it, never another host. */
  base: URL;
  site: string;
  article: string;
  /** The title for the count heading and a new article; the stored title or the page's otherwise. */
  title: string | null;
  /** The article's address, sent as articleUrl (must be on one of the site's origins). */
  url: string;
  lang: string;
  theme: Theme;
  pageSize: number;
  /** Seconds between checks for new comments (`data-live`: 2 to 3600, default 30; `off` = 0, never). */
  live: number;
}

/** The page's canonical address when it names one on this origin, else its own, without the #fragment. */
function pageUrl(): string {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href;
  const url = new URL(canonical && new URL(canonical).origin === location.origin ? canonical : location.href);
  url.hash = '';
  // The API takes article addresses of up to 2,048 characters; a long query string is dropped first.
  if (url.href.length > 2048) url.search = '';
  return url.href;
}

export function readOptions(script: HTMLScriptElement): WidgetOptions | null {
  const data = script.dataset;
  if (!data.site || !script.src) return null;
  const theme = data.theme;
  const size = Number(data.pageSize);
  return {
    base: new URL(script.src),
    site: data.site,
    article: data.article || location.pathname,
    title: data.title || null,
    url: data.url || pageUrl(),
    lang: data.lang || document.documentElement.lang || 'en',
    theme: theme === 'dark' || theme === 'auto' ? theme : 'light',
    pageSize: Number.isInteger(size) && size >= 1 && size <= 200 ? size : 50,
    live: data.live === 'off' ? 0 : Math.min(3600, Math.max(2, Number(data.live) || 30)),
  };
}

