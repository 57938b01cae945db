// Messages between the CLI's main thread and its parsing workers.
import type { LogEvent } from '../model.js';
import type { EntryResult, KeptEvents, ParseOptions } from '../entry-parse.js';

/** A worker's `workerData`: the run's parse options as `analyze` has them, and the bound on unapplied events. */
export interface WorkerSetup {
  parse: ParseOptions;
  kept: KeptEvents;
  /** MAX_UNAPPLIED_WEIGHT, or what the run lowered it to. */
  maxUnapplied: number;
}

export type ToWorker =
  | {
      type: 'start';
      id: number;
      path: string;
      mtime: number | undefined;
      parser: string;
      first: Uint8Array;
      /**
       * A whole gzip member for the worker to decompress (then no chunks follow) under the ratio limit; it reports
       * what it decompressed (`expanded`) for the bundle's total, and gets a `fail` once the total is over.
       */
      gzip?: { compressed: Uint8Array; maxRatio: number };
    }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'fail'; id: number; message: string }
  /** The main thread handed events of this entry to the detectors: their `weight`, as the `events` messages said. */
  | { type: 'applied'; id: number; weight: number };

export type FromWorker =
  | { type: 'consumed'; id: number; bytes: number }
  | { type: 'expanded'; id: number; bytes: number }
  /** `weight`: the batch's `eventWeight`s summed, given back in `applied` once the main thread used them. */
  | { type: 'events'; id: number; events: LogEvent[]; weight: number }
  /** `expanded`: bytes the worker decompressed (a whole gzip member) since its last `expanded` message. */
  | { type: 'done'; id: number; result: EntryResult; expanded?: number }
  | { type: 'crash'; id: number; message: string };
