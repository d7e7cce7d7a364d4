// `parley export --site SLUG [--format parley|wordpress] [--out FILE]`: streams a site's export from
// the local database to stdout or a file.
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { siteSlugSchema } from './comments/input.js';
import { parseConfig } from './config.js';
import { exportFormatSchema, siteExport } from './exports/export.js';
import { openDatabase } from './node/database.js';

export const EXPORT_USAGE = `  export --site SLUG [--format parley|wordpress] [--out FILE]
                                  write a site's comments (every status, emails included)
                                  as Parley's NDJSON (default) or a WordPress WXR file`;

export async function runExport(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { site: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  });
  const slug = siteSlugSchema.safeParse(values.site);
  if (!slug.success) {
    console.error('parley: --site: name the site to export (a slug)');
    return 2;
  }
  const format = exportFormatSchema.safeParse(values.format ?? 'parley');
  if (!format.success) {
    console.error('parley: --format: parley or wordpress');
    return 2;
  }
  const config = parseConfig(process.env);
  const db = openDatabase(config.PARLEY_DB);
  try {
    const site = await db.store.getSite(slug.data);
    if (!site) {
      console.error(`parley: there is no site "${slug.data}"`);
      return 1;
    }
    const file = siteExport(db.store, site, format.data, Date.now());
    const out: Writable = values.out ? createWriteStream(values.out) : process.stdout;
    // pipeline() waits for the destination to drain, so memory stays flat however large the site.
    await pipeline(Readable.from(file.chunks), out, { end: values.out !== undefined });
    if (values.out) console.error(`Wrote ${file.filename.endsWith('.xml') ? 'a WordPress WXR' : 'a Parley'} export of ${site.slug} to ${values.out}.`);
    return 0;
  } finally {
    db.close();
  }
}
