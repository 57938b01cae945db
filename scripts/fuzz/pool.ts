// The parent's side of a fuzz worker process: starts it (node --import tsx scripts/fuzz/child.ts), sends it one
// input at a time, and takes its answer: done, a hang (the worker paused its engine past the time limit and says
// where; the process is then killed) or an engine out of heap. What the worker cannot judge itself is judged here:
// resident memory past the kill line is a memory runaway (killed), no answer well past the time limit is a hang
// without a stack (killed), and a process that dies on its own is a crash (V8's out-of-memory death: memory). A
// killed or dead worker is started again for the next input.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { procMemory } from '../../test/hostile/harness/cli.js';
import { ROOT } from './corpus.js';
import type { ErrorInfo, FromWorker, FuzzInput, Measured, Outcome } from './types.js';

const CHILD = join(ROOT, 'scripts', 'fuzz', 'child.ts');

export type RunResult = (
  | { kind: 'done'; outcome: Outcome }
  | { kind: 'hang'; stack?: string }
  | { kind: 'memory'; detail: string }
  | { kind: 'died'; error: ErrorInfo }
) & Measured;

export interface WorkerOptions {
  /** An input running longer is a hang. */
  timeoutMs: number;
  /** Resident memory at which the worker is killed (MB). */
  killAtMb: number;
  /** V8 old-space limit of the engine thread (MB). */
  heapMb: number;
  /** A folder for the worker's files (the caller removes it). */
  tmp: string;
  /** A failure the worker reported after its input had finished (a stray rejection): input `n`. */
  onLate(n: number | undefined, error: ErrorInfo): void;
}

/** Grace past the time limit for the worker to pause its engine and say where (then it is a hang without a stack). */
const GRACE_MS = 5000;

export class FuzzWorker {
  private child: ChildProcess | undefined;
  private ready: Promise<number> | undefined;
  private stderr = '';
  /** Resident memory of a fresh worker (MB): the floor under every input's peak. */
  baselineMb = 0;
  restarts = 0;

  constructor(private readonly opts: WorkerOptions) {}

  private start(): Promise<number> {
    this.stderr = '';
    const child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', '--expose-gc'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        NO_COLOR: '1',
        FORCE_COLOR: '',
        LOGSCAN_FUZZ_TIMEOUT_MS: String(this.opts.timeoutMs),
        LOGSCAN_FUZZ_HEAP_MB: String(this.opts.heapMb),
        LOGSCAN_FUZZ_TMP: this.opts.tmp,
      },
    });
    child.stderr!.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString('utf8')).slice(-16_384);
    });
    this.child = child;
    return new Promise<number>((resolve, reject) => {
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'ready') {
          child.off('exit', onExit);
          resolve(m.rssMb);
        } else if (m.type === 'fatal') this.opts.onLate(m.n, m.error);
      };
      const onExit = (code: number | null): void => reject(new Error(`the fuzz worker exited (${code}) before it was ready: ${this.stderr.slice(-2000)}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** Starts the process (if it is not running) and waits until it is ready. */
  async warm(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
      this.ready = this.start();
    }
    const rss = await this.ready!;
    if (this.baselineMb === 0) this.baselineMb = rss;
  }

  async run(input: FuzzInput): Promise<RunResult> {
    await this.warm();
    const child = this.child!;
    const started = performance.now();
    let peakKb = 0;
    let killed: 'memory' | 'wedged' | undefined;
    let fatal: ErrorInfo | undefined;
    let answer: RunResult | undefined;
    return new Promise<RunResult>((resolve) => {
      const ms = (): number => Math.round(performance.now() - started);
      const mb = (kb: number): number => Math.round(kb / 102.4) / 10;
      const poll = setInterval(() => {
        const m = child.pid === undefined ? undefined : procMemory(child.pid);
        if (!m) return;
        peakKb = Math.max(peakKb, m.hwm);
        if (m.rss > this.opts.killAtMb * 1024 && !killed && !answer) {
          killed = 'memory';
          child.kill('SIGKILL');
        }
      }, 20);
      const backstop = setTimeout(() => {
        if (!killed && !answer) {
          killed = 'wedged';
          child.kill('SIGKILL');
        }
      }, this.opts.timeoutMs + GRACE_MS);
      const done = (r: RunResult): void => {
        clearInterval(poll);
        clearTimeout(backstop);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(r);
      };
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'fatal') {
          if (m.n === input.n || m.n === undefined) fatal = m.error;
          else this.opts.onLate(m.n, m.error);
          return;
        }
        if (m.type === 'ready' || m.n !== input.n || killed) return;
        const peak = Math.max(m.peakRssMb, mb(peakKb));
        const measured = { ms: m.ms, peakRssMb: peak, startRssMb: m.startRssMb };
        if (m.type === 'done') return done({ kind: 'done', outcome: m.outcome, ...measured });
        // A hang or an engine out of heap: the process is not to be trusted any more.
        answer = m.type === 'hang' ? { kind: 'hang', stack: m.stack, ...measured } : { kind: 'memory', detail: m.detail, ...measured };
        child.kill('SIGKILL');
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        this.restarts++;
        const measured = { ms: ms(), peakRssMb: mb(peakKb), startRssMb: this.baselineMb };
        if (answer) return done(answer);
        if (killed === 'wedged') return done({ kind: 'hang', ...measured });
        if (killed === 'memory') return done({ kind: 'memory', ...measured, peakRssMb: Math.max(measured.peakRssMb, this.opts.killAtMb), detail: `killed at ${this.opts.killAtMb} MB resident` });
        if (/heap out of memory|Allocation failed|Reached heap limit/i.test(this.stderr)) {
          return done({ kind: 'memory', ...measured, detail: `V8 ran out of heap: ${this.stderr.trim().split('\n').slice(0, 3).join(' | ').slice(0, 300)}` });
        }
        const error: ErrorInfo = fatal ?? { name: 'WorkerDied', message: `the worker process exited (code ${code}, signal ${signal})`, stack: this.stderr.slice(-4000) || '(no stderr)' };
        done({ kind: 'died', ...measured, error });
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ type: 'run', input });
    });
  }

  stop(): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
    this.child = undefined;
  }
}
