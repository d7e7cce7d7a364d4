// The server secret: from PARLEY_SECRET, else generated once and kept beside the database,
// so avatars and tokens survive a restart.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function loadSecret(configured: string | undefined, databaseFile: string): string {
  if (configured) return configured;
  const file = join(dirname(resolve(databaseFile)), 'parley.secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
