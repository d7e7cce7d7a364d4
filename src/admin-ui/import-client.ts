// The Import page's script (bundled into /admin-import.js): reads the chosen file in the browser with
// the same streaming parsers as `npx parley import`, and sends it to the import API in batches that
// stay under the server's body limit, showing progress and, at the end, the summed report.
//
// Why in the browser: the import API takes parsed batches (so that the CLI can send to Workers + D1
// within their limits), and a real export is far larger than the body limit (64 KiB by default);
// reading the file here keeps one import path for the CLI and this page, needs no upload of the
// whole file, and keeps the server's memory flat.
import './import/jitless.js';
import { toBatches } from '../imports/batches.js';
import { openImport, parserFor, type ImportFormat } from '../imports/formats.js';
import { addReport, emptyReport, type ImportReport } from '../imports/report.js';
import { sendBatch } from './import/send.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

/** The file's bytes as the parsers read them, counting what has been read for the progress bar. */
async function* fileBytes(file: File, onRead: (bytes: number) => void): AsyncIterable<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) return;
    onRead(next.value.length);
    yield next.value;
  }
}

const STATUS_WORDS: Record<string, string> = { approved: 'Approved', pending: 'Pending', spam: 'Spam', trash: 'Trash' };

function showReport(report: ImportReport, seconds: number): void {
  const section = $('import-report');
  const list = $('import-report-list');
  if (!section || !list) return;
  const rows: Array<[string, string]> = [
    ['Mode', report.dryRun ? 'Dry run: nothing was written' : 'Imported'],
    ['Articles created', String(report.articles.created)],
    ...Object.entries(report.comments.imported).map(([status, n]): [string, string] => [`${STATUS_WORDS[status] ?? status} comments`, String(n)]),
    ['Already imported before', String(report.comments.existing)],
    ['Deleted at the source (kept as placeholders)', String(report.comments.deleted)],
    ...Object.entries(report.skipped).map(([reason, n]): [string, string] => [`Skipped: ${reason.replaceAll('_', ' ')}`, String(n)]),
    ['Websites dropped (not http or https)', String(report.dropped.website)],
    ['Replies whose parent is missing (shown top-level)', String(report.unlinkedParents)],
    ['Time taken', `${seconds.toFixed(1)} s`],
  ];
  list.replaceChildren(
    ...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
  section.hidden = false;
  $('import-report-heading')?.focus();
}

async function runImport(form: HTMLFormElement): Promise<void> {
  const error = $('import-error');
  const start = $<HTMLButtonElement>('import-start');
  const progress = $<HTMLProgressElement>('import-progress');
  const progressText = $('import-progress-text');
  const site = $<HTMLSelectElement>('import-site')?.value ?? '';
  const file = $<HTMLInputElement>('import-file')?.files?.[0];
  const format = ($<HTMLSelectElement>('import-format')?.value ?? '') as ImportFormat | '';
  const dryRun = $<HTMLInputElement>('import-dry-run')?.checked ?? false;
  const pingbacks = $<HTMLInputElement>('import-pingbacks')?.checked ?? false;
  const bodyLimit = Number(form.dataset.bodyLimit ?? 65536);
  const fail = (message: string) => {
    if (error) {
      error.textContent = message;
      error.hidden = false;
    }
  };
  if (error) error.hidden = true;
  if (!file) return fail('Choose the export file to import.');
  if (!site) return fail('Choose the site to import into.');

  if (start) start.disabled = true;
  $('import-report')?.setAttribute('hidden', '');
  $('import-progress-wrap')?.removeAttribute('hidden');
  let read = 0;
  let sentComments = 0;
  const setProgress = (done = false) => {
    const percent = done ? 100 : file.size > 0 ? Math.min(99, Math.floor((read / file.size) * 100)) : 0;
    if (progress) progress.value = percent;
    if (progressText) progressText.textContent = done ? 'Done.' : `${percent}% read, ${sentComments} comments sent`;
  };
  const started = performance.now();
  const total = emptyReport(dryRun);
  try {
    const opened = await openImport(
      fileBytes(file, (n) => {
        read += n;
      }),
      format === '' ? undefined : format,
    );
    if (opened.format === 'isso') throw new Error("Isso's SQLite database is imported with npx parley import.");
    const batches = toBatches(parserFor(opened.format, opened.stream), {
      key: 'path',
      maxComments: 1000,
      // The batch's JSON must fit the body limit; leave room for the request's own overhead.
      maxBytes: Math.max(1024, bodyLimit - 1024),
      dryRun,
      pingbacks,
    });
    for await (const { batch, skipped } of batches) {
      for (const [reason, n] of Object.entries(skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + n;
      if (batch.articles.length + batch.comments.length > 0) {
        const report = await sendBatch(site, batch);
        addReport(total, report);
        sentComments += batch.comments.length;
      }
      setProgress();
    }
    setProgress(true);
    showReport(total, (performance.now() - started) / 1000);
  } catch (err) {
    const message = err instanceof Error ? err.message : 'The import failed.';
    fail(`${message} Batches already sent are stored; importing the file again continues without doubling anything.`);
  } finally {
    if (start) start.disabled = false;
  }
}

const form = $<HTMLFormElement>('import-form');
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  void runImport(form);
});
