// `parley import FILE --site SLUG`: parses an export as a stream and imports it batch by batch, into
// PARLEY_DB directly or (--to URL --token pt_…) through a server's import endpoint. Node only.
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { siteSlugSchema } from './comments/input.js';
import { siteSettingsSchema } from './comments/settings.js';
import { parseConfig } from './config.js';
import type { Bytes } from './imports/bytes.js';
import { toBatches, type ParsedBatch } from './imports/batches.js';
import { importFormats, openImport, parserFor, type ImportFormat } from './imports/formats.js';
import { parseImportBatch, prepareImport, withStoreResult } from './imports/importer.js';
import type { KeyMode } from './imports/mapping.js';
import { ImportFileError, type ParsedRecord } from './imports/records.js';
import { addReport, emptyReport, type ImportReport } from './imports/report.js';
import { openDatabase } from './node/database.js';
import { nodeHashing } from './node/hashing.js';
import { startImportWriter, WriteRefused } from './node/import-writer.js';
import { readIssoDatabase } from './node/isso-sqlite.js';
import { loadSecret } from './node/secret.js';
import type { Site } from './store/types.js';

export const IMPORT_USAGE = `  import FILE --site SLUG [--format ${importFormats.join('|')}] [--key path|url|id]
         [--dry-run] [--pingbacks] [--json] [--no-writer-thread] [--to URL --token pt_…]
                                  import comments from WordPress, Disqus, Isso, Remark42 or Parley`;

export class ImportUsageError extends Error {}

const LOCAL_BATCH = 1000;
/**
 * Batches handed to the writer thread and not yet committed: one, so the thread writes a batch while
 * this thread maps the next (2 kept the thread no busier and cost ~8 MB more RSS).
 */
const IN_FLIGHT = 1;
/**
 * How far V8 lets the old generation grow past what survived the last full GC, in percent. An
 * import's live heap is small (~20 MB) but it allocates fast, and V8's own factor (up to 4×) let
 * ~50 MB of garbage sit in the old generation between full GCs: the difference between ~200 MB of
 * RSS and ~140 MB. 50% keeps it near 1.5× the live heap; the main thread's CPU time did not change
 * measurably (the extra full GCs mark concurrently, on V8's helper threads).
 */
const HEAP_GROWING_PERCENT = 50;
/** Under the default 64 KiB body limit, with room to spare. */
const REMOTE_BATCH_BYTES = 60_000;

function fileBytes(file: string): Bytes {
  return createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>;
}

async function records(file: string, format: ImportFormat | undefined): Promise<{ format: ImportFormat; records: AsyncIterable<ParsedRecord> }> {
  const opened = await openImport(fileBytes(file), format);
  if (opened.format === 'isso') return { format: 'isso', records: readIssoDatabase(file) };
  return { format: opened.format, records: parserFor(opened.format, opened.stream) };
}

function printReport(report: ImportReport, meta: { file: string; format: string; site: string; seconds: number }): void {
  const { imported } = report.comments;
  const total = imported.approved + imported.pending + imported.spam + imported.trash;
  const lines = [
    `${report.dryRun ? 'Dry run (nothing written): would import' : 'Imported'} ${meta.file} (${meta.format}) into site ${meta.site} in ${meta.seconds.toFixed(1)} s.`,
    `  articles created:   ${report.articles.created}`,
    `  comments imported:  ${total} (approved ${imported.approved}, pending ${imported.pending}, spam ${imported.spam}, trash ${imported.trash})`,
    `  already imported:   ${report.comments.existing}`,
    `  deleted at source:  ${report.comments.deleted} (kept as placeholders for their replies)`,
    `  websites dropped:   ${report.dropped.website} (not http/https)`,
    `  parents missing:    ${report.unlinkedParents} (those replies show as top-level comments)`,
    ...Object.entries(report.skipped).map(([reason, n]) => `  skipped ${`${reason}:`.padEnd(11)} ${n}`),
  ];
  console.log(lines.join('\n'));
}

export async function runImport(argv: string[]): Promise<number> {
  // Read by V8 at every full GC, so setting it here (not on node's command line) is enough.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      format: { type: 'string' },
      key: { type: 'string' },
      'dry-run': { type: 'boolean' },
      pingbacks: { type: 'boolean' },
      json: { type: 'boolean' },
      to: { type: 'string' },
      token: { type: 'string' },
      'batch-bytes': { type: 'string' },
      batch: { type: 'string' },
      'no-writer-thread': { type: 'boolean' },
      // The default since the thread was made to fit the memory goal; still accepted.
      'writer-thread': { type: 'boolean' },
    },
  });
  const [file, extra] = positionals;
  if (!file || extra !== undefined) throw new ImportUsageError('name one file to import');
  const slug = values.site;
  if (!slug || !siteSlugSchema.safeParse(slug).success) throw new ImportUsageError('--site: name the site to import into');
  const format = values.format as ImportFormat | undefined;
  if (format !== undefined && !importFormats.includes(format)) throw new ImportUsageError(`--format: one of ${importFormats.join(', ')}`);
  const key = (values.key ?? 'path') as KeyMode;
  if (!['path', 'url', 'id'].includes(key)) throw new ImportUsageError('--key: path, url or id');
  if ((values.to === undefined) !== (values.token === undefined)) throw new ImportUsageError('--to and --token go together');
  const dryRun = values['dry-run'] === true;
  const started = performance.now();
  const total = emptyReport(dryRun);

  let remote: { url: URL; token: string } | null = null;
  if (values.to !== undefined && values.token !== undefined) {
    let base: URL;
    try {
      base = new URL(values.to);
    } catch {
      throw new ImportUsageError('--to: the server\'s address, such as https://comments.example.org');
    }
    remote = { url: new URL(`/api/admin/sites/${encodeURIComponent(slug)}/import`, base), token: values.token };
  }

  const opened = await records(file, format);
  const config = remote ? null : parseConfig(process.env);
  const database = config ? openDatabase(config.PARLEY_DB) : null;
  // The search index is filled once at the end, in bulk, not between batches.
  database?.store.search.pause();
  let site: Site | null = null;
  let batchNumber = 0;
  let written = 0;
  // Local writes on a thread of their own, beside the parsing (an in-memory database cannot be shared
  // with one); --no-writer-thread writes on this thread, between batches (one core, slower).
  const writer = config && values['no-writer-thread'] !== true && config.PARLEY_DB !== ':memory:' ? startImportWriter(config.PARLEY_DB) : null;
  const inFlight: Array<{ skipped: Record<string, number>; report: Promise<ImportReport> }> = [];
  const avatarCache = new Map<string, string>();
  let secret: string | undefined;
  try {
    if (database && config) site = await database.store.getSite(slug);
    const batches = toBatches(opened.records, {
      key,
      maxComments: Math.max(1, Math.min(Number(values.batch ?? (remote ? 1000 : LOCAL_BATCH)) || LOCAL_BATCH, 1000)),
      maxBytes: remote ? Number(values['batch-bytes'] ?? REMOTE_BATCH_BYTES) : Infinity,
      dryRun,
      pingbacks: values.pingbacks === true,
      // A Parley export brings its site's settings: used when the site does not exist yet.
      onSettings: async (settings) => {
        if (!database || site || dryRun) return;
        const parsed = siteSettingsSchema.safeParse(settings);
        if (!parsed.success) throw new ImportFileError('the site settings are not valid', 'line 2');
        site = (await database.store.saveSite(slug, parsed.data, Date.now())).site;
      },
    });
    for await (const parsed of batches) {
      batchNumber++;
      if (remote) finish(await sendBatch(remote, parsed, batchNumber), parsed.skipped);
      else {
        inFlight.push({ skipped: parsed.skipped, report: (await writeBatch(parsed, batchNumber)).done });
        // Backpressure: at most IN_FLIGHT batches with the writer thread while the next one is mapped.
        // Without the thread a batch is settled before the next is written: a failed one must stop
        // the import before anything after it is stored.
        while (inFlight.length > (writer ? IN_FLIGHT : 0)) await settleOldest();
      }
    }
    while (inFlight.length > 0) await settleOldest();
    if (!values.json && process.stderr.isTTY) process.stderr.write('\n');
    // The thread and its page cache go before the index is built: they would only add to the peak RSS.
    await writer?.close();
    if (database && !dryRun) database.store.search.catchUp();
  } catch (caught) {
    // Batches already handed to the writer are whole: they finish first (or an earlier one's error
    // is the one to report), so that the count below is what is in the database.
    const error = await drain(caught);
    if (error instanceof ImportFileError) {
      const done = written > 0 ? `${written} whole batches were ${dryRun ? 'checked' : 'imported'} before it; ` : '';
      throw new ImportFileError(
        `${file}: ${error.message}\n${done}nothing of the broken batch was written. Fix the file and run the same command again: nothing is imported twice.`,
      );
    }
    throw error;
  } finally {
    await writer?.close();
    database?.close();
  }

  const seconds = (performance.now() - started) / 1000;
  if (values.json) console.log(JSON.stringify({ file, format: opened.format, site: slug, seconds: Number(seconds.toFixed(3)), ...total }));
  else printReport(total, { file, format: opened.format, site: slug, seconds });
  return 0;

  function finish(report: ImportReport, skipped: Record<string, number>): void {
    for (const [reason, n] of Object.entries(skipped)) report.skipped[reason] = (report.skipped[reason] ?? 0) + n;
    addReport(total, report);
    written++;
    if (!values.json && process.stderr.isTTY) process.stderr.write(`\rbatch ${written}: ${Object.values(total.comments.imported).reduce((a, b) => a + b, 0)} comments so far`);
  }

  async function settleOldest(): Promise<void> {
    const next = inFlight.shift();
    if (next) finish(await next.report, next.skipped);
  }

  /** Waits for the batches in flight; answers the error to report: the first writer error among them, else `caught`. */
  async function drain(caught: unknown): Promise<unknown> {
    let error = caught;
    let earlier = false;
    while (inFlight.length > 0) {
      try {
        await settleOldest();
      } catch (writerError) {
        // Refusals follow a failure; the failure itself, from a batch before `caught`'s, wins.
        if (!earlier && !(writerError instanceof WriteRefused)) {
          error = writerError;
          earlier = true;
        }
      }
    }
    return error;
  }

  /** Validates and maps a batch here, then hands it to the writer; the answer settles when it is committed. */
  async function writeBatch(parsed: ParsedBatch, n: number): Promise<{ done: Promise<ImportReport> }> {
    if (!database || !config) throw new Error('no database');
    if (!site) throw new ImportUsageError(`there is no site "${slug}": create it first (parley site add ${slug} --origin https://…)`);
    const batch = parseBatchOf(parsed, n);
    // Read (or made) once, at the first batch that writes: not again for every batch of a long import.
    secret ??= loadSecret(config.PARLEY_SECRET, config.PARLEY_DB);
    const deps = { secret, now: Date.now, hashing: nodeHashing, avatarCache };
    const { report, stored } = await prepareImport(deps, site, batch, { type: 'cli', id: 0, name: 'parley import (command line)' });
    const result = writer ? writer.write(site.id, stored) : database.store.importBatch(site.id, stored);
    const done = result.then((r) => withStoreResult(report, r));
    done.catch(() => undefined);
    // Wrapped: an async function's answer that is itself a promise would be waited for.
    return { done };
  }
}

function parseBatchOf(parsed: ParsedBatch, n: number) {
  try {
    return parseImportBatch(parsed.batch);
  } catch (error) {
    throw new ImportFileError(error instanceof Error ? error.message : 'not valid', `batch ${n}`);
  }
}

async function sendBatch(remote: { url: URL; token: string }, parsed: ParsedBatch, n: number): Promise<ImportReport> {
  parseBatchOf(parsed, n);
  if (parsed.batch.comments.length + parsed.batch.articles.length === 0) return emptyReport(parsed.batch.dryRun === true);
  let res: Response;
  try {
    res = await fetch(remote.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${remote.token}` },
      body: JSON.stringify(parsed.batch),
    });
  } catch (error) {
    throw new Error(`batch ${n}: cannot reach ${remote.url.origin}: ${error instanceof Error ? error.message : 'network error'}`);
  }
  const body = (await res.json().catch(() => null)) as (ImportReport & { error?: { message?: string } }) | null;
  if (res.status === 413) {
    throw new Error(`batch ${n}: the server's body limit is smaller than ${parsed.batch.comments.length} comments: run again with a smaller --batch-bytes (nothing is imported twice)`);
  }
  if (!res.ok || !body || body.error) {
    throw new Error(`batch ${n}: the server answered ${res.status}: ${body?.error?.message ?? 'no JSON'} (batches before it were imported; running the command again continues)`);
  }
  return body;
}
