// The seam between a fleet and where its bundles are analysed: the local worker-thread pool (./local-pool.ts) or a
// job queue across machines. Whichever runs them hands back one outcome per bundle, and the fleet command writes
// the reports and builds the summary from these alone. No Node imports.
import type { AnalyzeOneOptions } from './analyze-one.js';
import { digestOf, type BundleDigest } from '../../fleet/digest.js';
import type { Report } from '../../model.js';

/** How each bundle is read: the options of `logscan <bundle>` that change its report. */
export type ReadOptions = Pick<AnalyzeOneOptions, 'tz' | 'maxExpandedBytes' | 'maxRatio' | 'maxDepth'>;

/**
 * One bundle's result. `json` is the report as `logscan <bundle> -o r.json` writes it (present when the run asked
 * for it), `digest` what the summary keeps of it.
 */
export type BundleOutcome = { path: string; json?: string; digest: BundleDigest } | { path: string; failure: string };

export interface BundleAnalyser {
  /**
   * Analyses every path, each on its own; calls `onOutcome` once per bundle as they finish, one at a time (the next
   * waits for the returned promise), and resolves when every bundle has its outcome.
   */
  run(paths: readonly string[], onOutcome: (outcome: BundleOutcome) => void | Promise<void>): Promise<void>;
}

/** An outcome from a report's JSON text (as a queue worker sends it). */
export function outcomeFromJson(path: string, json: string): BundleOutcome {
  let report: Report;
  try {
    report = JSON.parse(json) as Report;
  } catch {
    return { path, failure: 'the report sent back is no JSON' };
  }
  return { path, json, digest: digestOf(report) };
}
