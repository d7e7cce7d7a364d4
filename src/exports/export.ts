// Choosing an export: its format, the file name and media type it is served as, and its text.
import { z } from 'zod';
import type { ExportStore, Site } from '../store/types.js';
import { parleyExport } from './parley-format.js';
import { wordpressExport } from './wordpress-format.js';

export const exportFormats = ['parley', 'wordpress'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportFormatSchema = z.enum(exportFormats);

export interface SiteExport {
  filename: string;
  contentType: string;
  chunks: AsyncGenerator<string>;
}

export function siteExport(store: ExportStore, site: Site, format: ExportFormat, now: number): SiteExport {
  const day = new Date(now).toISOString().slice(0, 10);
  if (format === 'wordpress') {
    return { filename: `${site.slug}-${day}.wordpress.xml`, contentType: 'application/xml; charset=utf-8', chunks: wordpressExport(store, site, now) };
  }
  return { filename: `${site.slug}-${day}.parley.ndjson`, contentType: 'application/x-ndjson; charset=utf-8', chunks: parleyExport(store, site, now) };
}
