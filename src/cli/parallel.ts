// Parsing on several cores, as a scheduler of `analyze`'s one loop: the main thread reads the bundle; each log (text or
// event log) goes to a parsing worker (a rotated .gz log whole and still compressed, any other chunk by chunk) or is
// left to the main thread while every worker has work queued; documents are parsed there. Workers send back the
// events the run keeps (those offered to the detectors), which `analyze` applies in entry order. Memory follows the
// work in flight: a worker's entry stops reading once MAX_UNAPPLIED_WEIGHT of its events wait to be applied, until the
// main thread says it applied them (`applied`), and bytes sent ahead are bounded (MAX_IN_FLIGHT).
import { Worker } from 'node:worker_threads';
import type { DetachedGzip } from '../model.js';
import type { ParseJob, ParseScheduler, ScheduledRun } from '../analyze.js';
import type { EntrySlot } from '../entry-queue.js';
import type { FromWorker, ToWorker, WorkerSetup } from './parallel-protocol.js';
import type { Admit } from './jobs.js';

/**
 * Bytes handed to one worker and not yet parsed; past this the reader waits (bounded memory). Large enough
 * for a whole rotated log or event log (Windows keeps System and Application under 20 MB by default), so the
 * reader can move on to the next entry and parse it while the worker parses this one.
 */
const MAX_IN_FLIGHT = 24 * 1024 * 1024;

/**
 * The worker's young generation. Every line makes short-lived strings and an event; with 4 MB a worker parsing the
 * 0.2 GB bench bundle's rotated logs ran ~250 scavenges (1.3 s of pauses); with 16 MB ~80 (0.5-0.8 s), at the same
 * peak RSS within the noise (226-235 MB for the process, both ways).
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** How often a log waiting for `admit` asks again. */
const ADMIT_POLL_MS = 20;

/** A worker with this much queued keeps busy while the main thread parses an entry itself. */
const LOCAL_WHEN_QUEUED = 4 * 1024 * 1024;

/**
 * Bytes to post to a worker, exactly: a view into a larger buffer is copied first, since posting clones the
 * whole underlying buffer. Posted by copy, not transferred: V8 does not count a buffer transferred in against
 * the receiving thread's heap, so dead ones can wait for a full collection their size never triggers (a single
 * 420 MB plain log took the process to 500 MB); the worker's own copies are counted and collected in time.
 */
function exact(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/**
 * The node options a worker gets: only those that load modules (a loader such as tsx when running from source,
 * a preloaded module, export conditions). A worker refuses V8 and process options (`--max-old-space-size`,
 * `--title`: ERR_WORKER_INVALID_EXEC_ARGV), and those for the main script (`--input-type`, `--eval`) make it fail.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const withValue = /^(?:--import|--require|-r|--loader|--experimental-loader|--conditions|-C)$/;
  const inline = /^(?:--import|--require|--loader|--experimental-loader|--conditions)=/;
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (withValue.test(a) && i + 1 < execArgv.length) out.push(a, execArgv[++i]!);
    else if (inline.test(a) || a === '--enable-source-maps' || a === '--no-warnings' || a.startsWith('--disable-warning')) out.push(a);
  }
  return out;
}

interface Lane {
  worker: Worker;
  inFlight: number;
  waiting: (() => void) | undefined;
  active: number;
}

export interface LaneOptions {
  /** Parsing threads, the main one included: `jobs - 1` workers. */
  jobs: number;
  /** Bytes queued at every worker from which the main thread parses the next log itself (tests lower it). */
  localWhenQueued?: number;
  /** Called when the main thread parses a log (text or event log) itself (tests). */
  onLocalParse?(path: string): void;
  /** Workers take event logs only (the binary parsers: EVTX, XML exports); text logs parse on the main thread. */
  eventLogsOnly?: boolean;
  /** Asked before the first worker starts: `later` makes the first log for a worker wait; after `no`, all parse here. */
  admit?: Admit;
}

/** `AnalyzeOptions.schedule` for parsing on `jobs - 1` worker threads besides the main one. */
export function workerLanes(options: LaneOptions): (run: ScheduledRun) => ParseScheduler {
  return (run) => new WorkerLanes(options, run);
}

/** An entry a worker parses: its slot, and the main thread's problems from opening it. */
interface Remote {
  slot: EntrySlot;
  problems: ParseJob['problems'];
}

class WorkerLanes implements ParseScheduler {
  private readonly lanes: Lane[] = [];
  private readonly remote = new Map<number, Remote>();
  /**
   * Entries a worker decompresses itself: the bytes it reports count against the bundle's total, less what the main
   * thread decompressed already to pick the parser (`counted`, deducted from the first reports).
   */
  private readonly detached = new Map<number, { gzip: DetachedGzip; counted: number; lane: Lane }>();
  /** Entries streamed to a worker: bytes sent and acknowledged, and whether the worker is done with it. */
  private readonly streams = new Map<number, { sent: number; acked: number; done: boolean }>();
  private readonly workerUrl = new URL('./parse-worker.js', import.meta.url);
  private readonly localWhenQueued: number;
  /** `admit` said no: this run parses on the main thread alone. */
  private declined = false;

  constructor(
    private readonly options: LaneOptions,
    private readonly run: ScheduledRun,
  ) {
    this.localWhenQueued = options.localWhenQueued ?? LOCAL_WHEN_QUEUED;
  }

  async take({ entry, opened, slot, problems }: ParseJob): Promise<boolean> {
    // Parsed on the main thread: small structured files, text logs when workers take event logs only, every log once
    // `admit` refused workers, and logs while every worker has work queued. An event log's worker sends back only the
    // records some detector reads (a few percent of them).
    if (
      opened.parser.kind === 'document' ||
      (this.options.eventLogsOnly === true && opened.parser.kind !== 'binary') ||
      !(await this.admitted()) ||
      (this.lanes.length > 0 && this.lanes.every((l) => this.busy(l)))
    ) {
      if (opened.parser.kind !== 'document') this.options.onLocalParse?.(entry.path);
      return false;
    }
    // The least busy worker parses it.
    const lane = this.startLanes().reduce((a, b) => (b.inFlight + b.active * MAX_IN_FLIGHT < a.inFlight + a.active * MAX_IN_FLIGHT ? b : a));
    const id = slot.id;
    lane.active++;
    this.remote.set(id, { slot, problems });
    slot.onApplied = (weight) => lane.worker.postMessage({ type: 'applied', id, weight } satisfies ToWorker);
    const start = { type: 'start', id, path: entry.path, mtime: entry.mtime?.getTime(), parser: opened.parser.id } as const;
    if (entry.gzip) {
      // The worker decompresses the member itself; the bundle moves on at once.
      this.detached.set(id, { gzip: entry.gzip, counted: opened.first.length + (opened.hole ?? 0), lane });
      this.send(lane, { ...start, first: new Uint8Array(0), gzip: { compressed: exact(entry.gzip.compressed), maxRatio: entry.gzip.maxRatio } });
      return true;
    }
    const stream = { sent: 0, acked: 0, done: false };
    this.streams.set(id, stream);
    this.send(lane, { ...start, first: exact(opened.first) });
    try {
      for await (const chunk of opened.rest) {
        if (stream.done) break;
        stream.sent += chunk.length;
        lane.inFlight += chunk.length;
        this.send(lane, { type: 'chunk', id, bytes: exact(chunk) });
        if (lane.inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (lane.waiting = resolve));
        if (this.run.queue.failure) throw this.run.queue.failure;
        if (stream.done) break;
      }
      if (!stream.done) this.send(lane, { type: 'end', id });
    } catch (error) {
      if (error === this.run.queue.failure) throw error;
      this.send(lane, { type: 'fail', id, message: error instanceof Error ? error.message : String(error) });
    }
    return true;
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }

  /**
   * Whether workers may parse: they run already, or `admit` says they may start. While it cannot tell yet (`later`:
   * its measure needs 100 ms), the first log for a worker waits for it, a few tens of milliseconds once in a run: parsed
   * here meanwhile, it would keep the bundle from reading on for all its parse, with the other core idle.
   */
  private async admitted(): Promise<boolean> {
    if (this.lanes.length > 0 || this.options.admit === undefined) return true;
    for (;;) {
      if (this.declined) return false;
      const answer = this.options.admit();
      if (answer === 'yes') return true;
      if (answer === 'no') this.declined = true;
      else await new Promise<void>((resolve) => setTimeout(resolve, ADMIT_POLL_MS));
    }
  }

  /** A worker with a second entry queued, or with this much of its one entry queued, keeps busy for a while. */
  private busy(lane: Lane): boolean {
    return lane.active > 1 || (lane.active > 0 && lane.inFlight >= this.localWhenQueued);
  }

  private send(lane: Lane, message: ToWorker): void {
    lane.worker.postMessage(message);
  }

  // Workers start when the first log they may take arrives (and `admit` allows): a bundle of documents never pays for them.
  private startLanes(): Lane[] {
    if (this.lanes.length === 0) this.lanes.push(...Array.from({ length: Math.max(1, this.options.jobs - 1) }, () => this.newLane()));
    return this.lanes;
  }

  private newLane(): Lane {
    const setup: WorkerSetup = { parse: this.run.parse, kept: this.run.kept, maxUnapplied: this.run.queue.maxUnapplied };
    const worker = new Worker(this.workerUrl, {
      workerData: setup,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      // Flags such as --input-type are for the main script only and make a worker fail to start.
      execArgv: workerExecArgv(process.execArgv),
    });
    const lane: Lane = { worker, inFlight: 0, waiting: undefined, active: 0 };
    worker.on('message', (message: FromWorker) => this.received(lane, message));
    worker.on('error', (error) => this.fail(error));
    return lane;
  }

  /** Ends the run: `analyze` throws the error at its next step, and a reader waiting for a worker goes on to see it. */
  private fail(error: Error): void {
    this.run.queue.fail(error);
    for (const lane of this.lanes) wake(lane);
  }

  private received(lane: Lane, message: FromWorker): void {
    switch (message.type) {
      case 'consumed': {
        lane.inFlight -= message.bytes;
        const stream = this.streams.get(message.id);
        if (stream) stream.acked += message.bytes;
        if (lane.inFlight <= MAX_IN_FLIGHT / 2) wake(lane);
        return;
      }
      case 'expanded':
        this.account(message.id, message.bytes);
        return;
      case 'crash':
        this.fail(new Error(`parsing worker failed: ${message.message}`));
        return;
      case 'events':
        this.remote.get(message.id)!.slot.batch(message.events, message.weight);
        return;
      case 'done': {
        lane.active--;
        if (message.expanded) this.account(message.id, message.expanded);
        this.detached.delete(message.id);
        // A parser that gave up early leaves chunks unread: they no longer count, and no more are sent.
        const stream = this.streams.get(message.id);
        if (stream) {
          lane.inFlight -= stream.sent - stream.acked;
          stream.done = true;
          this.streams.delete(message.id);
          wake(lane);
        }
        const { slot, problems } = this.remote.get(message.id)!;
        this.remote.delete(message.id);
        const result = message.result;
        slot.done(problems.length > 0 ? { ...result, problems: [...problems, ...result.problems] } : result);
        return;
      }
    }
  }

  /** Counts bytes a worker decompressed; once the bundle's total is over, that worker stops the member. */
  private account(id: number, bytes: number): void {
    const d = this.detached.get(id);
    if (!d) return;
    const deduct = Math.min(d.counted, bytes);
    d.counted -= deduct;
    const over = d.gzip.account(bytes - deduct);
    if (over !== undefined) d.lane.worker.postMessage({ type: 'fail', id, message: over } satisfies ToWorker);
  }
}

function wake(lane: Lane): void {
  const resume = lane.waiting;
  lane.waiting = undefined;
  resume?.();
}
