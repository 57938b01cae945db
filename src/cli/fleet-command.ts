// `logscan fleet <folder | files... | list file>`: every bundle analysed on its own, one JSON report each in `--out`,
// and one summary of the fleet. Where the bundles are analysed is one seam (`analyserFor`): this machine's worker
// threads, or another BundleAnalyser (a job queue); writing the reports and the summary do not depend on it.
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SEVERITY_RANK, type Severity } from '../model.js';
import type { BundleAnalyser, ReadOptions } from './fleet/analyser.js';
import { discoverBundles, ListFileError } from './fleet/discover.js';
import { localPool } from './fleet/local-pool.js';
import { renderFleetNdjson } from './fleet/ndjson.js';
import { writeReportFile } from './fleet/out-dir.js';
import { renderFleetHtml } from '../fleet/render-html.js';
import { renderFleetMarkdown, renderFleetText } from '../fleet/render-summary.js';
import { FleetSummaryBuilder, worstSeverity } from '../fleet/summary.js';
import { terminalLine } from '../report/output-escape.js';
import { fleetProgress } from './fleet-progress.js';
import { checkOutputPath, describeWriteError, ingestOptions, outputFormat, tzOption, UsageError, writeOutput, type CommonOptions } from './options.js';
import { exitCodeIfStdoutCloses } from './stdout.js';

export interface FleetOptions extends CommonOptions {
  format?: string;
  output?: string;
  /** Folder for one JSON report per bundle. */
  out?: string;
  failOn: Severity | 'never';
  bulkIndex?: string;
  /** Redis URL: the bundles go to `logscan worker` processes through the job queue instead of this machine's threads. */
  queue?: string;
}

export const FLEET_EXTENSIONS: Record<string, string> = { '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html', '.txt': 'text', '.ndjson': 'ndjson' };

/** Most worker threads `--jobs` takes: each holds an engine and up to two bundles. */
const MAX_WORKERS = 64;

export async function runFleet(inputs: readonly string[], opts: FleetOptions): Promise<number> {
  const format = outputFormat(opts.format, opts.output, FLEET_EXTENSIONS, 'text');
  tzOption(opts.tz);
  if (opts.bulkIndex !== undefined && format !== 'ndjson') throw new UsageError(`--bulk-index is for --format ndjson (the format is ${format})`);
  if (opts.bulkIndex !== undefined && !/^[a-z0-9][a-z0-9._-]{0,254}$/.test(opts.bulkIndex)) {
    throw new UsageError(`--bulk-index ${opts.bulkIndex}: an index name is lower case letters, digits, '.', '_' and '-', not starting with them`);
  }
  for (const input of inputs) {
    if (input === '-') throw new UsageError('fleet reads bundles from files and folders, not stdin; give a folder, the bundles, or a list file');
    try {
      statSync(input);
    } catch {
      throw new UsageError(`${input}: no such file or folder; give a folder of bundles, bundle files or folders, or a list file (one path a line)`);
    }
  }
  if (opts.output !== undefined) checkOutputPath(opts.output);
  if (opts.out !== undefined) prepareOutDir(opts.out);
  const workers = workerCount(opts.jobs);
  const read: ReadOptions = { ...(opts.tz !== undefined ? { tz: opts.tz } : {}), ...ingestOptions(opts) };

  let found;
  try {
    found = discoverBundles(inputs);
  } catch (error) {
    if (error instanceof ListFileError) throw new UsageError(error.message);
    throw error;
  }
  const summary = new FleetSummaryBuilder();
  summary.skipped(found.notBundles);
  for (const m of found.missing) summary.fail(m.path, m.reason);
  if (found.bundles.length === 0 && found.missing.length === 0) {
    throw new UsageError(`no bundle found in ${inputs.join(', ')}: a fleet is archives (.tgz, .tar.gz, .tar, .zip) or folders that each hold one bundle`);
  }

  const analyser = await analyserFor(opts, { workers, read, wantJson: opts.out !== undefined });
  const bar = fleetProgress(found.bundles.length, opts.progress !== false);
  try {
    await analyser.run(found.bundles, (outcome) => {
      if ('failure' in outcome) summary.fail(outcome.path, outcome.failure);
      else {
        if (opts.out !== undefined && outcome.json !== undefined) writeReport(opts.out, outcome.path, outcome.json);
        summary.add(outcome.path, outcome.digest);
      }
      bar?.done('failure' in outcome);
    });
  } finally {
    bar?.stop();
  }

  const result = summary.summary();
  const rendered =
    format === 'json'
      ? JSON.stringify(result, null, 2) + '\n'
      : format === 'markdown'
        ? renderFleetMarkdown(result)
        : format === 'html'
          ? renderFleetHtml(result)
          : format === 'ndjson'
            ? renderFleetNdjson(result, summary.memberList, opts.bulkIndex !== undefined ? { bulkIndex: opts.bulkIndex } : {})
            : renderFleetText(result);
  const code = fleetExitCode(result.bundles.analysed, worstSeverity(result), opts.failOn);
  if (result.bundles.unreadable > 0) {
    process.stderr.write(`logscan: ${result.bundles.unreadable} of ${result.bundles.total} bundles could not be read; the summary lists them and why\n`);
  }
  if (opts.output !== undefined) writeOutput(opts.output, rendered);
  else {
    exitCodeIfStdoutCloses(code);
    process.stdout.write(rendered);
  }
  return code;
}

/**
 * The seam: which BundleAnalyser runs the fleet's bundles. Every bundle goes through analyzeOneBundle wherever it
 * runs, so its report is the one `logscan <bundle>` writes.
 */
async function analyserFor(opts: FleetOptions, local: { workers: number; read: ReadOptions; wantJson: boolean }): Promise<BundleAnalyser> {
  if (opts.queue === undefined) return localPool(local);
  // BullMQ and ioredis load only for --queue.
  const [{ queueTarget }, { queueAnalyser }] = await Promise.all([import('./fleet/queue-connection.js'), import('./fleet/queue-analyser.js')]);
  let lastConnectionError = '';
  return queueAnalyser({
    target: queueTarget(opts.queue),
    read: local.read,
    onConnectionError: (message) => {
      if (message !== lastConnectionError) process.stderr.write(`logscan: Redis: ${terminalLine(message)}\n`);
      lastConnectionError = message;
    },
  });
}

/** 2 when no bundle could be analysed at all; else 1 when a finding is at or above --fail-on, else 0. */
export function fleetExitCode(analysed: number, worst: Severity | undefined, failOn: Severity | 'never'): number {
  if (analysed === 0) return 2;
  if (failOn === 'never' || worst === undefined) return 0;
  return SEVERITY_RANK[worst] >= SEVERITY_RANK[failOn] ? 1 : 0;
}

function workerCount(spec: string | undefined): number {
  if (spec === undefined || spec === 'auto') return Math.max(1, availableParallelism());
  const n = Number(spec);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new UsageError(`--jobs ${spec}: expected auto or a whole number of worker threads from 1 to ${MAX_WORKERS}`);
  return n;
}

/** `--out DIR`: made when missing (with its parents); a file there is a mistake. */
function prepareOutDir(dir: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: is a file; give a folder for the reports`);
    return;
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${dir}: the folder cannot be made: ${describeWriteError(error)}`);
  }
}

function writeReport(dir: string, bundle: string, json: string): void {
  try {
    writeReportFile(dir, bundle, json);
  } catch (error) {
    // The disk is full or the folder went away: every later report would fail the same way.
    throw new UsageError(`--out ${dir}: the report of ${terminalLine(bundle)} cannot be written: ${describeWriteError(error)}`);
  }
}
