// A local `parley import` writes SQLite on a worker thread while the main thread parses, validates
// and maps the next batches: the two halves of the work then use both cores. Batches go over by
// structured clone, in order; the caller keeps a bounded number in flight (backpressure). A writer
// error comes back with its message and code, and every batch sent after the failed one is refused
// unwritten, so the database is left at a whole-batch boundary.
import type { StoreImportBatch, StoreImportResult } from '../store/types.js';
import type { WriterReply, WriterRequest } from './import-writer-protocol.js';
import { startThread } from './thread.js';

/** A batch not written because an earlier one failed (its error is the one to report). */
export class WriteRefused extends Error {
  constructor() {
    super('not written: an earlier batch failed');
    this.name = 'WriteRefused';
  }
}

/** An error thrown by the writer thread, with the name, message and code it had there. */
export class WriterError extends Error {
  constructor(
    name: string,
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = name;
  }
}

export interface ImportWriter {
  /** Sends a batch; the promise settles when it is committed (or refused). Never an unhandled rejection. */
  write(siteId: number, batch: StoreImportBatch): Promise<StoreImportResult>;
  /** Closes the thread's connection once every batch sent has been answered. */
  close(): Promise<void>;
}

export function startImportWriter(file: string): ImportWriter {
  // The thread's entry: dist/node/import-writer-thread.mjs, or its source under tsx (thread.ts).
  const worker = startThread('import-writer-thread', { file });
  const waiting = new Map<number, { resolve: (r: StoreImportResult) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let stopped: Error | null = null;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const failAll = (error: Error) => {
    stopped ??= error;
    for (const w of waiting.values()) w.reject(stopped);
    waiting.clear();
  };
  worker.on('message', (reply: WriterReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.result);
    else if (reply.refused) w.reject(new WriteRefused());
    else w.reject(new WriterError(reply.error.name, reply.error.message, reply.error.code));
  });
  worker.on('error', (error) => failAll(new Error(`the import's writer thread failed: ${error.message}`)));
  worker.on('exit', (code) => failAll(new Error(`the import's writer thread stopped (exit code ${code})`)));

  return {
    write(siteId, batch) {
      const id = nextId++;
      const done = new Promise<StoreImportResult>((resolve, reject) => {
        if (stopped) return reject(stopped);
        waiting.set(id, { resolve, reject });
        const request: WriterRequest = { type: 'batch', id, siteId, batch };
        worker.postMessage(request);
      });
      // Awaited later, in order; until then a rejection must not count as unhandled.
      done.catch(() => undefined);
      return done;
    },
    async close() {
      if (!stopped) {
        // Messages are handled in order: every batch sent before is answered before the thread closes.
        const request: WriterRequest = { type: 'close' };
        worker.postMessage(request);
      }
      await exited;
    },
  };
}
