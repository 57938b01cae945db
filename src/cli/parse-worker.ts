// A parallel parsing worker: receives an entry's bytes from the main thread, parses them with the same core code
// (`EntryParsing`, built from the run's parse options as they are), and sends back the events it keeps (those
// offered to the detectors) and the entry's result. An entry whose events the main thread has not used yet
// (`MAX_UNAPPLIED_WEIGHT`) waits before it reads on: memory follows the work in flight, not the log's size.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import type { LogEvent, Problem } from '../model.js';
import { parsers } from '../parsers/index.js';
import { detectors } from '../detectors/index.js';
import { errorText } from '../entry-reader.js';
import { EntryParsing, nothingRead } from '../entry-parse.js';
import { eventWeight, rawRenderedWhenRead } from '../entry-queue.js';
import { Body, chunksOf } from '../ingest/body.js';
import { gunzip } from '../ingest/gzip.js';
import { LimitError, Limits } from '../ingest/limits.js';
import type { ToWorker, FromWorker, WorkerSetup } from './parallel-protocol.js';

const port = parentPort!;
const { parse: parseOptions, kept, maxUnapplied } = workerData as WorkerSetup;
const parsing = new EntryParsing(parseOptions, detectors, kept);
const parserById = new Map(parsers.map((p) => [p.id, p]));
const BATCH = 1000;
/** A batch goes out at this weight too (long lines, tracebacks): events wait in the worker in small numbers. */
const BATCH_WEIGHT = 256 * 1024;
const ACK_BYTES = 1024 * 1024;

/** Chunks of one entry as they arrive; the parser reads them as an async iterable. */
class ChunkQueue implements AsyncIterable<Uint8Array> {
  private chunks: Uint8Array[] = [];
  private closed = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly onConsumed: (bytes: number) => void) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  fail(error: Error): void {
    this.failure = error;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        this.onConsumed(chunk.length);
        yield chunk;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/** Messages carry plain Uint8Arrays; as Buffers (no copy) the line splitter decodes line by line, faster. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * Events of one entry sent and not yet applied by the main thread (`applied` messages give their weight back). Past
 * `maxUnapplied` (MAX_UNAPPLIED_WEIGHT) the entry reads no further input until half of it is applied: the main thread applies in
 * entry order, so an entry behind another one waits for it here, not in the main thread's memory, and a log parsed
 * faster than the detectors take its events does not fill the message queue.
 */
class Credit {
  private unapplied = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  sent(weight: number): void {
    this.unapplied += weight;
  }

  applied(weight: number): void {
    this.unapplied -= weight;
    if (this.unapplied <= maxUnapplied / 2) this.release();
  }

  /** The entry is stopped (`fail`): reads go on, and find out. */
  stop(): void {
    this.stopped = true;
    this.release();
  }

  async ready(): Promise<void> {
    if (this.unapplied > maxUnapplied && !this.stopped) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  private release(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The chunks of `rest`, each next one read only once the entry's credit allows it. */
async function* paced(rest: AsyncIterable<Uint8Array>, credit: Credit): AsyncGenerator<Uint8Array> {
  await credit.ready();
  for await (const chunk of rest) {
    yield chunk;
    await credit.ready();
  }
}

/**
 * The event as sent back. An event log record renders its XML (`raw`, an accessor) only when read, and posting or
 * weighing the record would read it: XML the main thread never uses (a record's evidence is its message; the viewer
 * renders the XML from the file). The record goes without it: the same fields, copied.
 */
function sendable(event: LogEvent): LogEvent {
  if (!rawRenderedWhenRead(event)) return event;
  const copy: Record<string, unknown> = {};
  for (const key in event) if (key !== 'raw') copy[key] = event[key as keyof LogEvent];
  return copy as unknown as LogEvent;
}

const credits = new Map<number, Credit>();
const queues = new Map<number, ChunkQueue>();
const post = (message: FromWorker): void => port.postMessage(message);

/** Where a worker's entry comes from: chunks streamed by the main thread, or a whole gzip member. */
type Source = { kind: 'chunks'; first: Uint8Array } | { kind: 'gzip'; compressed: Uint8Array; maxRatio: number };

/** Decompressed bytes reported to the main thread in steps, for the bundle's total limit. */
const EXPANDED_STEP = 1024 * 1024;

/** Stops the decompression of a whole gzip member: the bundle's total went over its limit. */
const stops = new Map<number, (error: Error) => void>();

type Inflated =
  | { ok: true; first: Uint8Array; rest: AsyncIterable<Uint8Array>; unreported: () => number; close: () => void }
  | { ok: false; unreported: number };

/**
 * The decompressed bytes of a whole gzip member under the ratio limit, reported in steps (`expanded`); the bundle's
 * total is the main thread's to judge, which says `fail` once it is over.
 */
async function inflate(id: number, source: Extract<Source, { kind: 'gzip' }>, problems: Problem[], path: string): Promise<Inflated> {
  const body = gunzip(new Body(chunksOf((async function* () { yield asBuffer(source.compressed); })())), new Limits(Number.POSITIVE_INFINITY, source.maxRatio));
  let unreported = 0;
  let stopped: Error | undefined;
  stops.set(id, (error) => {
    stopped = error;
    body.close();
  });
  const counted: AsyncIterator<Uint8Array> = {
    next: async () => {
      if (stopped) throw stopped;
      const r = await body.read().catch((error: unknown) => {
        throw stopped ?? error;
      });
      if (r === null) return { done: true, value: undefined };
      unreported += r.length;
      if (unreported >= EXPANDED_STEP) {
        post({ type: 'expanded', id, bytes: unreported });
        unreported = 0;
      }
      return { done: false, value: r };
    },
  };
  const close = (): void => {
    stops.delete(id);
    body.close();
  };
  let first: Uint8Array;
  try {
    first = (await counted.next()).value ?? new Uint8Array(0);
  } catch (error) {
    problems.push({ path, message: errorText(error) });
    close();
    return { ok: false, unreported };
  }
  return { ok: true, first, rest: { [Symbol.asyncIterator]: () => counted }, unreported: () => unreported, close };
}

async function parse(id: number, path: string, mtime: number | undefined, parserId: string, source: Source): Promise<void> {
  const parser = parserById.get(parserId)!;
  const problems: Problem[] = [];
  let batch: LogEvent[] = [];
  let batchWeight = 0;
  const credit = new Credit();
  credits.set(id, credit);
  const flush = (): void => {
    credit.sent(batchWeight);
    post({ type: 'events', id, events: batch, weight: batchWeight });
    batch = [];
    batchWeight = 0;
  };
  let first: Uint8Array;
  let rest: AsyncIterable<Uint8Array>;
  let unreported: (() => number) | undefined;
  let close = (): void => {};
  // Acknowledge consumed bytes in steps, not per chunk: each message costs.
  let unacknowledged = 0;
  if (source.kind === 'chunks') {
    const queue = new ChunkQueue((bytes) => {
      unacknowledged += bytes;
      if (unacknowledged >= ACK_BYTES) {
        post({ type: 'consumed', id, bytes: unacknowledged });
        unacknowledged = 0;
      }
    });
    queues.set(id, queue);
    first = source.first;
    rest = queue;
  } else {
    const inflated = await inflate(id, source, problems, path);
    if (!inflated.ok) {
      credits.delete(id);
      post({ type: 'done', id, result: nothingRead(problems), expanded: inflated.unreported });
      return;
    }
    ({ first, rest, unreported, close } = inflated);
  }
  const result = await parsing.parse(
    {
      parser,
      first,
      rest: paced(rest, credit),
      skip: async () => {
        for await (const _ of rest);
      },
    },
    { path, ...(mtime !== undefined ? { mtime: new Date(mtime) } : {}) },
    (kept) => {
      const event = sendable(kept);
      batch.push(event);
      batchWeight += eventWeight(event);
      if (batch.length >= BATCH || batchWeight >= BATCH_WEIGHT) flush();
    },
    problems,
  );
  close();
  if (batch.length > 0) flush();
  if (unacknowledged > 0) post({ type: 'consumed', id, bytes: unacknowledged });
  queues.delete(id);
  credits.delete(id);
  post({ type: 'done', id, result, ...(unreported ? { expanded: unreported() } : {}) });
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      parse(
        message.id,
        message.path,
        message.mtime,
        message.parser,
        message.gzip ? { kind: 'gzip', ...message.gzip } : { kind: 'chunks', first: asBuffer(message.first) },
      ).catch((error: unknown) => {
        credits.delete(message.id);
        post({ type: 'crash', id: message.id, message: error instanceof Error ? error.message : String(error) });
      });
      break;
    case 'chunk':
      queues.get(message.id)?.push(asBuffer(message.bytes));
      break;
    case 'end':
      queues.get(message.id)?.close();
      break;
    case 'fail':
      queues.get(message.id)?.fail(new Error(message.message));
      stops.get(message.id)?.(new LimitError(message.message));
      credits.get(message.id)?.stop();
      break;
    case 'applied':
      credits.get(message.id)?.applied(message.weight);
      break;
  }
});
