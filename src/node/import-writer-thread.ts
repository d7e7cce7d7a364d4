// The SQLite side of a local `parley import`, run on its own thread (see import-writer.ts): it owns
// one connection and writes the batches it is sent, one transaction each, in the order they came.
// After a batch fails, every later batch is refused unwritten, so the database stays at the last
// whole batch before the failure, as when the CLI wrote on one thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { sqliteImporter } from '../store/sqlite-import.js';
import { applyPragmas } from './pragmas.js';
import type { WriterReply, WriterRequest } from './import-writer-protocol.js';

const port = parentPort;
if (!port) throw new Error('import-writer-thread runs as a worker thread');
const { file } = workerData as { file: string };
const sqlite = new Database(file);
applyPragmas(sqlite);
// Checkpoint every ~80 MB of WAL, not every 4 MB (SQLite's default): a batch of 1,000 comments
// dirties pages all over the random-order indexes (email, avatar, IP), so each commit outgrew the
// default and checkpointed; between rarer checkpoints a page rewritten by several batches is copied
// to the database once. ~15% less CPU on this thread for a 1M import; the WAL file is reset when
// the last connection closes. (A larger page cache saved a little more, for ~25 MB more RSS.)
sqlite.pragma('wal_autocheckpoint = 20000');
const write = sqliteImporter(sqlite);
let failed = false;

const reply = (message: WriterReply) => port.postMessage(message);

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  if (failed) {
    reply({ id: request.id, ok: false, refused: true });
    return;
  }
  try {
    reply({ id: request.id, ok: true, result: write(request.siteId, request.batch) });
  } catch (error) {
    failed = true;
    const e = error instanceof Error ? error : new Error(String(error));
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    reply({ id: request.id, ok: false, refused: false, error: { name: e.name, message: e.message, code } });
  }
});
