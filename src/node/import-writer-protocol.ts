// Messages between the CLI's import loop and its writer thread (import-writer.ts, import-writer-thread.ts).
import type { StoreImportBatch, StoreImportResult } from '../store/types.js';

export type WriterRequest = { type: 'batch'; id: number; siteId: number; batch: StoreImportBatch } | { type: 'close' };

export type WriterReply =
  | { id: number; ok: true; result: StoreImportResult }
  /** `refused`: not written because an earlier batch failed. */
  | { id: number; ok: false; refused: true }
  | { id: number; ok: false; refused: false; error: { name: string; message: string; code: string | undefined } };
