// Browser scripts that the app serves: bundled by esbuild (scripts/build-assets.ts) into dist/assets/
// and handed to createApp by each entry (Node reads the files; Workers import them as text).

export const assetNames = ['widget.js', 'widget-report.js', 'widget-own.js', 'count.js', 'admin.js', 'admin-import.js'] as const;
export type AssetName = (typeof assetNames)[number];
export type Assets = Partial<Record<AssetName, string>>;

/** Where each asset's source entry point lives, for the build script. */
export const assetEntries: Record<AssetName, string> = {
  'widget.js': 'src/widget/widget.ts',
  'widget-report.js': 'src/widget/report-form.ts',
  /** The edit form and delete confirmation for the reader's own comments. */
  'widget-own.js': 'src/widget/own-panels.ts',
  'count.js': 'src/widget/count.ts',
  'admin.js': 'src/admin-ui/client.ts',
  /** The Import page only: the importers' parsers, kept out of admin.js. */
  'admin-import.js': 'src/admin-ui/import-client.ts',
};

/** Assets built as ES modules (the widget imports them when first needed); the others are classic scripts. */
export const moduleAssets: ReadonlySet<AssetName> = new Set(['widget-report.js', 'widget-own.js']);
