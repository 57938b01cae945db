// `logscan diff <before> <after>`: did the fix work? Both bundles analysed as `logscan <bundle>` would, then the
// findings resolved, new and persisting (src/diff/). Exit 1 when a new or persisting finding is at or above --fail-on.
import { TOOL_VERSION } from '../analyze.js';
import { analyzeOneBundle, type PassHooks } from './fleet/analyze-one.js';
import type { Report } from '../model.js';
import { diffExitCode, diffReports, type FailOn } from '../diff/diff-reports.js';
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from '../diff/render-diff.js';
import { checkBundlePath, checkOutputPath, ingestOptions, outputFormat, tzOption, UsageError, writeOutput, type CommonOptions } from './options.js';
import { progress } from './progress.js';
import { exitCodeIfStdoutCloses } from './stdout.js';

export const DIFF_FAIL_ON = ['critical', 'error', 'warning', 'info', 'never'] as const;
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
const DIFF_EXTENSIONS: Record<string, string> = { '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text' };

export interface DiffOptions extends CommonOptions {
  format?: string;
  output?: string;
  /** Default `error`. */
  failOn?: string;
}

/** One bundle as `logscan <bundle>` reads it (one thread), with the progress line on a terminal. */
const analyseBundle = (path: string, opts: DiffOptions): Promise<Report> =>
  analyzeOneBundle(path, {
    ...(opts.tz !== undefined ? { tz: opts.tz } : {}),
    ...ingestOptions(opts),
    pass: (): PassHooks => {
      const bar = opts.progress === false ? undefined : progress(path);
      return bar ? { onBytesRead: bar.bytes, onEntry: bar.entry, end: bar.stop } : {};
    },
  });

function failOnOption(spec: string | undefined): FailOn {
  const value = spec ?? 'error';
  if (!(DIFF_FAIL_ON as readonly string[]).includes(value)) throw new UsageError(`--fail-on ${value}: expected one of ${DIFF_FAIL_ON.join(', ')}`);
  return value as FailOn;
}

/**
 * Runs the command; resolves to its exit code (0, or 1 when a new or persisting finding is at or above --fail-on).
 * A usage error or a bundle that cannot be read rejects with a UsageError naming which bundle: the CLI makes it one
 * line on stderr and exit 2.
 */
export async function runDiff(
  beforePath: string,
  afterPath: string,
  opts: DiffOptions = {},
  io: { write(text: string): void } = { write: (text) => void process.stdout.write(text) },
): Promise<number> {
  const format = outputFormat(opts.format, opts.output, DIFF_EXTENSIONS, 'text');
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: expected one of ${DIFF_FORMATS.join(', ')}`);
  const failOn = failOnOption(opts.failOn);
  tzOption(opts.tz);
  ingestOptions(opts);
  if (beforePath === '-' && afterPath === '-') throw new UsageError('diff: only one of the two bundles can be read from stdin (-)');
  checkBundlePath(beforePath);
  checkBundlePath(afterPath);
  if (opts.output !== undefined) checkOutputPath(opts.output);

  const read = async (label: string, path: string): Promise<Report> => {
    try {
      return await analyseBundle(path, opts);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new UsageError(`${label} bundle ${path}: ${message.split('\n')[0] ?? ''}`);
    }
  };
  const before = await read('before', beforePath);
  const after = await read('after', afterPath);
  const diff = diffReports(before, after);
  const render = { failOn, version: TOOL_VERSION };
  const text = format === 'json' ? renderDiffJson(diff, render) : format === 'markdown' ? renderDiffMarkdown(diff, render) : renderDiffText(diff, render);
  const code = diffExitCode(diff, failOn);
  if (opts.output !== undefined) writeOutput(opts.output, text);
  else {
    exitCodeIfStdoutCloses(code);
    io.write(text);
  }
  return code;
}
