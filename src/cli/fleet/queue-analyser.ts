// `logscan fleet --queue URL`: the fleet's bundles analysed by `logscan worker` processes on any machine, through the
// Redis queue, behind the same seam as the local pool (./analyser.ts), so the fleet writes and summarises queued
// outcomes with the same code. Node-only.
import { outcomeFromJson, type BundleAnalyser, type ReadOptions } from './analyser.js';
import { checkReachable, type QueueTarget } from './queue-connection.js';
import { analyseOnQueue } from './queue-gather.js';

export interface QueueAnalyserOptions {
  target: QueueTarget;
  read: ReadOptions;
  /** A line for Redis trouble met while waiting (the connections retry on their own). */
  onConnectionError?(message: string): void;
}

/** Checks Redis can be reached first: an unreachable URL is a usage error before anything is read. */
export async function queueAnalyser(options: QueueAnalyserOptions): Promise<BundleAnalyser> {
  await checkReachable(options.target);
  return {
    run: (paths, onOutcome) =>
      analyseOnQueue(options.target, paths, {
        options: options.read,
        onOutcome: (outcome) => onOutcome('report' in outcome ? outcomeFromJson(outcome.path, outcome.report) : { path: outcome.path, failure: failureLine(outcome.failure) }),
        ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
      }),
  };
}

/** As the local pool words a failure: its first line, at most 500 characters (a message can name a bundle's member). */
function failureLine(message: string): string {
  return (message.split('\n')[0] ?? '').slice(0, 500) || 'the analysis failed';
}
