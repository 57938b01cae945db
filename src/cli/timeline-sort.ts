// `logscan timeline` puts every event of the bundle in time order, but a bundle streams one file after
// another (rotated logs in any order), so no order can be written before the end. The lines are kept rendered,
// and past a memory budget sorted and written to a temporary file as a sorted run, merged at the end: memory stays
// bounded however large the bundle. Equal times keep the order the events came in (source by source, line by line).
//
// A timeline is hundreds of megabytes, so the runs are bytes, not lines: a run is its lines' UTF-8 text, each ended
// by a newline, followed by its keys (time, and where the line ends in the file, as float64s). The merge compares
// keys and copies byte ranges into large output buffers; it never decodes a line, and a run that stays ahead of the
// others gives many lines in one copy. All runs go into one file (one descriptor, however many runs).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

/**
 * The signals whose default action ends the process and that a program can catch: SIGINT (Ctrl+C), SIGTERM (kill),
 * SIGHUP (the terminal closed), SIGQUIT (Ctrl+\), and the rarer alarm, user and limit signals. SIGKILL cannot be caught;
 * SIGPIPE is ignored by Node (a closed pipe is an EPIPE error, see stdout.ts). Only those this platform has.
 */
const ENDING_SIGNALS = (['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGALRM', 'SIGUSR2', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM'] as const).filter(
  (s) => s in constants.signals,
);

/** Bytes of rendered lines held before a run is written out. */
export const DEFAULT_RUN_BYTES = 8 * 1024 * 1024;

/** Bytes written or copied at a time: large writes, few system calls. */
const OUT_BYTES = 1 << 20;
/** Per run while merging: its bytes read ahead, and its keys (two float64s a line). */
const RUN_WINDOW_BYTES = 64 * 1024;
const RUN_WINDOW_KEYS = 2048;

/** Waits for `out` to take more when it says it is full. */
async function write(out: Writable | NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** Where a run is in the runs file: its text from `start` to `keysAt`, then `count` keys (ends counted from `start`). */
interface Run {
  start: number;
  keysAt: number;
  count: number;
}

/**
 * Lines held in memory, already UTF-8 (a string kept until its run is written would be copied by every young-generation
 * collection on the way; bytes outside V8's heap are not), with their keys: time and end, two float64s a line.
 */
class HeldLines {
  bytes: Buffer;
  used = 0;
  keys = new Float64Array(2 * 4096);
  count = 0;
  /** The lines came in time order (one file's lines mostly do): no sort needed. */
  inOrder = true;

  constructor(readonly capacity: number) {
    // Grown as lines come, up to the budget: a small bundle's timeline never takes the whole of it.
    this.bytes = Buffer.allocUnsafe(Math.min(capacity, 64 * 1024));
  }

  /** Empties it for the next run (written synchronously: its bytes can be reused). */
  clear(): void {
    if (this.bytes.length > this.capacity) this.bytes = Buffer.allocUnsafe(this.capacity);
    this.used = 0;
    this.count = 0;
    this.inOrder = true;
  }

  /** Room for `line` within the budget (a UTF-16 unit takes at most 3 bytes in UTF-8, and a newline)? */
  fits(line: string): boolean {
    return this.used + 3 * line.length + 1 <= this.capacity;
  }

  add(time: number, line: string): void {
    // Doubled up to the budget; a line longer than the whole budget gets room of its own (it is in memory already).
    const room = this.used + 3 * line.length + 1;
    if (room > this.bytes.length) this.bytes = Buffer.concat([this.bytes.subarray(0, this.used)], Math.max(room, Math.min(2 * this.bytes.length, this.capacity)));
    if (2 * this.count === this.keys.length) {
      const keys = new Float64Array(2 * this.keys.length);
      keys.set(this.keys);
      this.keys = keys;
    }
    const n = this.count;
    if (n > 0 && time < this.keys[2 * n - 2]!) this.inOrder = false;
    this.used += this.bytes.write(line, this.used);
    this.bytes[this.used++] = 10;
    this.keys[2 * n] = time;
    this.keys[2 * n + 1] = this.used;
    this.count = n + 1;
  }

  /** The lines' indexes in time order, equal times in arrival order (`undefined`: they already are). */
  order(): number[] | undefined {
    if (this.inOrder) return undefined;
    const keys = this.keys;
    // V8's sort is a TimSort: the stretches already in order (each file's lines) cost a pass, not a sort.
    return Array.from({ length: this.count }, (_, i) => i).sort((a, b) => keys[2 * a]! - keys[2 * b]! || a - b);
  }

  /**
   * The lines in order as byte chunks (each valid until the next is asked for), and their keys (ends counted from the
   * first byte). In order already: the held bytes and keys themselves.
   */
  *sorted(chunk: Buffer): Generator<Uint8Array, Float64Array> {
    const order = this.order();
    if (order === undefined) {
      yield this.bytes.subarray(0, this.used);
      return this.keys.subarray(0, 2 * this.count);
    }
    const keys = new Float64Array(2 * this.count);
    let at = 0;
    let used = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const from = i === 0 ? 0 : this.keys[2 * i - 1]!;
      const to = this.keys[2 * i + 1]!;
      if (used + (to - from) > chunk.length) {
        if (used > 0) yield chunk.subarray(0, used);
        at += used;
        used = 0;
      }
      if (to - from > chunk.length) {
        yield this.bytes.subarray(from, to);
        at += to - from;
      } else {
        used += this.bytes.copy(chunk, used, from, to);
      }
      keys[2 * k] = this.keys[2 * i]!;
      keys[2 * k + 1] = at + used;
    }
    if (used > 0) yield chunk.subarray(0, used);
    return keys;
  }
}

export class TimelineSorter {
  private held: HeldLines;
  private dir: string | undefined;
  private fd: number | undefined;
  private fileBytes = 0;
  private readonly runs: Run[] = [];
  private readonly chunk = Buffer.allocUnsafe(OUT_BYTES);

  constructor(private readonly maxBytes = DEFAULT_RUN_BYTES) {
    this.held = new HeldLines(maxBytes);
  }

  /** Adds a rendered line at `time`; past the budget, writes the lines held as a sorted run first. */
  add(time: number, line: string): void {
    if (this.held.count > 0 && !this.held.fits(line)) this.spill();
    this.held.add(time, line);
  }

  /** Runs written so far, and where (for tests and the curious). */
  get spilled(): number {
    return this.runs.length;
  }

  get runDirectory(): string | undefined {
    return this.dir;
  }

  private spill(): void {
    if (this.dir === undefined) {
      // Ctrl+C, kill, a closed terminal, Ctrl+\ and process.exit (a reader that closed the pipe) end the process
      // without `finally`: the run file goes first. Listening before the folder exists: a signal that came between
      // the two would end the process by its default action and leave the folder.
      for (const signal of ENDING_SIGNALS) process.once(signal, this.onSignal);
      process.once('exit', this.onExit);
      this.dir = mkdtempSync(join(tmpdir(), 'logscan-timeline-'));
      this.fd = openSync(join(this.dir, 'runs'), 'w+');
    }
    const fd = this.fd!;
    const held = this.held;
    const start = this.fileBytes;
    let at = start;
    const chunks = held.sorted(this.chunk);
    let next = chunks.next();
    for (; !next.done; next = chunks.next()) at += writeAll(fd, next.value, at);
    const keys = next.value;
    const keysAt = at;
    at += writeAll(fd, new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength), at);
    this.fileBytes = at;
    this.runs.push({ start, keysAt, count: held.count });
    held.clear();
  }

  /** Writes every line in order to `out`, one per line; removes the run file. */
  async writeTo(out: Writable | NodeJS.WritableStream): Promise<void> {
    try {
      if (this.runs.length === 0) {
        // Never left memory: the held bytes in order, each chunk a copy (the stream may keep it until written).
        const chunks = this.held.sorted(this.chunk);
        for (let next = chunks.next(); !next.done; next = chunks.next()) await write(out, Buffer.from(next.value));
        return;
      }
      if (this.held.count > 0) this.spill();
      await mergeRuns(this.fd!, this.runs, out);
    } finally {
      this.close();
    }
  }

  /** Removes the run file (also after a failure). */
  close(): void {
    // The folder first, then the listeners: a signal in between still finds them.
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    if (this.dir !== undefined) {
      rmSync(this.dir, { recursive: true, force: true });
      this.dir = undefined;
    }
    for (const signal of ENDING_SIGNALS) process.off(signal, this.onSignal);
    process.off('exit', this.onExit);
  }

  private readonly onExit = (): void => this.close();

  /** The folder goes, then the signal is raised again with no listener left: the process ends as the signal says. */
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.close();
    process.kill(process.pid, signal);
  };
}

function writeAll(fd: number, bytes: Uint8Array, position: number): number {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
  return bytes.length;
}

/** A run being merged: its next line's key, and windows on its keys and its bytes. */
class RunReader {
  /** Time of the next line, and where it starts and ends in the run file. */
  time = 0;
  lineStart: number;
  lineEnd = 0;
  private next = 0;
  private readonly keys = new Float64Array(2 * RUN_WINDOW_KEYS);
  private keysFrom = 0;
  private keysTo = 0;
  private readonly bytes = Buffer.allocUnsafe(RUN_WINDOW_BYTES);
  private bytesFrom = 0;
  private bytesTo = 0;

  constructor(
    private readonly fd: number,
    private readonly run: Run,
    /** Arrival rank: equal times go out in run order. */
    readonly rank: number,
  ) {
    this.lineStart = run.start;
  }

  /** Moves to the next line; false when the run is done. */
  advance(): boolean {
    if (this.next === this.run.count) return false;
    if (this.next === this.keysTo) this.readKeys();
    const k = 2 * (this.next - this.keysFrom);
    this.lineStart = this.next === 0 ? this.run.start : this.lineEnd;
    this.time = this.keys[k]!;
    this.lineEnd = this.run.start + this.keys[k + 1]!;
    this.next++;
    return true;
  }

  private readKeys(): void {
    const count = Math.min(RUN_WINDOW_KEYS, this.run.count - this.next);
    const view = new Uint8Array(this.keys.buffer, 0, 16 * count);
    readFully(this.fd, view, this.run.keysAt + 16 * this.next);
    this.keysFrom = this.next;
    this.keysTo = this.next + count;
  }

  /** Copies bytes `from`..`to` of the run file into `out` at `at`, as many as fit; returns how many. */
  copy(from: number, to: number, out: Buffer, at: number): number {
    if (from < this.bytesFrom || from >= this.bytesTo) {
      const n = Math.min(RUN_WINDOW_BYTES, this.run.keysAt - from);
      readFully(this.fd, this.bytes.subarray(0, n), from);
      this.bytesFrom = from;
      this.bytesTo = from + n;
    }
    const end = Math.min(to, this.bytesTo, from + out.length - at);
    return this.bytes.copy(out, at, from - this.bytesFrom, end - this.bytesFrom);
  }
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('timeline: a temporary run file ended early');
    done += n;
  }
}

/** `a` goes out before `b`: earlier time, or the same time and an earlier run. */
function before(a: RunReader, b: RunReader): boolean {
  return a.time < b.time || (a.time === b.time && a.rank < b.rank);
}

/**
 * Merges the runs into `out`: a binary heap of their next lines. The run on top gives lines for as long as they come
 * before the best of the others, as one byte range.
 */
async function mergeRuns(fd: number, runs: Run[], out: Writable | NodeJS.WritableStream): Promise<void> {
  const heap = runs.map((run, rank) => new RunReader(fd, run, rank)).filter((r) => r.advance());
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (l + 1 < heap.length && before(heap[l + 1]!, heap[m]!)) m = l + 1;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  let chunk = Buffer.allocUnsafe(OUT_BYTES);
  let used = 0;
  while (heap.length > 0) {
    const top = heap[0]!;
    const second = heap.length < 3 ? heap[1] : before(heap[1]!, heap[2]!) ? heap[1] : heap[2];
    const from = top.lineStart;
    let more: boolean;
    do more = top.advance();
    while (more && (second === undefined || before(top, second)));
    // The lines taken end where the run's next line starts (or at its last line's end).
    const to = more ? top.lineStart : top.lineEnd;
    for (let at = from; at < to; ) {
      const n = top.copy(at, to, chunk, used);
      at += n;
      used += n;
      if (used === chunk.length) {
        // The stream may keep the buffer until it is written: a new one for the next bytes.
        await write(out, chunk);
        chunk = Buffer.allocUnsafe(OUT_BYTES);
        used = 0;
      }
    }
    if (more) down(0);
    else {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
      down(0);
    }
  }
  if (used > 0) await write(out, chunk.subarray(0, used));
}
