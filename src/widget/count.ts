// count.js: fills every [data-parley-count="{article key}"] element on the page with that article's
// number of approved comments, asking the Parley server once per 100 keys.
const MAX_KEYS = 100;
/** Keeps each request line well under common server limits. */
const MAX_QUERY = 6000;

async function fill(script: HTMLScriptElement, site: string): Promise<void> {
  const elements = Array.from(document.querySelectorAll<HTMLElement>('[data-parley-count]'));
  const keys = [...new Set(elements.map((e) => e.dataset.parleyCount ?? ''))].filter((k) => k.length > 0 && k.length <= 512);
  const batches: string[][] = [];
  let batch: string[] = [];
  let size = 0;
  for (const key of keys) {
    const length = encodeURIComponent(key).length + 9;
    if (batch.length === MAX_KEYS || (batch.length > 0 && size + length > MAX_QUERY)) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(key);
    size += length;
  }
  if (batch.length > 0) batches.push(batch);

  const counts = new Map<string, number>();
  await Promise.all(
    batches.map(async (keys) => {
      const url = new URL('api/counts', script.src);
      url.searchParams.set('site', site);
      for (const key of keys) url.searchParams.append('article', key);
      try {
        const res = await fetch(url.href, { credentials: 'omit' });
        if (!res.ok) return;
        const body = (await res.json()) as { counts?: Record<string, unknown> };
        for (const [key, n] of Object.entries(body.counts ?? {})) if (typeof n === 'number') counts.set(key, n);
      } catch {
        // The server cannot be reached: the elements keep what they showed.
      }
    }),
  );
  for (const element of elements) {
    const n = counts.get(element.dataset.parleyCount ?? '');
    if (n !== undefined) element.textContent = String(n);
  }
}

const script = document.currentScript;
const site = script instanceof HTMLScriptElement ? script.dataset.site : undefined;
if (script instanceof HTMLScriptElement && site) {
  const run = () => void fill(script, site);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
}
