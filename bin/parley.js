#!/usr/bin/env -S node --max-semi-space-size=4
// The `parley` command. Runs the bundle `npm run build` makes (dist/node/cli.mjs) when it is newer
// than every file under src/: plain Node starts ~45 MB lighter and compiles nothing, which counts for
// a long import. Otherwise (no build yet, or src/ edited since) it runs src/cli.ts through tsx's loader.
// The #! line caps V8's young generation (as `npm start` does) to keep a long import's RSS down; it
// applies when run as `npx parley` or ./bin/parley.js, not as `node bin/parley.js`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'node', 'cli.mjs');

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestUnder(join(root, 'src'))) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
