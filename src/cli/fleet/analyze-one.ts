// One bundle path into one Report, exactly as `logscan <bundle> -o r.json` makes it: the CLI's analysis and every
// fleet worker (local threads or a queue) go through here, so a fleet's per-bundle report is the single one byte for byte.
import { analyze, settleBundleYears, type AnalyzeOptions } from '../../analyze.js';
import { openBundle, type IngestOptions } from '../../ingest/index.js';
import type { Report } from '../../model.js';
import type { YearShifts } from '../../time/bundle-year.js';

/** Hooks for one reading of the bundle (a bundle may be read twice when its years are corrected). */
export interface PassHooks {
  /** Raw bytes read (progress). */
  onBytesRead?(n: number): void;
  onEntry?: AnalyzeOptions['onEntry'];
  onEvent?: AnalyzeOptions['onEvent'];
  events?: AnalyzeOptions['events'];
  schedule?: AnalyzeOptions['schedule'];
  /** Offer gzip members up to this size whole, for parse workers (with `schedule`). */
  detachGzipUpTo?: number;
  /** Called when the reading ends, whether it succeeded or not. */
  end?(): void;
}

export interface AnalyzeOneOptions {
  /** Zone of logs that write local time (already checked by the caller: IANA name or offset). */
  tz?: string;
  maxExpandedBytes?: number;
  maxRatio?: number;
  maxDepth?: number;
  /** Made afresh for each reading; absent: one thread, no progress, no event collection. */
  pass?(): PassHooks | Promise<PassHooks>;
}

export async function analyzeOneBundle(path: string, opts: AnalyzeOneOptions = {}): Promise<Report> {
  const readOnce = async (yearShifts?: YearShifts): Promise<Report> => {
    const hooks = (await opts.pass?.()) ?? {};
    try {
      const ingest: IngestOptions = {
        ...(opts.maxExpandedBytes !== undefined ? { maxExpandedBytes: opts.maxExpandedBytes } : {}),
        ...(opts.maxRatio !== undefined ? { maxRatio: opts.maxRatio } : {}),
        ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}),
        ...(hooks.onBytesRead ? { onBytesRead: hooks.onBytesRead } : {}),
        ...(hooks.detachGzipUpTo !== undefined ? { detachGzipUpTo: hooks.detachGzipUpTo } : {}),
      };
      const bundle = await openBundle(path, ingest);
      const input = { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems };
      return await analyze(input, {
        ...(opts.tz !== undefined ? { tz: opts.tz } : {}),
        ...(yearShifts ? { yearShifts } : {}),
        ...(hooks.onEntry ? { onEntry: hooks.onEntry } : {}),
        ...(hooks.onEvent ? { onEvent: hooks.onEvent } : {}),
        ...(hooks.events ? { events: hooks.events } : {}),
        ...(hooks.schedule ? { schedule: hooks.schedule } : {}),
      });
    } finally {
      hooks.end?.();
    }
  };
  // Read again (only) when the bundle's dated logs show a syslog file took a wrong year; stdin cannot be.
  return settleBundleYears(readOnce, path !== '-');
}
