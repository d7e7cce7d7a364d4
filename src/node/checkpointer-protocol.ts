// What the server's checkpointer thread is given (checkpointer.ts) and what it reports when stopped.
export interface CheckpointerData {
  /** The database file (absolute). */
  file: string;
  /** How often it looks at the WAL file. */
  intervalMs: number;
  /** WAL frames past which a passive checkpoint is followed by a RESTART (so the WAL stops growing). */
  restartFrames: number;
}

export interface CheckpointerStats {
  passive: number;
  restart: number;
  truncate: number;
  /** RESTART or TRUNCATE checkpoints that found the writer or a reader in the way (tried again later). */
  busy: number;
  /** The most frames a passive checkpoint found in the WAL. */
  maxFrames: number;
}
