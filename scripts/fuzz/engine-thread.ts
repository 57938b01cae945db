// The thread of a fuzz worker process that runs the engine (scripts/fuzz/child.ts starts it): one input at a time,
// answered with its outcome. An exception escaping the engine is a crash; so is an unhandled rejection or an uncaught
// exception that comes later (the CLI would die of either), reported for the input running or the one before.
import { parentPort, workerData } from 'node:worker_threads';
import { execute } from './execute.js';
import { errorInfo, type FuzzInput, type Outcome } from './types.js';

export type ToThread = { input: FuzzInput };
export type FromThread = { type: 'ready' } | { type: 'done'; n: number; outcome: Outcome } | { type: 'fatal'; n: number | undefined; error: ReturnType<typeof errorInfo> };

const port = parentPort!;
/** A folder of this worker's own, under the run's (the parent removes it, whatever happens to this process). */
const tmp = (workerData as { tmp: string }).tmp;
let current: number | undefined;
let last: number | undefined;

const fatal = (e: unknown): void => {
  port.postMessage({ type: 'fatal', n: current ?? last, error: errorInfo(e) } satisfies FromThread);
  process.exit(70);
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

port.on('message', ({ input }: ToThread) => {
  current = input.n;
  // What earlier inputs left is collected first, so that this input's peak is its own (--expose-gc).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc && process.memoryUsage().heapUsed > 128 * 1024 * 1024) gc();
  void execute(input, tmp).then(
    (outcome) => finish(input.n, outcome),
    (e: unknown) => finish(input.n, { crash: errorInfo(e), invariant: [], masked: [], events: 0, problems: 0 }),
  );
});

function finish(n: number, outcome: Outcome): void {
  last = n;
  current = undefined;
  port.postMessage({ type: 'done', n, outcome } satisfies FromThread);
}

port.postMessage({ type: 'ready' } satisfies FromThread);
