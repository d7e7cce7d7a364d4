// Import and export: a file is read and parsed in the browser (admin-import.js, the same parsers as
// the CLI) and sent to POST /api/admin/sites/{site}/import in batches under the body limit, with a
// progress bar and the report; each site's export is a download link.
import { AdminLayout, type Chrome } from './layout.js';

export interface ImportPageProps {
  chrome: Chrome;
  sites: string[];
  /** PARLEY_BODY_LIMIT: each batch the page sends stays under it. */
  bodyLimit: number;
  /** The page's own script, with its version. */
  script: string;
}

const FORMATS: Array<[string, string]> = [
  ['', 'Find out from the file'],
  ['wordpress', 'WordPress (WXR, Tools → Export)'],
  ['disqus', 'Disqus (XML export)'],
  ['isso-json', 'Isso (JSON)'],
  ['remark42', 'Remark42 (backup, .gz)'],
  ['parley', 'Parley (export)'],
];

export function ImportPage(props: ImportPageProps) {
  return (
    <AdminLayout title="Import and export" chrome={props.chrome} section="import">
      <h2 id="import-heading">Import comments</h2>
      <form id="import-form" class="card settings" aria-labelledby="import-heading" data-body-limit={String(props.bodyLimit)} novalidate>
        <p class="description">
          The file is read in this browser and sent in small batches; importing the same file again adds nothing. Isso's SQLite
          database is imported with <code>npx parley import</code>.
        </p>
        <div class="field">
          <label for="import-site">Into site</label>
          <select id="import-site" name="site" required>
            {props.sites.map((slug) => (
              <option value={slug}>{slug}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="import-file">Export file</label>
          <input type="file" id="import-file" name="file" required accept=".xml,.json,.ndjson,.gz,.txt" />
        </div>
        <div class="field">
          <label for="import-format">Format</label>
          <select id="import-format" name="format">
            {FORMATS.map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label>
            <input type="checkbox" id="import-dry-run" name="dryRun" value="1" /> Dry run: only say what would happen
          </label>
        </div>
        <div class="field">
          <label>
            <input type="checkbox" id="import-pingbacks" name="pingbacks" value="1" /> Import pingbacks and trackbacks too
          </label>
        </div>
        <p class="field-error" id="import-error" role="alert" hidden></p>
        <button type="submit" class="button button-primary" id="import-start">
          Import
        </button>
        <div id="import-progress-wrap" hidden>
          <label for="import-progress">Progress</label> <progress id="import-progress" max="100" value="0"></progress>{' '}
          <span id="import-progress-text" aria-live="polite"></span>
        </div>
      </form>
      <section id="import-report" class="card" aria-labelledby="import-report-heading" hidden>
        <h2 id="import-report-heading" tabindex={-1}>
          Import report
        </h2>
        <dl id="import-report-list"></dl>
      </section>

      <h2 id="export-heading">Export comments</h2>
      <div class="table-wrap" role="region" aria-labelledby="export-heading" tabindex={0}>
        <table class="widefat">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Parley (everything, to import into Parley)</th>
              <th scope="col">WordPress (WXR 1.2)</th>
            </tr>
          </thead>
          <tbody>
            {props.sites.map((slug) => (
              <tr>
                <th scope="row">
                  <code>{slug}</code>
                </th>
                <td>
                  <a href={`/api/admin/sites/${encodeURIComponent(slug)}/export?format=parley`} download>
                    Download <span class="visually-hidden">{slug} </span>as Parley NDJSON
                  </a>
                </td>
                <td>
                  <a href={`/api/admin/sites/${encodeURIComponent(slug)}/export?format=wordpress`} download>
                    Download <span class="visually-hidden">{slug} </span>as WordPress WXR
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="description">Exports hold every comment with its author's email address: keep the files private.</p>
      <script src={props.script} defer></script>
    </AdminLayout>
  );
}
