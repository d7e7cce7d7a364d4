// Reads the bundled browser scripts from dist/assets/ for the Node server.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetNames, type Assets } from '../assets.js';

const ASSET_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/assets');

export function loadAssets(dir = ASSET_DIR): Assets {
  const assets: Assets = {};
  for (const name of assetNames) {
    const file = join(dir, name);
    if (existsSync(file)) assets[name] = readFileSync(file, 'utf8');
  }
  return assets;
}
