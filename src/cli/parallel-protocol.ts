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
  | { type: 'fail'; id: number; message: string }
  /** The main thread handed events of this entry to the detectors: their `weight`, as the `events` messages said. */
  | { type: 'applied'; id: number; weight: number };

export type FromWorker =
  | { type: 'consumed'; id: number; bytes: number }
  | { type: 'expanded'; id: number; bytes: number }
  /** `weight`: the batch's `eventWeight`s summed, given back in `applied` once the main thread used them. */
  | { type: 'events'; id: number; events: LogEvent[]; weight: number }
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

/**
 * Events of one entry sent by a worker (or parsed on the main thread) and not yet handed to the detectors, by
 * `eventWeight`: past this, the entry's parse waits before it reads on. Events are applied in entry order, so an
 * entry behind an unfinished one holds this much at most; the entry at the head has this much in flight, enough
 * for the worker never to wait on the main thread's acknowledgements while that thread keeps up.
 */
export const MAX_UNAPPLIED_WEIGHT = 4 * 1024 * 1024;

/**
 * About the memory an event takes, in bytes: its strings and a fixed part for the object, its numbers and shared
 * strings (path, source). Cheap: counted for every event a worker sends.
 */
export function eventWeight(e: LogEvent): number {
  let w = 160 + e.message.length + e.timeText.length;
  if (e.raw !== undefined) w += e.raw.length;
  if (e.fields !== undefined) for (const k in e.fields) w += 40 + k.length + e.fields[k]!.length;
  return w;
}
