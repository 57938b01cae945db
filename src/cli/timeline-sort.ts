// `logscan timeline` puts every event of the bundle in time order, but a bundle streams one file after
// another (rotated logs in any order), so no order can be written before the end. The lines are kept rendered,
// and past a memory budget sorted and written to temporary run files, merged at the end: memory stays bounded
// however large the bundle. Equal times keep the order the events came in (source by source, line by line).
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { byTimeThenArrival, mergeSorted, type TimedLine } from '../timeline.js';

/**
 * The signals whose default action ends the process and that a program can catch: SIGINT (Ctrl+C), SIGTERM (kill),
 * SIGHUP (the terminal closed), SIGQUIT (Ctrl+\), and the rarer alarm, user and limit signals. SIGKILL cannot be caught;
 * SIGPIPE is ignored by Node (a closed pipe is an EPIPE error, see stdout.ts). Only those this platform has.
 */
const ENDING_SIGNALS = (['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGALRM', 'SIGUSR2', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM'] as const).filter(
  (s) => s in constants.signals,
);

/** Characters of rendered lines held before a run is written out (more would mostly grow V8's heap). */
export const DEFAULT_RUN_CHARS = 8 * 1024 * 1024;

/** Waits for `out` to take more when it says it is full. */
async function write(out: Writable | NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

/** One run file read back in order. */
async function* readRun(path: string): AsyncGenerator<TimedLine> {
  for await (const s of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    const a = s.indexOf('\t');
    const b = s.indexOf('\t', a + 1);
    // A line written as a JSON string held a newline (CSV) or started with a quote (see `spill`).
    const rest = s.slice(b + 1);
    yield { time: Number(s.slice(0, a)), seq: Number(s.slice(a + 1, b)), line: rest.charCodeAt(0) === 34 ? (JSON.parse(rest) as string) : rest };
  }
}

export class TimelineSorter {
  private held: TimedLine[] = [];
  private chars = 0;
  private seq = 0;
  private dir: string | undefined;
  private readonly runs: string[] = [];

  constructor(private readonly maxChars = DEFAULT_RUN_CHARS) {}

  /** Adds a rendered line at `time`; past the budget, writes the lines held as a sorted run file. */
  add(time: number, line: string): void {
    this.held.push({ time, seq: this.seq++, line });
    this.chars += line.length;
    if (this.chars >= this.maxChars) this.spill();
  }

  /** Run files written so far, and where (for tests and the curious). */
  get spilled(): number {
    return this.runs.length;
  }

  get runDirectory(): string | undefined {
    return this.dir;
  }

  /** A run file: `time TAB seq TAB line`, the line as a JSON string when it holds a newline or starts with `"`. */
  private spill(): void {
    if (this.dir === undefined) {
      // Ctrl+C, kill, a closed terminal, Ctrl+\ and process.exit (a reader that closed the pipe) end the process
      // without `finally`: the run files go first. Listening before the folder exists: a signal that came between
      // the two would end the process by its default action and leave the folder.
      for (const signal of ENDING_SIGNALS) process.once(signal, this.onSignal);
      process.once('exit', this.onExit);
      this.dir = mkdtempSync(join(tmpdir(), 'logscan-timeline-'));
    }
    const path = join(this.dir, `run-${this.runs.length}`);
    const held = this.held.sort(byTimeThenArrival);
    this.held = [];
    this.chars = 0;
    const fd = openSync(path, 'w');
    try {
      for (let i = 0; i < held.length; i += 2000) {
        writeSync(fd, held.slice(i, i + 2000).map((h) => `${h.time}\t${h.seq}\t${h.line.charCodeAt(0) === 34 || h.line.includes('\n') ? JSON.stringify(h.line) : h.line}\n`).join(''));
      }
    } finally {
      closeSync(fd);
    }
    this.runs.push(path);
  }

  /** Writes every line in order to `out`, one per line; removes the run files. */
  async writeTo(out: Writable | NodeJS.WritableStream): Promise<void> {
    try {
      if (this.runs.length === 0) {
        const held = this.held.sort(byTimeThenArrival);
        this.held = [];
        await writeLines(out, held);
        return;
      }
      if (this.held.length > 0) this.spill();
      await writeLines(out, mergeSorted(this.runs.map(readRun)));
    } finally {
      this.close();
    }
  }

  /** Removes the run files (also after a failure). */
  close(): void {
    // The folder first, then the listeners: a signal in between still finds them.
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

/** Writes the lines in the order given, a batch at a time. */
async function writeLines(out: Writable | NodeJS.WritableStream, lines: Iterable<TimedLine> | AsyncIterable<TimedLine>): Promise<void> {
  let batch: string[] = [];
  for await (const t of lines) {
    batch.push(t.line);
    if (batch.length >= 2000) {
      await write(out, batch.join('\n') + '\n');
      batch = [];
    }
  }
  if (batch.length > 0) await write(out, batch.join('\n') + '\n');
}
