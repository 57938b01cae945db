// What every hostile run must show, as lists of failures (empty: it passed), so that the suite (vitest) and the
// fuzzer (scripts/fuzz.ts) judge a run the same way.
import type { Report } from '../../../src/model.js';
import { MEMORY_LIMIT_MB, describeRun, type CliRun } from './cli.js';

/** Signs of a crash on stderr: a stack frame, Node's internals, an unhandled event, V8's fatal errors, a JS error type. */
const CRASH = [
  /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)\s*$/m,
  /\bnode:internal\//,
  /Unhandled '?\w*'? ?(?:event|rejection)/i,
  /FATAL ERROR|Allocation failed|heap out of memory/i,
  /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|AssertionError)\b/,
  /Maximum call stack size exceeded/,
  /Segmentation fault|Aborted \(core dumped\)/,
];

/** The crash sign stderr shows, if any. */
export function crashSign(stderr: string): string | undefined {
  for (const re of CRASH) {
    const m = re.exec(stderr);
    if (m) return m[0].trim().slice(0, 200);
  }
  return undefined;
}

/** Exit 0, 1 or 2 by itself, within `budgetMs`, under the memory limit, no stack trace. */
export function cleanRun(run: CliRun, budgetMs: number, memoryMb = MEMORY_LIMIT_MB): string[] {
  const failures: string[] = [];
  const what = describeRun(run);
  if (run.timedOut) failures.push(`hang: ${what}`);
  else if (run.killedForMemory) failures.push(`memory runaway: ${what}`);
  else if (run.signal) failures.push(`killed by ${run.signal}: ${what}`);
  else if (run.code === null || ![0, 1, 2].includes(run.code)) failures.push(`exit code ${run.code}: ${what}`);
  const sign = crashSign(run.stderr);
  if (sign) failures.push(`stack trace or crash on stderr (${JSON.stringify(sign)}): ${what}`);
  if (!run.timedOut && run.ms > budgetMs) failures.push(`over its time budget (${run.ms} ms > ${budgetMs} ms): ${what}`);
  if (run.peakRssMb > memoryMb) failures.push(`over ${memoryMb} MB (peak ${run.peakRssMb} MB): ${what}`);
  return failures;
}

/** The JSON report on stdout, or a failure. */
export function reportOf(run: CliRun): Report | string {
  if (run.code === 2) return `exit 2 (no report): ${JSON.stringify(run.stderr.trim().slice(0, 300))}`;
  try {
    return JSON.parse(run.stdout.toString('utf8')) as Report;
  } catch (e) {
    return `stdout is not a JSON report (${(e as Error).message}; ${run.stdoutBytes} bytes)`;
  }
}

const matches = (pattern: string | RegExp, text: string): boolean => (typeof pattern === 'string' ? text === pattern || text.endsWith('/' + pattern) || text.includes(pattern) : pattern.test(text));

/** Each pattern names the path of at least one problem (or a problem's message names it). */
export function damageListed(report: Report, patterns: (string | RegExp)[]): string[] {
  const failures: string[] = [];
  for (const p of patterns) {
    if (!report.problems.some((pr) => matches(p, pr.path) || matches(p, pr.message))) {
      failures.push(`no problem names ${String(p)}; problems: ${JSON.stringify(report.problems.slice(0, 8)).slice(0, 600)}`);
    }
  }
  return failures;
}

/** Each source is read (listed in sources) with at least `events` events. */
export function sourcesRead(report: Report, wanted: { path: string | RegExp; events?: number; parser?: string }[]): string[] {
  const failures: string[] = [];
  for (const w of wanted) {
    const s = report.sources.find((src) => matches(w.path, src.path));
    if (!s) failures.push(`${String(w.path)} is not among the sources read: ${report.sources.map((x) => x.path).join(', ').slice(0, 400)}`);
    else {
      if (w.events !== undefined && s.events < w.events) failures.push(`${s.path}: ${s.events} events, expected at least ${w.events}`);
      if (w.parser !== undefined && s.parser !== w.parser) failures.push(`${s.path}: read by ${s.parser}, expected ${w.parser}`);
    }
  }
  return failures;
}

/** Every path a report names: sources, problems, skipped files, evidence. */
export function reportPaths(report: Report): string[] {
  return [
    ...report.sources.map((s) => s.path),
    ...report.problems.map((p) => p.path),
    ...((report as { skipped?: { path: string }[] }).skipped ?? []).map((s) => s.path),
    ...report.findings.flatMap((f) => f.evidence.map((e) => e.path)),
  ];
}

/** A bundle path that stays inside the bundle: relative, `/`-separated, no `..` or `.` segment, no drive. */
export function insideBundle(path: string, bundleName?: string): boolean {
  if (bundleName !== undefined && path === bundleName) return true;
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '..' && seg !== '.' && seg !== '');
}

export function pathsInside(report: Report): string[] {
  return reportPaths(report)
    .filter((p) => !insideBundle(p, report.bundle.name))
    .map((p) => `a path outside the bundle: ${JSON.stringify(p)}`);
}

/** None of `texts` (substrings) appears in `output`. */
export function absent(output: string, texts: string[], where: string): string[] {
  return texts.filter((t) => output.includes(t)).map((t) => `${where} contains ${JSON.stringify(t.slice(0, 60))}`);
}

/** C0 controls but tab and line feed, DEL, C1 controls. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/g;

function controls(text: string, re: RegExp, where: string): string[] {
  const found = new Map<string, string>();
  for (const m of text.matchAll(re)) {
    const code = `\\x${m[0].charCodeAt(0).toString(16).padStart(2, '0')}`;
    if (!found.has(code)) found.set(code, JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 30)));
  }
  return [...found].map(([code, ctx]) => `${where}: raw control character ${code} near ${ctx}`);
}

/** Text and Markdown outputs: no raw control character from the bundle. */
export function noControls(text: string, where: string): string[] {
  return controls(text, CONTROL, where);
}

/** RFC 4180 cells, quoted or not. */
export function csvCells(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"') {
        if (csv[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
      continue;
    }
    if (c === '"' && atStart) {
      quoted = true;
      atStart = false;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      atStart = true;
    } else if (c === '\n' || (c === '\r' && csv[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atStart = true;
    } else {
      cell += c;
      atStart = false;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** No CSV cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or CR first). */
export function noFormulaCells(csv: string, where: string): string[] {
  const failures: string[] = [];
  for (const row of csvCells(csv)) {
    for (const cell of row) {
      if (/^[=+\-@\t\r]/.test(cell)) failures.push(`${where}: formula cell ${JSON.stringify(cell.slice(0, 80))}`);
    }
  }
  return failures.slice(0, 20);
}

/** Markdown outside fenced blocks and code spans (the only places bundle text may stay as it is). */
export function markdownProse(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = undefined;
      continue;
    }
    if (m) {
      fence = m[1];
      continue;
    }
    if (/^( {4}|\t)/.test(line)) continue; // indented code block
    // Code spans: a run of N backticks up to the next run of exactly N.
    let prose = '';
    for (let i = 0; i < line.length; ) {
      if (line[i] === '`' && (i === 0 || line[i - 1] !== '\\')) {
        let n = 0;
        while (line[i + n] === '`') n++;
        const ticks = '`'.repeat(n);
        let close = -1;
        for (let j = line.indexOf(ticks, i + n); j !== -1; j = line.indexOf(ticks, j + 1)) {
          if (line[j + n] !== '`' && line[j - 1] !== '`') {
            close = j;
            break;
          }
        }
        if (close !== -1) {
          prose += ' ';
          i = close + n;
          continue;
        }
        prose += ticks;
        i += n;
        continue;
      }
      prose += line[i];
      i++;
    }
    out.push(prose);
  }
  return out.join('\n');
}

/**
 * Markdown links, images, autolinks and raw HTML tags that a renderer would make live, outside code. Links are
 * judged by their target (script schemes, the payloads' evil.example), so the report's own links pass.
 */
const LIVE_MARKDOWN = [
  { what: 'a link', re: /(?<!\\)\[[^\]\n]*(?<!\\)\]\(\s*(?:(?:javascript|vbscript|data):|[^)\s]*evil\.example)/i },
  { what: 'an image', re: /(?<!\\)!(?<!\\)\[[^\]\n]*(?<!\\)\]\(/ },
  { what: 'an autolink', re: /(?<!\\)<(?:javascript:|[a-z]+:\/\/[^>\s]*evil\.example)[^>\s]*>/i },
  { what: 'raw HTML', re: /(?<!\\)<\/?(?:img|script|a|iframe|svg|b|style|object|embed)\b[^>]*>/i },
];

export function noLiveMarkdown(md: string, where: string): string[] {
  const prose = markdownProse(md);
  const failures: string[] = [];
  for (const { what, re } of LIVE_MARKDOWN) {
    const m = re.exec(prose);
    if (m) failures.push(`${where}: ${what} outside code: ${JSON.stringify(prose.slice(Math.max(0, m.index - 40), m.index + 60))}`);
  }
  return failures;
}

/**
 * The HTML page: bundle values live only inside its embedded JSON (`<script type="application/json">`), which must
 * not close early; outside it, no markup from the bundle.
 */
export function htmlContained(html: string, markers: string[], where: string): string[] {
  const failures: string[] = [];
  // The README's promise: one file under 5 MB to attach to a ticket, whatever the bundle.
  if (html.length > 5 * 1024 * 1024) failures.push(`${where}: ${html.length} characters, over the documented 5 MB`);
  const outside = html.replace(/<script\b[^>]*type="application\/json"[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  for (const m of markers) if (outside.includes(m)) failures.push(`${where}: ${JSON.stringify(m)} outside the embedded JSON`);
  for (const block of html.matchAll(/<script\b[^>]*type="application\/json"[^>]*>([\s\S]*?)<\/script>/gi)) {
    try {
      JSON.parse(block[1]!);
    } catch (e) {
      failures.push(`${where}: an embedded JSON block does not parse (closed early?): ${(e as Error).message}`);
    }
  }
  return failures;
}
