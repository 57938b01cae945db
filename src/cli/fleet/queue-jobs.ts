// What a queued job is (issue 14): one bundle, named by its path on storage every worker sees, with the reading
// options of the fleet that asked. Its id comes from the path, the file's size and modification time, the tool's
// version and those options, so a bundle enqueued twice (twice in one list, by two fleets, or again while its report
// is still kept) is one job, analysed once.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JobsOptions } from 'bullmq';
import { TOOL_VERSION } from '../../analyze.js';
import type { AnalyzeOneOptions } from './analyze-one.js';

/** The reading options a job carries: the ones that change a report (progress and threads stay with the worker). */
export type QueuedReadOptions = Pick<AnalyzeOneOptions, 'tz' | 'maxExpandedBytes' | 'maxRatio' | 'maxDepth'>;

export interface BundleJobData {
  /** Absolute path of the bundle. */
  path: string;
  options: QueuedReadOptions;
  /** The fleet's logscan version: a worker of another version would write another report, and declines. */
  version: string;
}

export const JOB_NAME = 'analyse-bundle';

/** How long a finished job (its report or its failure) stays in Redis for fleets that ask again. */
const KEEP_FINISHED = { age: 24 * 3600, count: 1000 };

/**
 * Retries are for what may pass (a worker's storage or Redis hiccup); a bundle that cannot be read fails at once
 * (the worker throws UnrecoverableError). A worker that dies is not a failed attempt: BullMQ's stalled-job check
 * puts its job back.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: KEEP_FINISHED,
};

/** Entries kept in the queue's event stream: completed events carry whole reports, so Redis's memory is bounded by this. */
export const EVENT_STREAM_LENGTH = 2000;

export interface BundleJob {
  id: string;
  data: BundleJobData;
}

/** The job of one bundle; throws the file system's error when the path cannot be read (the caller lists it as failed). */
export function bundleJob(path: string, options: QueuedReadOptions): BundleJob {
  const absolute = resolve(path);
  const st = statSync(absolute);
  const data: BundleJobData = { path: absolute, options: readOptions(options), version: TOOL_VERSION };
  const identity = JSON.stringify([TOOL_VERSION, absolute, st.size, st.mtimeMs, data.options]);
  // BullMQ's ids are free text except for ':' and whole numbers; a digest is neither and has a fixed length.
  return { id: `bundle-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`, data };
}

/** The options in one key order, without the undefined ones: equal options give equal ids. */
function readOptions(options: QueuedReadOptions): QueuedReadOptions {
  return {
    ...(options.tz !== undefined ? { tz: options.tz } : {}),
    ...(options.maxExpandedBytes !== undefined ? { maxExpandedBytes: options.maxExpandedBytes } : {}),
    ...(options.maxRatio !== undefined ? { maxRatio: options.maxRatio } : {}),
    ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
  };
}

/** Job data from Redis, checked: anything can be written into a queue. */
export function jobDataOf(value: unknown): BundleJobData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { path, options, version } = value as { path?: unknown; options?: unknown; version?: unknown };
  if (typeof path !== 'string' || path === '' || typeof version !== 'string' || typeof options !== 'object' || options === null) return undefined;
  const o = options as Record<string, unknown>;
  const number = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
  if ((o.tz !== undefined && typeof o.tz !== 'string') || !number(o.maxExpandedBytes) || !number(o.maxRatio) || !number(o.maxDepth)) return undefined;
  return { path, options: readOptions(o as QueuedReadOptions), version };
}
