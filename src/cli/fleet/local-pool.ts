// Bundles analysed on this machine: a pool of worker threads in this process, each analysing whole bundles one at
// a time (./fleet-worker.ts). Each worker holds at most two bundles (one running, one waiting), so memory follows the
// number of workers, not of bundles. A worker that dies (out of memory on a hostile bundle) fails only the bundles it
// held; a fresh one takes its place. Node-only.
import { Worker } from 'node:worker_threads';
import { workerExecArgv } from '../parallel.js';
import type { BundleAnalyser, BundleOutcome, ReadOptions } from './analyser.js';
import type { FleetWorkerSetup, FromFleetWorker, ToFleetWorker } from './fleet-worker-protocol.js';

export interface LocalPoolOptions {
  /** Worker threads (each analyses one bundle at a time). */
  workers: number;
  read: ReadOptions;
  /** Whether outcomes carry the JSON report (for `--out`). */
  wantJson: boolean;
}

/** Bundles a worker holds: the one it analyses and the next, sent ahead so it never waits for the main thread. */
const PER_WORKER = 2;

export function localPool(options: LocalPoolOptions): BundleAnalyser {
  return { run: (paths, onOutcome) => new PoolRun(options, paths, onOutcome).done };
}

interface Slot {
  worker: Worker;
  held: Map<number, string>;
}

class PoolRun {
  readonly done: Promise<void>;
  private next = 0;
  /** Bundles a lost worker held but had not started: sent again first. */
  private readonly again: number[] = [];
  private finished = 0;
  private failed = false;
  private readonly slots = new Set<Slot>();
  private handing: Promise<void> = Promise.resolve();
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private readonly workerUrl = new URL('./fleet-worker.js', import.meta.url);

  constructor(
    private readonly options: LocalPoolOptions,
    private readonly paths: readonly string[],
    private readonly onOutcome: (outcome: BundleOutcome) => void | Promise<void>,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    if (paths.length === 0) {
      this.settle.resolve();
      return;
    }
    const count = Math.max(1, Math.min(options.workers, paths.length));
    for (let i = 0; i < count; i++) this.start();
  }

  private start(): void {
    const setup: FleetWorkerSetup = { read: this.options.read, wantJson: this.options.wantJson };
    const worker = new Worker(this.workerUrl, { workerData: setup, execArgv: workerExecArgv(process.execArgv) });
    const slot: Slot = { worker, held: new Map() };
    this.slots.add(slot);
    worker.on('message', (message: FromFleetWorker) => this.received(slot, message));
    // 'error' comes before 'exit' when a worker throws; 'exit' alone when it runs out of memory or is ended.
    let why: string | undefined;
    worker.on('error', (error) => (why ??= error.message.split('\n')[0]));
    worker.on('exit', () => this.lost(slot, why ?? 'its worker thread stopped'));
    this.feed(slot);
  }

  private feed(slot: Slot): void {
    while (slot.held.size < PER_WORKER && (this.again.length > 0 || this.next < this.paths.length)) {
      const id = this.again.shift() ?? this.next++;
      const path = this.paths[id]!;
      slot.held.set(id, path);
      slot.worker.postMessage({ id, path } satisfies ToFleetWorker);
    }
    if (slot.held.size === 0) {
      this.slots.delete(slot);
      slot.worker.removeAllListeners('exit');
      void slot.worker.terminate();
    }
  }

  private received(slot: Slot, message: FromFleetWorker): void {
    const path = slot.held.get(message.id);
    if (path === undefined) return;
    slot.held.delete(message.id);
    this.hand('failure' in message ? { path, failure: message.failure } : { path, digest: message.digest, ...(message.json !== undefined ? { json: message.json } : {}) });
    this.feed(slot);
  }

  /** A worker ended: the bundle it was analysing (the first it held) fails, the one waiting goes to a fresh worker. */
  private lost(slot: Slot, why: string): void {
    this.slots.delete(slot);
    if (this.failed) return;
    const [running, ...waiting] = [...slot.held];
    slot.held.clear();
    if (running) this.hand({ path: running[1], failure: `the analysis ended its worker thread (${why}); analyse it alone to see more` });
    this.again.push(...waiting.map(([id]) => id));
    if (this.again.length > 0 || this.next < this.paths.length) this.start();
  }

  private hand(outcome: BundleOutcome): void {
    this.handing = this.handing
      .then(() => (this.failed ? undefined : this.onOutcome(outcome)))
      .then(() => {
        if (++this.finished === this.paths.length) this.settle.resolve();
      })
      .catch((error: unknown) => {
        this.failed = true;
        for (const slot of this.slots) {
          slot.worker.removeAllListeners('exit');
          void slot.worker.terminate();
        }
        this.slots.clear();
        this.settle.reject(error);
      });
  }
}
