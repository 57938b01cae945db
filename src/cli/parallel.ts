// Analysis on several cores: the main thread reads the bundle; each text log goes to a parsing worker (a
// rotated .gz log whole and still compressed, any other chunk by chunk) or is parsed here while every worker
// has work queued; event logs and documents are parsed here. Workers send back only the events some detector
// wants. Results are applied in entry order, so the report is the same as the in-process engine's. Memory
// follows the work in flight, not the bundle: the events of an entry not yet applied (one behind an unfinished
// entry, or arriving faster than the detectors take them) are bounded by MAX_UNAPPLIED_WEIGHT, past which its
// parse waits (a worker's until the main thread says it applied them, this thread's until the entry's turn).
import { Worker } from 'node:worker_threads';
import type { DetachedGzip, Entry, Fact, LogEvent, Problem, Report, SourceSummary } from '../model.js';
import type { BundleInput } from '../analyze.js';
import { Analysis, interestFilter } from '../analysis.js';
import { detectors as defaultDetectors } from '../detectors/index.js';
import { openEntry, parseEntry, SourceTally, type OpenedEntry } from '../entry-reader.js';
import { router } from '../parsers/index.js';
import type { TimeZoneContext } from '../parsers/types.js';
import type { YearShifts } from '../time/bundle-year.js';
import { eventWeight, MAX_UNAPPLIED_WEIGHT, type FromWorker, type ToWorker } from './parallel-protocol.js';

/**
 * Bytes handed to one worker and not yet parsed; past this the reader waits (bounded memory). Large enough
 * for a whole rotated log, so the reader can move on to the next entry and keep the other worker busy.
 */
const MAX_IN_FLIGHT = 24 * 1024 * 1024;

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

interface Outcome {
  events: LogEvent[][];
  /** `eventWeight` of `events`: what they hold of memory, given back to the worker (`lane`) once applied. */
  weight: number;
  /** The worker parsing the entry. */
  lane?: Lane;
  /** A document's: every event is applied (and counted) through `analysis.event`, not by `done`'s counts. */
  all?: boolean;
  done?: { summary: SourceSummary | undefined; facts: Fact[]; problems: Problem[]; count: number; min: number | null; max: number | null };
}

interface Lane {
  worker: Worker;
  inFlight: number;
  waiting: (() => void) | undefined;
  active: number;
}

export interface ParallelOptions {
  /** Parsing threads, this one included: `jobs - 1` workers. */
  jobs: number;
  /** Bytes queued at every worker from which this thread parses the next log itself (tests lower it). */
  localWhenQueued?: number;
  /**
   * Each event handed to the detectors, in bundle order: every warning and error, and the info lines some detector
   * watches for (not every event, unlike `analyze`'s onEvent: the workers keep the rest to themselves).
   */
  onApplied?(event: LogEvent): void;
  /** Weight of an entry's events held before its parse waits (default MAX_UNAPPLIED_WEIGHT; tests lower it). */
  maxUnappliedWeight?: number;
  /** Called when this thread parses a log itself (tests). */
  onLocalParse?(path: string): void;
  tz: TimeZoneContext;
  tzSpec: string | undefined;
  /** Years to move the year-less lines of some entries by (a second pass); sent to the workers like `tzSpec`. */
  yearShifts?: YearShifts;
  onEntry?(entry: Entry): void;
}

export async function analyzeParallel(input: BundleInput, options: ParallelOptions): Promise<Report> {
  const analysis = new Analysis();
  const route = router();
  const outcomes = new Map<number, Outcome>();
  const maxUnapplied = options.maxUnappliedWeight ?? MAX_UNAPPLIED_WEIGHT;
  let head = 0;
  let failure: Error | undefined;
  let settle: (() => void) | undefined;
  /** Parses on this thread waiting for their entry's turn (`held`): woken when the head moves, or on a failure. */
  let turnWaiters: (() => void)[] = [];
  const wakeTurnWaiters = (): void => {
    const waiters = turnWaiters;
    turnWaiters = [];
    for (const wake of waiters) wake();
  };

  /** Hands one event to the detectors: every event of a document (counted here), the wanted ones of a log. */
  const apply = (outcome: Outcome, e: LogEvent): void => {
    if (outcome.all) analysis.event(e);
    else analysis.interestingEvent(e);
    options.onApplied?.(e);
  };

  // Applies finished work strictly in entry order.
  const advance = (): void => {
    for (;;) {
      const outcome = outcomes.get(head);
      if (!outcome) return;
      for (const batch of outcome.events) for (const e of batch) apply(outcome, e);
      outcome.events = [];
      // A worker still parsing the entry may read on (one done with it has forgotten it, and may be gone).
      if (outcome.lane && outcome.weight > 0 && !outcome.done) outcome.lane.worker.postMessage({ type: 'applied', id: head, weight: outcome.weight } satisfies ToWorker);
      outcome.weight = 0;
      const done = outcome.done;
      if (!done) return;
      if (!outcome.all) analysis.count(done.count, done.min, done.max);
      analysis.facts.push(...done.facts);
      analysis.problems.push(...done.problems);
      if (done.summary) analysis.sources.push(done.summary);
      outcomes.delete(head);
      head++;
      settle?.();
      wakeTurnWaiters();
    }
  };

  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  const wanted = interestFilter(defaultDetectors);
  /**
   * Entries a worker decompresses itself: the bytes it reports count against the bundle's total, less what this
   * thread decompressed already to pick the parser (`counted`, deducted from the first reports).
   */
  const detached = new Map<number, { gzip: DetachedGzip; counted: number; lane: Lane }>();
  /** Entries streamed to a worker: bytes sent and acknowledged, and whether the worker is done with it. */
  const streams = new Map<number, { sent: number; acked: number; done: boolean }>();
  const wake = (lane: Lane): void => {
    const resume = lane.waiting;
    lane.waiting = undefined;
    resume?.();
  };
  /** Counts bytes a worker decompressed; once the bundle's total is over, that worker stops the member. */
  const account = (id: number, bytes: number): void => {
    const d = detached.get(id);
    if (!d) return;
    const deduct = Math.min(d.counted, bytes);
    d.counted -= deduct;
    const over = d.gzip.account(bytes - deduct);
    if (over !== undefined) d.lane.worker.postMessage({ type: 'fail', id, message: over } satisfies ToWorker);
  };
  /** A worker with a second entry queued, or with this much of its one entry queued, keeps busy for a while. */
  const busy = (l: Lane): boolean => l.active > 1 || (l.active > 0 && l.inFlight >= localWhenQueued);
  const localWhenQueued = options.localWhenQueued ?? LOCAL_WHEN_QUEUED;
  /** Set at the first event log (EVTX): from then on everything is parsed on this thread. */
  let eventLogs = false;
  // Workers start when the first text log needs one: a bundle of event logs and documents never pays for them.
  const lanes: Lane[] = [];
  const startLanes = (): Lane[] => {
    if (lanes.length === 0) lanes.push(...Array.from({ length: Math.max(1, options.jobs - 1) }, newLane));
    return lanes;
  };
  const newLane = (): Lane => {
    const lane: Lane = { worker: new Worker(workerUrl, {
        workerData: { tz: options.tzSpec, yearShifts: options.yearShifts, maxUnapplied },
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
        // Flags such as --input-type are for the main script only and make a worker fail to start.
        execArgv: workerExecArgv(process.execArgv),
      }), inFlight: 0, waiting: undefined, active: 0 };
    lane.worker.on('message', (message: FromWorker) => {
      if (message.type === 'consumed') {
        lane.inFlight -= message.bytes;
        const stream = streams.get(message.id);
        if (stream) stream.acked += message.bytes;
        if (lane.inFlight <= MAX_IN_FLIGHT / 2) wake(lane);
        return;
      }
      if (message.type === 'expanded') {
        account(message.id, message.bytes);
        return;
      }
      if (message.type === 'crash') {
        failure = new Error(`parsing worker failed: ${message.message}`);
        settle?.();
        lane.waiting?.();
        wakeTurnWaiters();
        return;
      }
      const outcome = outcomes.get(message.id)!;
      if (message.type === 'events') {
        outcome.events.push(message.events);
        outcome.weight += message.weight;
      } else {
        lane.active--;
        if (eventLogs && lane.active === 0) void lane.worker.terminate();
        outcome.done = message;
        if (message.expanded) account(message.id, message.expanded);
        detached.delete(message.id);
        // A parser that gave up early leaves chunks unread: they no longer count, and no more are sent.
        const stream = streams.get(message.id);
        if (stream) {
          lane.inFlight -= stream.sent - stream.acked;
          stream.done = true;
          streams.delete(message.id);
          wake(lane);
        }
      }
      if (message.id === head) advance();
    });
    lane.worker.on('error', (error) => {
      failure = error;
      settle?.();
      lane.waiting?.();
      wakeTurnWaiters();
    });
    return lane;
  };

  /**
   * Parses an entry on this thread into its outcome, applied in order like a worker's. A document keeps every
   * event (applied through `analysis.event`, which counts them); a log keeps the ones some detector wants, and
   * its counts. Before its turn it holds them, and past MAX_UNAPPLIED_WEIGHT reads on only once its turn comes.
   */
  const parseHere = async (entryId: number, entry: Entry, opened: OpenedEntry, problems: Problem[], outcome: Outcome): Promise<void> => {
    const all = opened.parser.kind === 'document';
    outcome.all = all;
    const facts: Fact[] = [];
    const tally = new SourceTally();
    const yearShift = options.yearShifts?.get(entry.path);
    const rest = opened.rest;
    const held = (): boolean => head !== entryId && outcome.weight > maxUnapplied;
    const paced = async function* (): AsyncGenerator<Uint8Array> {
      for await (const chunk of rest) {
        yield chunk;
        while (held()) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => turnWaiters.push(resolve));
        }
      }
    };
    const stats = await parseEntry({ ...opened, rest: paced() }, {
      path: entry.path,
      ...(entry.mtime ? { mtime: entry.mtime } : {}),
      ...(yearShift ? { yearShift } : {}),
      tz: options.tz,
      emit: (e) => {
        tally.add(e);
        if (!all && !wanted(e)) return;
        // The entry's turn and nothing of it waiting: applied at once (kept, events would outlive scavenges).
        if (head === entryId && outcome.events.length === 0) return apply(outcome, e);
        outcome.weight += eventWeight(e);
        const last = outcome.events[outcome.events.length - 1];
        if (last) last.push(e);
        else outcome.events.push([e]);
      },
      fact: (f) => facts.push(f),
      problem: (message) => problems.push({ path: entry.path, message }),
      ...(analysis.quiet ? { quiet: analysis.quiet } : {}),
    });
    outcome.done = { summary: stats ? tally.summary(entry.path, opened.parser, stats) : undefined, facts, problems, ...tally.counts() };
  };

  const send = (lane: Lane, message: ToWorker): void => lane.worker.postMessage(message);
  const sendBytes = (lane: Lane, message: Extract<ToWorker, { type: 'chunk' }>): void => {
    lane.worker.postMessage({ ...message, bytes: exact(message.bytes) });
  };
  let id = 0;
  try {
    for await (const entry of input.entries) {
      if (failure) throw failure;
      analysis.entry(entry.path);
      const entryId = id++;
      const outcome: Outcome = { events: [], weight: 0 };
      outcomes.set(entryId, outcome);
      const problems: Problem[] = [];
      const opened = await openEntry(entry, route, problems, analysis.skipped);
      if (!opened) {
        outcome.done = { summary: undefined, facts: [], problems, count: 0, min: null, max: null };
      } else if (opened.parser.kind === 'document' || opened.parser.kind === 'binary' || eventLogs || (lanes.length > 0 && lanes.every(busy))) {
        if (opened.parser.kind === 'binary' && !eventLogs) {
          // A Windows bundle: its event logs take this thread's time and memory (every record goes to the
          // detectors), so the rest is parsed here too and idle workers are let go, keeping within the memory budget.
          eventLogs = true;
          for (const lane of lanes) if (lane.active === 0) void lane.worker.terminate();
        }
        // Parsed on this thread: small structured files; event logs (EVTX), whose records are Windows events that
        // every detector sees, so a worker would send each one back (copied: more time and memory, no gain); and
        // text logs while every worker has work queued.
        if (opened.parser.kind !== 'document' && opened.parser.kind !== 'binary') options.onLocalParse?.(entry.path);
        await parseHere(entryId, entry, opened, problems, outcome);
      } else {
        // The least busy worker parses it.
        const lane = startLanes().reduce((a, b) => (b.inFlight + b.active * MAX_IN_FLIGHT < a.inFlight + a.active * MAX_IN_FLIGHT ? b : a));
        lane.active++;
        outcome.lane = lane;
        const start = { type: 'start', id: entryId, path: entry.path, mtime: entry.mtime?.getTime(), parser: opened.parser.id } as const;
        if (entry.gzip) {
          // The worker decompresses the member itself; the bundle moves on at once.
          detached.set(entryId, { gzip: entry.gzip, counted: opened.first.length + (opened.hole ?? 0), lane });
          send(lane, { ...start, first: new Uint8Array(0), gzip: { compressed: exact(entry.gzip.compressed), maxRatio: entry.gzip.maxRatio } });
          if (entryId === head) advance();
          options.onEntry?.(entry);
          continue;
        }
        const stream = { sent: 0, acked: 0, done: false };
        streams.set(entryId, stream);
        send(lane, { ...start, first: exact(opened.first) });
        try {
          for await (const chunk of opened.rest) {
            if (stream.done) break;
            stream.sent += chunk.length;
            lane.inFlight += chunk.length;
            sendBytes(lane, { type: 'chunk', id: entryId, bytes: chunk });
            if (lane.inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (lane.waiting = resolve));
            if (failure) throw failure;
            if (stream.done) break;
          }
          if (!stream.done) send(lane, { type: 'end', id: entryId });
        } catch (error) {
          if (error === failure) throw error;
          send(lane, { type: 'fail', id: entryId, message: error instanceof Error ? error.message : String(error) });
        }
      }
      if (entryId === head) advance();
      options.onEntry?.(entry);
    }
    while (head < id) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (settle = resolve));
      settle = undefined;
      advance();
    }
    if (failure) throw failure;
  } finally {
    await Promise.all(lanes.map((l) => l.worker.terminate()));
  }
  return analysis.finish({ name: input.name, kind: input.kind, sizeBytes: input.sizeBytes() }, input.problems);
}
