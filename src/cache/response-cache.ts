// Rendered public responses (threads, counts) kept in memory, each tagged with what it was made from
// so that a write drops exactly the responses it changes. Plain TypeScript: no Node or Workers API.

/** A response as it goes out: the encoded body and the headers that belong to it. */
export interface RenderedResponse {
  body: Uint8Array<ArrayBuffer>;
  /** Content-Type, ETag, Cache-Control… as sent. */
  headers: Record<string, string>;
  etag: string | null;
  /** The site the response is about (CORS headers depend on it). */
  site: string;
  /**
   * The origins that site allowed when it was rendered (its CORS answer). Any change to a site's
   * settings clears the cache (src/cache/invalidating-store.ts), so they stay true while it is kept.
   */
  origins: readonly string[];
  /** What the response was made from; `invalidate(tags)` drops it when one of them changes. */
  tags: string[];
  /** When it must be rendered again even without a write (a thread closing by age); null = never. */
  expiresAt: number | null;
}

export interface ResponseCacheOptions {
  /** Upper bound on the memory kept (bodies, keys, tags and bookkeeping); the oldest entries go first. */
  maxBytes: number;
  now: () => number;
  /**
   * A number that changes whenever another process or connection wrote to the data (SQLite's
   * `PRAGMA data_version`); when it moves, everything is dropped. Writes through this process are
   * reported with `invalidate` instead.
   */
  externalVersion?: () => number;
}

export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  invalidations: number;
}

/** Roughly what an entry holds besides its body: the key and tags (UTF-16) and the objects around them. */
const OVERHEAD_BYTES = 512;

function sizeOf(key: string, entry: RenderedResponse): number {
  return entry.body.byteLength + 2 * (key.length + entry.tags.reduce((sum, tag) => sum + tag.length, 0)) + OVERHEAD_BYTES;
}

interface Stored {
  response: RenderedResponse;
  size: number;
}

interface InFlight {
  /** `sequence` when the render began. */
  since: number;
  promise: Promise<RenderedResponse>;
}

export class ResponseCache {
  private readonly entries = new Map<string, Stored>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly inFlight = new Map<string, InFlight>();
  private bytes = 0;
  /** Counts invalidations; renders note it when they begin. */
  private sequence = 0;
  /**
   * While renders run: the invalidation each tag last saw, and when everything was last dropped. A
   * render whose tags were invalidated after it began may have read the old data: it is answered but
   * not kept. Writes to other articles do not stop it from being kept.
   */
  private readonly invalidatedAt = new Map<string, number>();
  private clearedAt = 0;
  private rendering = 0;
  private externalSeen: number | null = null;
  private readonly stats = { hits: 0, misses: 0, invalidations: 0 };
  /** How many times everything was dropped; copies kept elsewhere (sites) compare against it. */
  clears = 0;

  constructor(private readonly options: ResponseCacheOptions) {}

  /** The cached response for `key`, if there is a fresh one. */
  get(key: string): RenderedResponse | undefined {
    this.checkExternal();
    const stored = this.entries.get(key);
    if (stored === undefined) return undefined;
    const { response } = stored;
    if (response.expiresAt !== null && this.options.now() >= response.expiresAt) {
      this.remove(key);
      return undefined;
    }
    this.stats.hits++;
    return response;
  }

  /**
   * The cached response for `key`, or the one `render` makes. Concurrent misses for one key share a
   * single render, unless a write came in between: then the later request renders afresh.
   */
  async getOrRender(key: string, render: () => Promise<RenderedResponse>): Promise<RenderedResponse> {
    const cached = this.get(key);
    if (cached) return cached;
    const pending = this.inFlight.get(key);
    // A request that came after any write does not wait for a render that began before it.
    if (pending && pending.since === this.sequence) return pending.promise;
    this.stats.misses++;
    const since = this.sequence;
    this.rendering++;
    let promise: Promise<RenderedResponse> | undefined;
    try {
      promise = render();
      this.inFlight.set(key, { since, promise });
      const rendered = await promise;
      if (this.unchangedSince(since, rendered.tags)) this.put(key, rendered);
      return rendered;
    } finally {
      if (promise && this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
      if (--this.rendering === 0) this.invalidatedAt.clear();
    }
  }

  private unchangedSince(since: number, tags: readonly string[]): boolean {
    return this.clearedAt <= since && tags.every((tag) => (this.invalidatedAt.get(tag) ?? 0) <= since);
  }

  /** Drops every response made from one of these tags. */
  invalidate(tags: readonly string[]): void {
    this.sequence++;
    this.stats.invalidations++;
    for (const tag of tags) {
      if (this.rendering > 0) this.invalidatedAt.set(tag, this.sequence);
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) this.remove(key);
    }
  }

  /** Drops everything (a write whose reach is not known, or a write by another process). */
  clear(): void {
    this.sequence++;
    this.clearedAt = this.sequence;
    this.clears++;
    this.stats.invalidations++;
    this.entries.clear();
    this.byTag.clear();
    this.bytes = 0;
  }

  /** Reports writes by other processes, if the store can tell. Called before every read. */
  checkExternal(): void {
    if (!this.options.externalVersion) return;
    const version = this.options.externalVersion();
    if (this.externalSeen !== null && version !== this.externalSeen) this.clear();
    this.externalSeen = version;
  }

  snapshot(): CacheStats {
    return { entries: this.entries.size, bytes: this.bytes, ...this.stats };
  }

  private put(key: string, entry: RenderedResponse): void {
    const size = sizeOf(key, entry);
    if (size > this.options.maxBytes / 4) return;
    this.remove(key);
    this.entries.set(key, { response: entry, size });
    this.bytes += size;
    for (const tag of entry.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    // Map iteration is insertion order: the first entries are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.options.maxBytes) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const stored = this.entries.get(key);
    if (!stored) return;
    this.entries.delete(key);
    this.bytes -= stored.size;
    for (const tag of stored.response.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
