// What the fuzzer's parent (scripts/fuzz/run.ts) and its worker processes (scripts/fuzz/child.ts) exchange: one
// input to run, and what running it showed.

/** One generated input, ready to run. */
export type FuzzInput = EntryInput | ArchiveInput;

interface InputBase {
  /** Global sequence number of the run (for messages). */
  n: number;
  /** Target name (`parser:evtx`, `ingest-node:tgz` ...). */
  target: string;
  /** Index of the input within its target: with the seed and the target, it regenerates the same bytes. */
  index: number;
  /** The mutations applied, in order (`seed:3`, `bitflip@120`, `evtx:record-size@70000=0xffffffff` ...). */
  mutations: string[];
  bytes: Uint8Array;
}

/**
 * How an entry reaches its parser: `routed`, the engine with every parser (the router picks one by path, magic or
 * first lines); `narrowed`, the engine with this parser only (`analyze({ parsers })`: it reads the entry when its
 * path, magic or sniff says so); `direct`, the entry reader with this parser whatever the bytes look like
 * (`parseEntry`: the parser itself, without routing, detectors or report).
 */
export type EntryMode = 'routed' | 'narrowed' | 'direct';

/** One entry, read by the engine (analyze → detectors → report → renderers) or by one parser directly. */
export interface EntryInput extends InputBase {
  kind: 'entry';
  parserId: string;
  /** Path of the entry inside the bundle. */
  path: string;
  mode: EntryMode;
  /** Sizes of the chunks the entry's bytes come in (the last one takes the rest); empty: one chunk. */
  chunks: number[];
}

/** A whole bundle, read by one of the two ingests, then the engine. */
export interface ArchiveInput extends InputBase {
  kind: 'archive';
  ingest: 'node' | 'web';
  /** The bundle's file name (its extension is part of how the ingest reads it). */
  name: string;
  /** Node ingest only: read from a file (random access for zip) or as stdin (streamed). */
  via: 'file' | 'stdin';
}

/** What running one input showed, in the worker. */
export interface Outcome {
  /** An exception escaped the engine (anything but "cannot be read at all" and "nothing to analyse"). */
  crash?: ErrorInfo;
  /** The input was refused as a whole (BundleError, NothingReadableError): a right answer. */
  refused?: string;
  /** Broken invariants (a report path outside the bundle). */
  invariant: string[];
  /** Problems whose message is a JavaScript runtime error the engine caught and reported (a parser bug it masked). */
  masked: string[];
  events: number;
  problems: number;
}

export interface ErrorInfo {
  name: string;
  message: string;
  stack: string;
}

/** Time and memory of one input in a worker. */
export interface Measured {
  ms: number;
  /** Peak resident memory of the worker process while the input ran (MB). */
  peakRssMb: number;
  /** Resident memory when it started (MB): the peak less this is what the input itself took. */
  startRssMb: number;
}

/** Parent → worker. */
export type ToWorker = { type: 'run'; input: FuzzInput };

/** Worker → parent. */
export type FromWorker =
  | { type: 'ready'; rssMb: number }
  | ({ type: 'done'; n: number; outcome: Outcome } & Measured)
  /** Still running at the time limit: where the engine was (paused through the inspector). */
  | ({ type: 'hang'; n: number; stack: string } & Measured)
  /** The engine thread ran out of its heap. */
  | ({ type: 'memory'; n: number; detail: string } & Measured)
  /** An uncaught exception or unhandled rejection in the worker, outside what the input's run awaited. */
  | { type: 'fatal'; n: number | undefined; error: ErrorInfo };

export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  return { name: typeof e, message: String(e), stack: String(e) };
}
