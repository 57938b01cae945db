// Messages between the CLI's main thread and its parsing workers.
import type { Fact, LogEvent, Problem, SourceSummary } from '../model.js';

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
  | { type: 'fail'; id: number; message: string };

export type FromWorker =
  | { type: 'consumed'; id: number; bytes: number }
  | { type: 'expanded'; id: number; bytes: number }
  | { type: 'events'; id: number; events: LogEvent[] }
  | {
      type: 'done';
      id: number;
      summary: SourceSummary | undefined;
      facts: Fact[];
      problems: Problem[];
      count: number;
      min: number | null;
      max: number | null;
      /** Bytes the worker decompressed (a whole gzip member) since its last `expanded` message. */
      expanded?: number;
    }
  | { type: 'crash'; id: number; message: string };
