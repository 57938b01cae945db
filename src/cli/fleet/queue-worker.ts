// A queue worker (issue 14): takes bundle jobs from Redis with BullMQ and answers each with the report JSON that
// `logscan <bundle> -o r.json` writes. BullMQ holds a lock on each running job and renews it; when a worker dies its
// lock lapses, another worker's stalled-job check puts the job back, and it runs again elsewhere.
import './queue-env.js';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { accessSync, constants } from 'node:fs';
import { hostname } from 'node:os';
import { NothingReadableError, TOOL_VERSION } from '../../analyze.js';
import { BundleError } from '../../ingest/index.js';
import { renderJson } from '../../report/json.js';
import { analyzeOneBundle } from './analyze-one.js';
import { QUEUE_NAME, type QueueTarget } from './queue-connection.js';
import { jobDataOf } from './queue-jobs.js';

export interface WorkerTiming {
  /** How long a job's lock lasts unless renewed (renewed at half of it while the job runs). */
  lockDurationMs: number;
  /** How often this worker looks for jobs whose lock lapsed. */
  stalledIntervalMs: number;
  /** Times a job may lose its worker before it fails (a bundle that kills every worker that reads it). */
  maxStalledCount: number;
}

/** BullMQ's own defaults for the lock and the check; a lost job runs again within about a minute. */
export const DEFAULT_TIMING: WorkerTiming = { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 };

export interface WorkerHooks {
  onStart?(job: { id: string; path: string }): void;
  onDone?(job: { id: string; path: string }, failure?: string): void;
  onConnectionError?(message: string): void;
}

export async function startWorker(target: QueueTarget, concurrency: number, timing: WorkerTiming, hooks: WorkerHooks = {}): Promise<Worker> {
  const processor = async (job: Job<unknown, string>): Promise<string> => {
    const data = jobDataOf(job.data);
    if (data === undefined) throw new UnrecoverableError('the job names no bundle (not a logscan fleet job)');
    hooks.onStart?.({ id: job.id ?? '', path: data.path });
    // Retried: another worker may run the fleet's version.
    if (data.version !== TOOL_VERSION) {
      throw new Error(`the worker on ${hostname()} runs logscan ${TOOL_VERSION}, the fleet ${data.version}: workers must run the fleet's version (reports differ between versions)`);
    }
    // Retried (another worker may see it), with a reason that says where to look.
    try {
      accessSync(data.path, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new Error(`the worker on ${hostname()} cannot read ${data.path} (${code}): workers must see the bundles under the paths the fleet gives`);
    }
    try {
      return renderJson(await analyzeOneBundle(data.path, data.options));
    } catch (error) {
      // What the bundle is will not change on a second reading: no retry.
      if (error instanceof BundleError || error instanceof NothingReadableError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
  const worker = new Worker<unknown, string>(QUEUE_NAME, processor, {
    connection: target.connection,
    concurrency,
    lockDuration: timing.lockDurationMs,
    stalledInterval: timing.stalledIntervalMs,
    maxStalledCount: timing.maxStalledCount,
  });
  const idAndPath = (job: Job<unknown, string> | undefined): { id: string; path: string } => ({ id: job?.id ?? '', path: jobDataOf(job?.data)?.path ?? '' });
  worker.on('completed', (job) => hooks.onDone?.(idAndPath(job)));
  worker.on('failed', (job, error) => hooks.onDone?.(idAndPath(job), error.message));
  worker.on('error', (error) => hooks.onConnectionError?.(error.message));
  await worker.waitUntilReady();
  return worker;
}
