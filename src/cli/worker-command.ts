// `logscan worker --queue redis://host:port[/db] [--concurrency N]` (issue 14): takes bundle jobs that `logscan fleet
// --queue` enqueues until SIGTERM or SIGINT, then stops taking new ones and lets the running ones finish (a second
// signal stops at once; BullMQ's stalled-job check gives those jobs to another worker). One line on stderr per job
// started and finished, so an operator (and the kill test) can see what each worker holds.
import { checkReachable, queueTarget } from './fleet/queue-connection.js';
import { DEFAULT_TIMING, startWorker, type WorkerTiming } from './fleet/queue-worker.js';
import { terminalLine } from '../report/output-escape.js';
import { UsageError } from './options.js';

export interface WorkerOptions {
  queue?: string;
  concurrency?: string;
}

const MAX_CONCURRENCY = 64;

/** Environment variables that shorten the lock and the stalled-job check (tests; a cluster that wants faster recovery). */
const TIMING_ENV = {
  lockDurationMs: 'LOGSCAN_QUEUE_LOCK_MS',
  stalledIntervalMs: 'LOGSCAN_QUEUE_STALLED_CHECK_MS',
} as const;

export function concurrencyOption(spec: string | undefined): number {
  if (spec === undefined) return 1;
  const n = Number(spec);
  if (!/^\d+$/.test(spec) || n < 1 || n > MAX_CONCURRENCY) throw new UsageError(`--concurrency ${spec}: expected a whole number from 1 to ${MAX_CONCURRENCY}`);
  return n;
}

export function workerTiming(env: NodeJS.ProcessEnv): WorkerTiming {
  const timing = { ...DEFAULT_TIMING };
  for (const key of ['lockDurationMs', 'stalledIntervalMs'] as const) {
    const text = env[TIMING_ENV[key]];
    if (text === undefined || text === '') continue;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 100 || n > 3_600_000) throw new UsageError(`${TIMING_ENV[key]}=${text}: expected milliseconds from 100 to 3600000`);
    timing[key] = n;
  }
  return timing;
}

const say = (line: string): void => void process.stderr.write(`logscan worker: ${terminalLine(line)}\n`);

/** Runs until a signal; resolves to the exit code (0 after a graceful stop). */
export async function runWorker(opts: WorkerOptions): Promise<number> {
  if (opts.queue === undefined) throw new UsageError('worker needs --queue redis://host:port[/db]');
  const target = queueTarget(opts.queue);
  const concurrency = concurrencyOption(opts.concurrency);
  const timing = workerTiming(process.env);
  await checkReachable(target);
  // The same message over and over while Redis is down is one line until it changes.
  let lastConnectionError = '';
  const worker = await startWorker(target, concurrency, timing, {
    onStart: (job) => say(`start ${job.id} ${job.path}`),
    onDone: (job, failure) => {
      const named = `${job.id} ${job.path || '(no bundle path)'}`;
      say(failure === undefined ? `done ${named}` : `failed ${named}: ${failure}`);
    },
    onConnectionError: (message) => {
      if (message !== lastConnectionError) say(`Redis: ${message}`);
      lastConnectionError = message;
    },
  });
  say(`taking jobs from ${target.shown} (concurrency ${concurrency}); SIGTERM or Ctrl+C stops`);
  await new Promise<void>((resolve) => {
    let closing = false;
    const stop = (): void => {
      if (closing) {
        say('stopping now: the running jobs go back to the queue when their lock lapses');
        void worker.close(true).finally(resolve);
        return;
      }
      closing = true;
      say('finishing the running jobs, taking no new ones (signal again to stop now)');
      void worker.close().finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  say('stopped');
  return 0;
}
