// The fleet's side of the queue (issue 14): enqueue each bundle by path, wait for its job with BullMQ's QueueEvents,
// and hand back each bundle's report (the JSON text the worker made, byte for byte `logscan <bundle> -o r.json`) or
// the reason it failed, once per bundle, as they arrive: the caller writes and summarises them without holding them.
import './queue-env.js';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { QUEUE_NAME, type QueueTarget } from './queue-connection.js';
import { bundleJob, EVENT_STREAM_LENGTH, JOB_NAME, JOB_OPTIONS, type BundleJob, type BundleJobData, type QueuedReadOptions } from './queue-jobs.js';

export type QueuedOutcome = { path: string; report: string } | { path: string; failure: string };

export interface GatherOptions {
  options: QueuedReadOptions;
  /** Called once per bundle, in the order they finish; awaited before the next one is handed over. */
  onOutcome(outcome: QueuedOutcome): void | Promise<void>;
  /** Redis trouble while waiting (the connections retry on their own): for a warning line. */
  onConnectionError?(message: string): void;
}

/** Jobs added per round trip. */
const ADD_CHUNK = 500;

/** Analyses `paths` on the queue's workers and resolves once every bundle has its outcome. */
export async function analyseOnQueue(target: QueueTarget, paths: readonly string[], opts: GatherOptions): Promise<void> {
  const queue = new Queue<BundleJobData>(QUEUE_NAME, { connection: target.connection, streams: { events: { maxLen: EVENT_STREAM_LENGTH } } });
  const events = await eventsFromNow(queue, target);
  const warn = (error: Error): void => opts.onConnectionError?.(error.message);
  queue.on('error', warn);
  events.on('error', warn);
  // Each waiting bundle listens for its own completed/failed event.
  events.setMaxListeners(0);
  queue.setMaxListeners(0);
  // One outcome at a time, in arrival order, whatever the caller does with it.
  let handing: Promise<void> = Promise.resolve();
  const hand = (outcome: QueuedOutcome): Promise<void> => (handing = handing.then(() => opts.onOutcome(outcome)));
  try {
    await events.waitUntilReady();
    // Outcomes name each bundle as the caller did (the job holds its absolute path).
    const jobs = new Map<string, { job: BundleJob; path: string }>();
    for (const path of paths) {
      let job: BundleJob;
      try {
        job = bundleJob(path, opts.options);
      } catch (error) {
        await hand({ path, failure: (error as Error).message });
        continue;
      }
      // The same bundle listed twice is one job and one outcome.
      if (!jobs.has(job.id)) jobs.set(job.id, { job, path });
    }
    await enqueue(queue, [...jobs.values()].map((j) => j.job));
    await Promise.all([...jobs.values()].map(async ({ job, path }) => hand({ path, ...(await outcomeOf(queue, events, job)) })));
    await handing;
  } finally {
    await Promise.allSettled([events.close(), queue.close()]);
  }
}

/**
 * Adds the bundles that have no job yet; a job that failed in an earlier run is retried (running the fleet again
 * asks for that), one still waiting, running or kept finished is left as it is (its report is reused).
 */
async function enqueue(queue: Queue<BundleJobData>, jobs: BundleJob[]): Promise<void> {
  const states = await Promise.all(jobs.map((job) => queue.getJobState(job.id)));
  const fresh = jobs.filter((_, i) => states[i] === 'unknown');
  const failed = jobs.filter((_, i) => states[i] === 'failed');
  for (let i = 0; i < fresh.length; i += ADD_CHUNK) {
    // A job another fleet added meanwhile is kept: BullMQ adds nothing for an id it holds.
    await queue.addBulk(fresh.slice(i, i + ADD_CHUNK).map((job) => ({ name: JOB_NAME, data: job.data, opts: { ...JOB_OPTIONS, jobId: job.id } })));
  }
  for (const job of failed) await (await queue.getJob(job.id))?.retry('failed');
}

/**
 * QueueEvents that hear every event written after this call. BullMQ's own start ('$') takes effect only when its
 * first XREAD reaches Redis, some time after waitUntilReady, so a job that finished in between went unheard: a wait
 * for it stalled until the recheck below (seen as a queue test that hung once in a few runs). Starting from the
 * stream's last id as it stands now leaves no such gap.
 */
export async function eventsFromNow(queue: Queue, target: QueueTarget): Promise<QueueEvents> {
  // BullMQ's client interface lists no XREVRANGE; its ioredis client (what RedisOptions make) forwards it.
  const client = (await queue.client) as unknown as LastEntryReader;
  const last = (await client.xrevrange(queue.keys.events!, '+', '-', 'COUNT', 1))[0]?.[0];
  return new QueueEvents(QUEUE_NAME, { connection: target.connection, lastEventId: last ?? '0-0' });
}

interface LastEntryReader {
  xrevrange(key: string, end: '+', start: '-', count: 'COUNT', n: number): Promise<[id: string, fields: string[]][]>;
}

type JobOutcome = { report: string } | { failure: string };

/**
 * How long a job is waited for on its events alone before its state is read again: the event stream is capped, and
 * a fleet that fell behind it would otherwise wait for a trimmed event forever.
 */
const RECHECK_MS = 30_000;

async function outcomeOf(queue: Queue<BundleJobData>, events: QueueEvents, bundle: BundleJob): Promise<JobOutcome> {
  let addedAgain = false;
  for (;;) {
    const job: Job<BundleJobData> | undefined = await queue.getJob(bundle.id);
    if (job === undefined) {
      // A finished job may be trimmed from Redis (JOB_OPTIONS keeps a number of them) before this run reads it:
      // it is added again, once.
      if (addedAgain) return { failure: 'the job left the queue before its report could be read' };
      addedAgain = true;
      await queue.add(JOB_NAME, bundle.data, { ...JOB_OPTIONS, jobId: bundle.id });
      continue;
    }
    try {
      const value: unknown = await job.waitUntilFinished(events, RECHECK_MS);
      return typeof value === 'string' ? { report: value } : { failure: 'the worker returned no report' };
    } catch (error) {
      // Failed, or no news within RECHECK_MS: the job's state says which.
      if ((await queue.getJobState(bundle.id)) === 'failed') return { failure: (await queue.getJob(bundle.id))?.failedReason || (error as Error).message };
    }
  }
}
