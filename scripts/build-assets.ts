// Bundles and minifies the browser scripts (widget.js, count.js, admin.js) into dist/assets/ with esbuild,
// and the Node server into dist/node/server.mjs.
// Runs before `npm start` and `npm test`; entries whose source does not exist yet are skipped.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { assetEntries, assetNames, moduleAssets } from '../src/assets.js';
import { writeApiDescription } from '../src/openapi/prebuild.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'assets');
mkdirSync(outDir, { recursive: true });

for (const name of assetNames) {
  const entry = join(root, assetEntries[name]);
  if (!existsSync(entry)) continue;
  await build({
    entryPoints: [entry],
    outfile: join(outDir, name),
    bundle: true,
    minify: true,
    format: moduleAssets.has(name) ? 'esm' : 'iife',
    target: ['es2020'],
    platform: 'browser',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
}

// One JSON file with every built asset, which the Workers entry imports (wrangler bundles JSON modules).
const manifest: Record<string, string> = {};
for (const name of assetNames) {
  const file = join(outDir, name);
  if (existsSync(file)) manifest[name] = readFileSync(file, 'utf8');
}
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest));
await writeApiDescription(outDir);

// The Node server as one ES module (dependencies stay in node_modules): `npm start` runs it with plain
// `node`, without a TypeScript loader, which would cost ~45 MB of memory and compile on every start.
// It sits two levels below the root like src/node/*, so its paths to drizzle/ and dist/assets/ hold.
// The `parley` command likewise (dist/node/cli.mjs), which bin/parley.js runs when it is up to date:
// a long import then starts ~45 MB lighter and spends no time compiling TypeScript.
for (const [entry, out] of [
  ['src/node.ts', 'server.mjs'],
  ['src/cli.ts', 'cli.mjs'],
  // The local import's SQLite writer thread, which cli.mjs starts from beside itself.
  ['src/node/import-writer-thread.ts', 'import-writer-thread.mjs'],
  // The server's WAL checkpointer thread, which server.mjs starts from beside itself.
  ['src/node/checkpointer-thread.ts', 'checkpointer-thread.mjs'],
] as const) {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, 'dist', 'node', out),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: ['node20'],
    legalComments: 'none',
    logLevel: 'warning',
  });
}
