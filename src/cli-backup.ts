// `parley backup FILE [--force]` and `parley restore FILE`: the database (PARLEY_DB) copied out of a
// running server, and a checked copy put back into a stopped one's place.
import { parseArgs } from 'node:util';
import { parseConfig } from './config.js';
import { backupDatabase } from './node/backup.js';
import { RefusedFile } from './node/db-check.js';
import { restoreDatabase } from './node/restore.js';

export const BACKUP_USAGE = `  backup FILE [--force]           copy the database to FILE while the server runs
                                  (checked with integrity_check; --force replaces FILE)
  restore FILE                    put the backup FILE in place of the database; the server
                                  must be stopped; the replaced file is kept beside it`;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function runBackup(command: 'backup' | 'restore', argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const [file, extra] = positionals;
  if (!file || extra !== undefined || (command === 'restore' && values.force)) {
    console.error(`parley: usage: parley ${command === 'backup' ? 'backup FILE [--force]' : 'restore FILE'}`);
    return 2;
  }
  const { PARLEY_DB } = parseConfig(process.env);
  try {
    if (command === 'backup') {
      const done = await backupDatabase(PARLEY_DB, file, { force: values.force === true });
      console.log(`Backed up ${PARLEY_DB} to ${file}: ${done.comments} comments, ${mib(done.bytes)}, in ${Math.round(done.ms)} ms; integrity_check ok.`);
      console.log('Keep parley.secret (or PARLEY_SECRET) with it: tokens and avatars are signed with it.');
      return 0;
    }
    const done = restoreDatabase(file, PARLEY_DB);
    console.log(`Restored ${file} into ${PARLEY_DB}: ${done.comments} comments; integrity_check ok.`);
    console.log(done.keptAs ? `The database it replaced is kept as ${done.keptAs}.` : 'There was no database there before.');
    if (done.pending.length > 0) console.log(`The server applies ${done.pending.length} newer migration(s) when it starts: ${done.pending.join(', ')}.`);
    return 0;
  } catch (err) {
    if (!(err instanceof RefusedFile)) throw err;
    console.error(`parley: ${err.message}`);
    return 1;
  }
}
