// Reading the command line's values: sizes, the time zone, the terminal's width, `--evidence`, the format `-o`
// implies, and writing the output file. Every mistake is a UsageError: one line that names the value and what to do.
import { accessSync, closeSync, constants, existsSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { IngestOptions } from '../ingest/index.js';
import { timeZone } from '../time/zone.js';
import type { EvidenceLimit } from '../report/evidence-excerpt.js';
import { DEFAULT_WIDTH, MIN_WIDTH } from '../report/text-width.js';

export class UsageError extends Error {}

export interface CommonOptions {
  tz?: string;
  jobs?: string;
  maxExpandedBytes?: string;
  maxRatio?: string;
  maxDepth?: string;
  progress?: boolean;
}

export function ingestOptions(opts: CommonOptions, onBytesRead?: (n: number) => void): IngestOptions {
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = parseSize(v);
    if (n === undefined || n <= 0) throw new UsageError(`${name} ${v}: expected a positive number (suffixes K, M, G allowed)`);
    return n;
  };
  const maxExpandedBytes = num('--max-expanded-bytes', opts.maxExpandedBytes);
  const maxRatio = num('--max-ratio', opts.maxRatio);
  if (opts.maxDepth !== undefined && !/^\d{1,3}$/.test(opts.maxDepth.trim())) throw new UsageError(`--max-depth ${opts.maxDepth}: expected a number of nested archive levels (0 opens none)`);
  const maxDepth = opts.maxDepth === undefined ? undefined : Number(opts.maxDepth.trim());
  return {
    ...(maxExpandedBytes ? { maxExpandedBytes } : {}),
    ...(maxRatio ? { maxRatio } : {}),
    ...(maxDepth !== undefined ? { maxDepth } : {}),
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

export function tzOption(spec: string | undefined) {
  try {
    return timeZone(spec);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--evidence N|all`. */
export function evidenceOption(spec: string | undefined): EvidenceLimit | undefined {
  if (spec === undefined) return undefined;
  if (spec === 'all') return 'all';
  const n = Number(spec);
  if (!/^\d+$/.test(spec) || !Number.isSafeInteger(n)) throw new UsageError(`--evidence ${spec}: expected a number of excerpts per finding (e.g. 5) or all`);
  return n;
}

const MAX_WIDTH = 1000;

/**
 * Columns the text report may use: `--width`, else `COLUMNS` (as `ls` reads it), else the terminal's width when
 * the report goes to one, else 80.
 */
export function reportWidth(spec: string | undefined, env: NodeJS.ProcessEnv, terminalColumns: number | undefined): number {
  if (spec !== undefined) {
    const n = Number(spec);
    if (!/^\d+$/.test(spec) || n < MIN_WIDTH || n > MAX_WIDTH) throw new UsageError(`--width ${spec}: expected a number of columns from ${MIN_WIDTH} to ${MAX_WIDTH}`);
    return n;
  }
  const columns = Number(env.COLUMNS);
  if (env.COLUMNS && Number.isInteger(columns) && columns > 0) return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, columns));
  if (terminalColumns !== undefined && terminalColumns > 0) return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, terminalColumns));
  return DEFAULT_WIDTH;
}

/**
 * The format of a report or a timeline: `--format` when given, else the one `-o`'s extension names, else `fallback`.
 * A `--format` that contradicts the extension is a mistake, not a choice: `-o r.html --format json` is refused.
 */
export function outputFormat(explicit: string | undefined, output: string | undefined, byExtension: Record<string, string>, fallback: string): string {
  const implied = output === undefined ? undefined : byExtension[extname(output).toLowerCase()];
  if (explicit !== undefined && implied !== undefined && explicit !== implied) {
    const ext = extensionOf(explicit, byExtension);
    throw new UsageError(`-o ${output} names ${FORMAT_NAMES[implied] ?? implied} file but --format is ${explicit}: drop --format${ext ? `, or name the file .${ext}` : ''}`);
  }
  return explicit ?? implied ?? fallback;
}

const FORMAT_NAMES: Record<string, string> = { json: 'a JSON', markdown: 'a Markdown', html: 'an HTML', text: 'a text', jsonl: 'a JSONL', csv: 'a CSV' };

function extensionOf(format: string, byExtension: Record<string, string>): string | undefined {
  return Object.keys(byExtension).find((ext) => byExtension[ext] === format)?.slice(1);
}

export const REPORT_EXTENSIONS: Record<string, string> = { '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html', '.txt': 'text' };
export const TIMELINE_EXTENSIONS: Record<string, string> = { '.jsonl': 'jsonl', '.csv': 'csv' };

/** A bundle path that does not exist: said at once, with what logscan reads. */
export function checkBundlePath(bundlePath: string): void {
  if (bundlePath !== '-' && !existsSync(bundlePath)) {
    throw new UsageError(`${bundlePath}: no such file or folder; give a .tgz, .tar.gz, .tar or .zip bundle, a folder, a log file, or - for stdin`);
  }
}

/** Before the analysis: an output file that cannot be written is reported at once, not after minutes of reading. */
export function checkOutputPath(path: string): void {
  const folder = dirname(resolve(path));
  let st;
  try {
    st = statSync(folder);
  } catch {
    throw new UsageError(`-o ${path}: the folder ${folder} does not exist; create it or write the report elsewhere`);
  }
  if (!st.isDirectory()) throw new UsageError(`-o ${path}: ${folder} is not a folder; write the report elsewhere`);
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`-o ${path}: is a folder; give a file name (e.g. ${path.replace(/\/+$/, '')}/report.json)`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  probeWritable(path);
}

/**
 * Finds out whether `path` can be written without changing it: an existing file is opened for appending (nothing is
 * written), a new one is created and removed again. Unlike a permission check this also holds for root, read-only
 * mounts and folders no file can be made in (/proc). A FIFO or device is only checked for permission: opening a FIFO
 * would wait for its reader.
 */
function probeWritable(path: string): void {
  try {
    let existed = true;
    try {
      if (!statSync(path).isFile()) {
        accessSync(path, constants.W_OK);
        return;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      existed = false;
    }
    closeSync(openSync(path, existed ? 'a' : 'wx'));
    if (!existed) rmSync(path, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A dangling symbolic link: the write follows it, and says so if it fails.
    if (code === 'EEXIST') return;
    // The folder is there (checkOutputPath saw it), but it takes no new file: /proc, /sys.
    if (code === 'ENOENT') throw new UsageError(`-o ${path}: no file can be created in ${dirname(resolve(path))}; write the report elsewhere`);
    throw new UsageError(`-o ${path}: ${describeWriteError(error)}`);
  }
}

/** Writes the output file; a failure is one line naming the file. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`-o ${path}: ${describeWriteError(error)}`);
  }
}

/** What went wrong writing a file, and what to do about it. */
export function describeWriteError(error: unknown): string {
  switch ((error as { code?: string }).code) {
    case 'ENOENT':
      return 'its folder does not exist; create it or write the report elsewhere';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'cannot be written (permission denied); choose a folder you can write to';
    case 'EISDIR':
      return 'is a folder; give a file name';
    case 'ENOSPC':
      return 'the disk is full; free space or write the report elsewhere';
    default:
      return `cannot be written: ${(error as Error).message.split('\n')[0]}`;
  }
}
