// `logscan <bundle>` and `logscan timeline <bundle>`: the command line of ../shared/docs/report-contract.md.
import { Command, CommanderError, Option } from 'commander';
import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { analyze, NothingReadableError, settleBundleYears, TOOL_VERSION } from '../analyze.js';
import type { YearShifts } from '../time/bundle-year.js';
import type { LogEvent, Report, Severity } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { openBundle, BundleError } from '../ingest/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderHtml } from '../report/html.js';
import { NotableCollector, selectNotable } from '../report/notable.js';
import type { HtmlAssets } from '../report/html.js';
import { TIMELINE_CSV_HEADER, timelineCsv, timelineJsonl } from '../report/timeline-lines.js';
import { TimelineSorter } from './timeline-sort.js';
import { timeZone } from '../time/zone.js';
import { progress } from './progress.js';

const FAIL_ON = ['critical', 'error', 'warning', 'info', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

export class UsageError extends Error {}

interface CommonOptions {
  tz?: string;
  jobs?: string;
  maxExpandedBytes?: string;
  maxRatio?: string;
  progress?: boolean;
}

function ingestOptions(opts: CommonOptions, onBytesRead?: (n: number) => void): IngestOptions {
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseSize(v);
    if (n === undefined || n <= 0) throw new UsageError(`${name} ${v}: expected a positive number (suffixes K, M, G allowed)`);
    return n;
  };
  const maxExpandedBytes = num('--max-expanded-bytes', opts.maxExpandedBytes);
  const maxRatio = num('--max-ratio', opts.maxRatio);
  return {
    ...(maxExpandedBytes ? { maxExpandedBytes } : {}),
    ...(maxRatio ? { maxRatio } : {}),
    ...(onBytesRead ? { onBytesRead } : {}),
  };
}

export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : 1;
  return Math.round(Number(m[1]) * mult);
}

function tzOption(spec: string | undefined) {
  try {
    return timeZone(spec);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The viewer's report-page script and style from dist/web (beside dist/cli), for `--format html`. */
function htmlAssets(): HtmlAssets {
  const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
  try {
    return { script: readFileSync(join(web, 'report-page.js'), 'utf8'), css: readFileSync(join(web, 'style.css'), 'utf8') };
  } catch {
    throw new UsageError(`--format html needs the built viewer (${join(web, 'report-page.js')} is missing): run npm run build`);
  }
}

async function runAnalyze(bundlePath: string, opts: CommonOptions & { format: string; output?: string; failOn: FailOn }): Promise<number> {
  const tz = tzOption(opts.tz);
  // Before the analysis: a missing build is reported at once, not after minutes of reading.
  const assets = opts.format === 'html' ? htmlAssets() : undefined;
  const jobs = jobCount(opts.jobs, bundlePath);
  // The html file carries the warnings/errors around each finding: collected while reading (in parallel,
  // from the events handed to the detectors, which include every warning and error), selected once the
  // findings are known. Each pass collects afresh.
  const collected: { notable?: NotableCollector } = {};
  const pass = async (yearShifts?: YearShifts): Promise<Report> => {
    const bar = opts.progress === false ? undefined : progress(bundlePath);
    const notable = assets ? new NotableCollector() : undefined;
    collected.notable = notable;
    const ingest = ingestOptions(opts, bar?.bytes);
    // In parallel, workers decompress rotated .gz logs themselves and the main thread moves on.
    if (jobs > 1) ingest.detachGzipUpTo = DETACH_GZIP_UP_TO;
    const bundle = await openBundle(bundlePath, ingest);
    const input = { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems };
    const years = yearShifts ? { yearShifts } : {};
    try {
      return jobs > 1
        ? await (await import('./parallel.js')).analyzeParallel(input, { jobs, tz, tzSpec: opts.tz, ...years, ...(bar ? { onEntry: bar.entry } : {}), ...(notable ? { onApplied: notable.add } : {}) })
        : await analyze(input, { tz, ...years, ...(bar ? { onEntry: bar.entry } : {}), ...(notable ? { onEvent: notable.add } : {}) });
    } finally {
      bar?.stop();
    }
  };
  // Read again (only) when the bundle's dated logs show a syslog file took a wrong year; stdin cannot be.
  const report = await settleBundleYears(pass, bundlePath !== '-');
  const notable = collected.notable;
  const color = opts.output === undefined && colorWanted();
  const rendered =
    opts.format === 'json'
      ? renderJson(report)
      : opts.format === 'markdown'
        ? renderMarkdown(report)
        : assets
          ? renderHtml(report, assets, notable ? { notable: selectNotable(report.findings, notable.events, { notCollected: notable.dropped }) } : {})
          : renderText(report, { color });
  if (opts.output) writeFileSync(opts.output, rendered);
  else process.stdout.write(rendered);
  return exitCode(report, opts.failOn);
}

/** Compressed size up to which a gzip member goes to a worker whole (held in memory meanwhile). */
const DETACH_GZIP_UP_TO = 8 * 1024 * 1024;

/** Worker threads pay off only on large inputs: `auto` uses them from 2 MiB (compressed) on. */
const PARALLEL_FROM_BYTES = 2 * 1024 * 1024;
/**
 * `auto` parses on two threads at most: the main thread and one worker. Measured on 2 cores (217 MB of
 * logs in a 14 MB .tgz), that takes ~20% off the time at ~150 MB peak memory; every further worker adds
 * ~50 MB (an isolate with its own heap), past the 200 MB budget. `--jobs N` asks for more.
 */
const MAX_AUTO_JOBS = 2;

function jobCount(spec: string | undefined, input: string): number {
  if (spec === undefined || spec === 'auto') {
    const cores = Math.min(availableParallelism(), MAX_AUTO_JOBS);
    if (cores < 2 || input === '-') return 1;
    try {
      return statSync(input).isFile() && statSync(input).size >= PARALLEL_FROM_BYTES ? cores : 1;
    } catch {
      return 1;
    }
  }
  const n = Number(spec);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs ${spec}: expected auto or a whole number from 1 to 64`);
  return n;
}

export function exitCode(report: Report, failOn: FailOn): number {
  if (failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

function colorWanted(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

async function runTimeline(bundlePath: string, opts: CommonOptions & { format: string; output?: string }): Promise<number> {
  const tz = tzOption(opts.tz);
  const ingest = ingestOptions(opts);
  // Every line in time order: held rendered, written to sorted run files past a memory budget, merged at the end.
  const line = opts.format === 'csv' ? timelineCsv : timelineJsonl;
  let sorter = new TimelineSorter();
  let untimed = 0;
  // A second pass (a syslog file took a wrong year) starts the timeline afresh.
  const pass = async (yearShifts?: YearShifts): Promise<Report> => {
    sorter.close();
    sorter = new TimelineSorter();
    untimed = 0;
    const bundle = await openBundle(bundlePath, ingest);
    return analyze(
      { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems },
      {
        tz,
        detectors: [],
        ...(yearShifts ? { yearShifts } : {}),
        onEvent: (event) => {
          if (event.time === null) untimed++;
          else sorter.add(event.time, line(event));
        },
      },
    );
  };
  try {
    await settleBundleYears(pass, bundlePath !== '-', (problems) => {
      for (const p of problems) process.stderr.write(`logscan: ${p.path}: ${p.message}\n`);
    });
    const out: NodeJS.WritableStream = opts.output ? createWriteStream(opts.output) : process.stdout;
    if (opts.format === 'csv') out.write(TIMELINE_CSV_HEADER + '\n');
    await sorter.writeTo(out);
    if (out !== process.stdout) await new Promise<void>((r) => out.end(() => r()));
  } finally {
    sorter.close();
  }
  if (untimed > 0) process.stderr.write(`logscan: ${untimed} event(s) without a time were left out of the timeline\n`);
  return 0;
}

function program(result: { code: number }): Command {
  const cmd = new Command('logscan')
    .description('Analyse an Azure VM support bundle and explain why backups or the guest agent fail.')
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError('(run logscan --help for usage)');

  const common = (c: Command): Command =>
    c
      .option('--tz <zone>', 'time zone of logs that write local time (IANA name or offset such as +02:00); default: take them as UTC')
      .option('--max-expanded-bytes <size>', 'stop reading past this many decompressed bytes (e.g. 16G)')
      .option('--max-ratio <n>', 'largest expansion ratio allowed for one compressed member')
      .option('--no-progress', 'no progress line on stderr')
      .option('-j, --jobs <n>', 'parsing threads, this one included: auto (2 on 2+ cores, for inputs from 2 MiB) or a number', 'auto');

  common(
    cmd
      .command('analyze <bundle>', { isDefault: true })
      .description('analyse a bundle (.tgz, .tar.gz, .tar, .zip, folder, single file, or - for stdin)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown', 'html']).default('text'))
      .option('-o, --output <file>', 'write the report to a file')
      .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...FAIL_ON]).default('error')),
  ).action(async (bundle: string, opts) => {
    result.code = await runAnalyze(bundle, opts);
  });

  common(
    cmd
      .command('timeline <bundle>')
      .description('print the merged timeline, one event a line (JSONL for Timesketch, or CSV)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
      .option('-o, --output <file>', 'write to a file'),
  ).action(async (bundle: string, opts) => {
    result.code = await runTimeline(bundle, opts);
  });

  cmd
    .command('serve')
    .description('serve the web viewer on 127.0.0.1 (default port 7171, or a free one when taken); Ctrl+C stops it')
    .option('-p, --port <n>', 'port to listen on (0: any free port)')
    .action(async (opts: { port?: string }) => {
      result.code = await (await import('./serve.js')).serve(opts);
    });
  return cmd;
}

/** Runs the CLI; resolves to the exit code. Never throws: errors become one line on stderr and exit 2. */
export async function main(argv: string[]): Promise<number> {
  const result = { code: 0 };
  try {
    await program(result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof BundleError || error instanceof NothingReadableError) {
      process.stderr.write(`logscan: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`logscan: ${message.split('\n')[0]}\n`);
    return 2;
  }
}
