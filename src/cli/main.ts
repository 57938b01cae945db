// `logscan <bundle>` and `logscan timeline <bundle>`: the command line of ../shared/docs/report-contract.md.
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NothingReadableError, TOOL_VERSION } from '../analyze.js';
import { analyzeOneBundle, type PassHooks } from './fleet/analyze-one.js';
import type { Report, Severity } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { BundleError } from '../ingest/index.js';
import { renderJson } from '../report/json.js';
import type { HtmlAssets } from '../report/html.js';
import type { NotableCollector } from '../report/notable.js';
import type { EvidenceLimit } from '../report/evidence-excerpt.js';
import { jobPlan, type JobPlan } from './jobs.js';
import { progress } from './progress.js';
import {
  checkBundlePath,
  checkOutputPath,
  evidenceOption,
  ingestOptions,
  outputFormat,
  REPORT_EXTENSIONS,
  reportWidth,
  tzOption,
  UsageError,
  writeOutput,
  type CommonOptions,
} from './options.js';
import { exitCodeIfStdoutCloses, guardStdout } from './stdout.js';
import { terminalLine } from '../report/output-escape.js';

export { parseSize, UsageError } from './options.js';

const FAIL_ON = ['critical', 'error', 'warning', 'info', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface AnalyseOptions extends CommonOptions {
  format?: string;
  output?: string;
  failOn: FailOn;
  evidence?: string;
  width?: string;
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

async function runAnalyze(bundlePath: string, opts: AnalyseOptions): Promise<number> {
  const format = outputFormat(opts.format, opts.output, REPORT_EXTENSIONS, 'text');
  // A zone it does not know is a usage error at once, not after the bundle is opened.
  tzOption(opts.tz);
  const evidence = evidenceOption(opts.evidence);
  const width = reportWidth(opts.width, process.env, opts.output === undefined && process.stdout.isTTY ? process.stdout.columns : undefined);
  checkBundlePath(bundlePath);
  if (opts.output !== undefined) checkOutputPath(opts.output);
  // Before the analysis: a missing build is reported at once, not after minutes of reading.
  const assets = format === 'html' ? htmlAssets() : undefined;
  const plan = jobPlan(opts.jobs, bundlePath);
  // The html file carries the warnings/errors around each finding: collected while reading from the events
  // offered to the detectors (every warning and error is), selected once the findings are known. Each pass
  // collects afresh.
  const collected: { notable?: NotableCollector } = {};
  const limits = ingestOptions(opts);
  const report = await analyzeOneBundle(bundlePath, {
    ...(opts.tz !== undefined ? { tz: opts.tz } : {}),
    ...limits,
    pass: async (): Promise<PassHooks> => {
      const bar = opts.progress === false ? undefined : progress(bundlePath);
      const notable = assets ? new (await import('../report/notable.js')).NotableCollector() : undefined;
      collected.notable = notable;
      return {
        ...(bar ? { onBytesRead: bar.bytes, onEntry: bar.entry, end: bar.stop } : {}),
        ...(notable ? { onEvent: notable.add, events: 'offered' as const } : {}),
        ...(plan.jobs > 1 ? await lanes(plan) : {}),
      };
    },
  });
  const rendered = await render(report, format, { assets, notable: collected.notable, evidence, width, color: opts.output === undefined && colorWanted() });
  const code = exitCode(report, opts.failOn);
  if (opts.output) writeOutput(opts.output, rendered);
  else {
    // A reader that stops early (`| head`) had what it wanted: the run ends with the code the report has.
    exitCodeIfStdoutCloses(code);
    process.stdout.write(rendered);
  }
  analysed = true;
  noteRun('analyze', format, report);
  return code;
}

/**
 * The scheduler of a parallel run. When text logs may go to workers, workers decompress rotated .gz logs themselves
 * and the main thread moves on (`auto` sends them event logs only: nothing to detach).
 */
async function lanes(plan: JobPlan): Promise<Pick<PassHooks, 'schedule' | 'detachGzipUpTo'>> {
  const { workerLanes } = await import('./parallel.js');
  // The gate measures from this pass's start: a second pass (a syslog year to settle) asks afresh.
  if (plan.auto) return { schedule: workerLanes({ jobs: plan.jobs, eventLogsOnly: true, admit: plan.auto.gate() }) };
  return { schedule: workerLanes({ jobs: plan.jobs }), detachGzipUpTo: DETACH_GZIP_UP_TO };
}

/**
 * The report in its format. Each renderer loads only when asked for (a JSON run never loads the text renderer's
 * table and colour packages): what a run loads is part of its start-up.
 */
async function render(
  report: Report,
  format: string,
  options: { assets: HtmlAssets | undefined; notable: NotableCollector | undefined; evidence: EvidenceLimit | undefined; width: number; color: boolean },
): Promise<string> {
  const { assets, notable, evidence } = options;
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return (await import('../report/markdown.js')).renderMarkdown(report, evidence === undefined ? {} : { evidence });
  if (assets) {
    const [{ renderHtml }, { selectNotable }] = await Promise.all([import('../report/html.js'), import('../report/notable.js')]);
    return renderHtml(report, assets, notable ? { notable: selectNotable(report.findings, notable.events, { notCollected: notable.dropped }) } : {});
  }
  const { renderText } = await import('../report/text.js');
  return renderText(report, { color: options.color, width: options.width, ...(evidence === undefined ? {} : { evidence }) });
}

/** Set once a run has read a bundle and written its output: see cacheCovers. */
let analysed = false;
/** What kind of run this was: its command, output format and the parsers it used (see cacheCovers). */
const runKind = new Set<string>();

/** Notes the kind of run (`cmd:`, `format:`, `parser:` keys) for the code cache. */
function noteRun(command: string, format: string, report?: Report): void {
  runKind.add(`cmd:${command}`);
  runKind.add(`format:${format}`);
  for (const source of report?.sources ?? []) runKind.add(`parser:${source.parser}`);
  if (report && report.findings.length > 0) runKind.add('findings');
}

/**
 * Whether this run compiled what later runs need, and what kind of run it was, so that launch.ts keeps its code in
 * the cache, or adds it when the cache has not covered such a run yet (compile-cache.ts): a run that read a bundle,
 * not a usage error or --help (undefined).
 */
export function cacheCovers(): string[] | undefined {
  return analysed ? [...runKind] : undefined;
}

/**
 * A worker thread of the built CLI (dist/bin/parse-worker.js, fleet-worker.js: launch.ts) runs its module from this
 * bundle: loading it starts the worker.
 */
export async function startWorker(kind: 'parse' | 'fleet'): Promise<void> {
  if (kind === 'parse') await import('./parse-worker.js');
  else await import('./fleet/fleet-worker.js');
}

/** Compressed size up to which a gzip member goes to a worker whole (held in memory meanwhile). */
const DETACH_GZIP_UP_TO = 8 * 1024 * 1024;

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

// Kept within 80 columns: the help is read in a terminal of any width.
const EXAMPLES = `
Examples:
  logscan bundle.tgz                       verdict, findings, evidence and fixes
  logscan bundle.tgz -o report.html        one self-contained page for a ticket
  logscan logs.zip -o report.json          JSON for scripts (-o sets the format)
  logscan ./unpacked-bundle -o ticket.md   Markdown for a ticket
  cat bundle.tgz | logscan -               an archive on stdin
  logscan waagent.log --tz Europe/Berlin   a log in local time: say which zone
  logscan bundle.tgz --evidence all        all evidence, not 3 per finding
  logscan bundle.tgz --fail-on warning     exit 1 on warnings too (CI, scripts)
  logscan timeline bundle.tgz -o t.csv     the merged timeline, for Timesketch
  logscan diff before.tgz after.tgz        did the fix work? (resolved, new...)
  logscan serve                            the web viewer on 127.0.0.1:7171
  logscan worker --queue redis://q:6379    analyse the bundles of fleet --queue

Exit codes: 0 nothing at or above --fail-on, 1 a finding at or above it,
2 a usage error or an unreadable bundle (one line on stderr says why).
`;

const FLEET_EXAMPLES = `
A bundle is an archive, or a folder that holds one (var/log, var/lib/waagent or
WindowsAzure/Logs at its top); any other folder is looked into for bundles. A
text file listing paths, one a line, is a list of bundles. -j sets the number
of worker threads (default: one per core).

Examples:
  logscan fleet bundles/ --out reports/    one report per bundle, the summary
  logscan fleet a.tgz b.zip -o fleet.html  the summary as one HTML page
  logscan fleet list.txt --format ndjson   one finding a line, for bulk loading
  logscan fleet /mnt/b --queue redis://q   on logscan worker processes of other
                                           machines (they see /mnt/b too)
`;

const DIFF_HELP = `
Findings match by id and by what their evidence says (times, line numbers and
counts aside); a finding whose lines in the after bundle are all older than the
before bundle's end is resolved.

Examples:
  logscan diff before.tgz after.tgz              did the fix work?
  logscan diff before.tgz after.zip -o diff.md   Markdown for the ticket
  logscan diff a.tgz b.tgz --format json         for scripts

Exit codes: 0 nothing new or persisting at or above --fail-on, 1 something is,
2 a usage error or an unreadable bundle (one line on stderr says which).
`;

/** One line for any mistake commander finds (unknown option, bad choice, extra argument). */
function commanderLine(text: string): string {
  const message = text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
  return `logscan: ${message} (logscan --help lists the options)\n`;
}

function program(result: { code: number }): Command {
  const cmd = new Command('logscan')
    .description(
      'Analyse an Azure VM support bundle and explain why backups or the guest agent fail: the verdict first, then each ' +
        'finding with the lines that show it and the steps that fix it.',
    )
    .usage('[options] <bundle>')
    .version(TOOL_VERSION)
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ outputError: (text, write) => write(commanderLine(text)) })
    .addHelpText('after', EXAMPLES);

  /** How a bundle is read: its times, the decompression limits, the progress line (every command that reads one). */
  const readingOptions = (c: Command): Command =>
    c
      .option('--tz <zone>', 'time zone of logs that write local time (IANA name or offset such as +02:00); default: take them as UTC')
      .option('--max-expanded-bytes <size>', 'stop past this many bytes decompressed or read out of zip members (default 16G)')
      .option('--max-ratio <n>', 'largest expansion ratio of one compressed member, and of each nested archive and the whole bundle against its size (default 1000)')
      .option('--max-depth <n>', 'nested archive levels opened (an archive in the bundle is level 1; default 4)')
      .option('--no-progress', 'no progress line on stderr');

  const common = (c: Command, jobs = 'parsing threads, this one included: auto (a second thread for the event logs of an input from 2 MiB when a core stands idle) or a number'): Command =>
    readingOptions(c).option('-j, --jobs <n>', jobs, 'auto');

  const analyseOptions = (c: Command): Command =>
    common(
      c
        .addOption(new Option('-f, --format <format>', 'report format (default: text, or what the -o file\'s .json/.md/.html names)').choices(['text', 'json', 'markdown', 'html']))
        .option('-o, --output <file>', 'write the report to a file instead of stdout')
        .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...FAIL_ON]).default('error'))
        .option('--evidence <n|all>', 'evidence excerpts shown per finding in text and Markdown (default: 3)')
        .option('--width <columns>', 'width of the text report (default: COLUMNS, else the terminal\'s, else 80)'),
    );

  analyseOptions(cmd.argument('[bundle]', '.tgz, .tar.gz, .tar or .zip bundle, a folder, a single log or event file, or - for an archive on stdin')).action(
    async (bundle: string | undefined, opts: AnalyseOptions) => {
      if (bundle === undefined) {
        // `logscan` alone: the usage, as for any other usage error.
        cmd.outputHelp({ error: true });
        result.code = 2;
        return;
      }
      result.code = await runAnalyze(bundle, opts);
    },
  );

  // `logscan analyze <bundle>`, as earlier versions spelled it.
  analyseOptions(cmd.command('analyze <bundle>', { hidden: true })).action(async (bundle: string, opts: AnalyseOptions) => {
    result.code = await runAnalyze(bundle, opts);
  });

  common(
    cmd
      .command('timeline <bundle>')
      .description('print the merged timeline, one event a line (JSONL for Timesketch, or CSV)')
      .addOption(new Option('-f, --format <format>', 'output format (default: jsonl, or csv for an -o file named .csv)').choices(['jsonl', 'csv']))
      .option('-o, --output <file>', 'write to a file'),
  ).action(async (bundle: string, opts) => {
    result.code = await (await import('./timeline-command.js')).runTimeline(bundle, opts, (report, format) => noteRun('timeline', format, report));
    analysed = true;
  });

  // The fleet's modules load only for this command: `logscan <bundle>` and `--version` never pay for them.
  common(
    cmd
      .command('fleet <bundles...>')
      .description('analyse many bundles, each on its own, on every core: one JSON report per bundle (--out) and a summary of the fleet')
      .addOption(new Option('-f, --format <format>', "summary format (default: text, or what the -o file's .json/.md/.html/.ndjson names)").choices(['text', 'json', 'markdown', 'html', 'ndjson']))
      .option('-o, --output <file>', 'write the summary to a file instead of stdout')
      .option('--out <dir>', "write each bundle's JSON report into this folder (named after the bundle, never over an existing file)")
      .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding of any bundle is at or above this severity').choices([...FAIL_ON]).default('error'))
      .option('--bulk-index <name>', 'with --format ndjson: precede each document by an Elasticsearch/OpenSearch _bulk action line for this index')
      .option('--queue <redis-url>', "analyse on `logscan worker` processes through this Redis (redis://host:port[/db]) instead of this machine's threads; every worker must see the bundles under the same paths"),
    'worker threads, each analysing whole bundles: auto (one per core) or a number',
  )
    .addHelpText('after', FLEET_EXAMPLES)
    .action(async (bundles: string[], opts) => {
      result.code = await (await import('./fleet-command.js')).runFleet(bundles, opts);
    });

  // `logscan diff`: its module loads only for this command.
  readingOptions(
    cmd
      .command('diff <before> <after>')
      .description('compare two bundles of one VM, before and after a fix: findings resolved, new and persisting')
      .addOption(new Option('-f, --format <format>', "output format (default: text, or what the -o file's .json/.md names)").choices(['text', 'markdown', 'json']))
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .addOption(new Option('--fail-on <severity>', 'exit 1 when a new or persisting finding is at or above this severity').choices([...FAIL_ON]).default('error')),
  )
    .addHelpText('after', DIFF_HELP)
    .action(async (before: string, after: string, opts) => {
      result.code = await (await import('./diff-command.js')).runDiff(before, after, opts);
      analysed = true;
      noteRun('diff', opts.format ?? 'text');
    });

  // BullMQ loads only for this command (and fleet --queue).
  cmd
    .command('worker')
    .description('analyse the bundles `logscan fleet --queue` enqueues, taking them from Redis until SIGTERM or Ctrl+C (running ones finish)')
    .requiredOption('--queue <redis-url>', 'the Redis of the fleet: redis://[user:password@]host[:port][/db], or rediss:// for TLS')
    .option('--concurrency <n>', 'bundles analysed at once by this process (default 1; run one worker per core to use them all)')
    .action(async (opts: { queue: string; concurrency?: string }) => {
      result.code = await (await import('./worker-command.js')).runWorker(opts);
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
  // `logscan ... | head` closes the pipe early: that ends the output, it is not an error.
  guardStdout();
  try {
    await program(result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    // Messages can name members of the bundle: shown with their control characters escaped, on one line.
    if (error instanceof UsageError || error instanceof BundleError || error instanceof NothingReadableError) {
      process.stderr.write(`logscan: ${terminalLine(error.message)}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`logscan: ${terminalLine(message.split('\n')[0] ?? '')}\n`);
    return 2;
  }
}
