// Runs one fuzz input in process, the way the CLI and the viewer run a bundle: an entry through the engine
// (analyze, with every parser or with the target's alone → detectors → report, settled for years as the CLI settles
// them) or through its parser directly (the entry reader's parseEntry, whatever the bytes look like), or a whole
// bundle through the CLI's ingest (src/ingest, from a file or as stdin) or the browser's (web/src/ingest, on a File);
// then every renderer a report goes through (JSON, text, Markdown, the timeline's JSONL and CSV lines) and, for an
// EVTX file, the viewer's XML of its records. Only "cannot be read at all" (BundleError) and "nothing to analyse"
// (NothingReadableError) may end a run early; any other exception is a crash.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyze, NothingReadableError, settleBundleYears } from '../../src/analyze.js';
import type { YearShifts } from '../../src/time/bundle-year.js';
import { BundleError, openBundle } from '../../src/ingest/index.js';
import type { Entry, LogEvent, Report } from '../../src/model.js';
import { renderRecordXml } from '../../src/parsers/evtx/index.js';
import { parsers } from '../../src/parsers/index.js';
import type { AnyParser, ParseContext } from '../../src/parsers/types.js';
import { parseEntry, type OpenedEntry } from '../../src/entry-reader.js';
import { ASSUME_UTC } from '../../src/time/zone.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { timelineCsv, timelineJsonl } from '../../src/report/timeline-lines.js';
import { pathsInside } from '../../test/hostile/harness/checks.js';
import { openBlob } from '../../web/src/ingest/index.js';
import type { ArchiveInput, EntryInput, FuzzInput, Outcome } from './types.js';

/** A problem message that is a JavaScript runtime error the engine caught: a bug it hid, not a reading of the input. */
const RUNTIME_ERROR =
  /\b(?:TypeError|RangeError|ReferenceError)\b|Cannot read propert|Cannot set propert|Cannot destructure|is not a function|is not iterable|is not defined|Maximum call stack|Invalid array length|Invalid string length|Invalid typed array length|outside the bounds of the DataView|undefined is not|null is not/;

/** Entries keep a fixed modification time: the same input gives the same report. */
const MTIME = new Date('2024-05-02T12:00:00Z');

/** Events kept per run for the timeline renderers. */
const KEEP_EVENTS = 300;


async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  if (sizes.length === 0) {
    yield bytes;
    return;
  }
  let at = 0;
  for (const n of sizes) {
    if (at >= bytes.length) break;
    yield bytes.subarray(at, at + n);
    at += n;
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

function outcomeOf(report: Report, events: LogEvent[], extra: { invariant?: string[] } = {}): Outcome {
  const masked = report.problems.filter((p) => RUNTIME_ERROR.test(p.message)).map((p) => `${p.path}: ${p.message}`);
  // A path the ingest already named is not counted again where the report names it.
  const named = new Set((extra.invariant ?? []).map((v) => v.slice(v.indexOf(': ') + 2)));
  const inReport = pathsInside(report).filter((v) => !named.has(v.slice(v.indexOf(': ') + 2)));
  return { invariant: [...(extra.invariant ?? []), ...inReport], masked, events: events.length, problems: report.problems.length };
}

/**
 * Every renderer a report goes through (the text report at one of a few widths, with or without colour, by the
 * input's index). Their output is not judged here (the hostile suite does), only that they end.
 */
function renderAll(report: Report, events: LogEvent[], index: number): void {
  renderJson(report);
  renderText(report, { color: index % 2 === 1, width: [100, 40, 80, 160][index % 4]!, ...(index % 3 === 0 ? { evidence: 'all' as const } : {}) });
  renderMarkdown(report, { evidence: 'all' });
  for (const e of events) {
    timelineJsonl(e);
    timelineCsv(e);
  }
}

/** Runs the analysis `pass` as the CLI does (a second pass when the years need it), or says why it refused. */
async function settled(pass: (yearShifts?: YearShifts) => Promise<Report>, canReadAgain: boolean): Promise<Report | { refused: string }> {
  try {
    return await settleBundleYears(pass, canReadAgain);
  } catch (e) {
    if (e instanceof NothingReadableError || e instanceof BundleError) return { refused: `${e.name}: ${e.message.slice(0, 200)}` };
    throw e;
  }
}

export interface ExecuteOptions {
  /** Run the renderers on the report (default true). */
  render?: boolean;
}

/** The entry reader with one parser, whatever the bytes: the parser itself on them (no routing, detectors or report). */
async function runDirect(parser: AnyParser, input: EntryInput): Promise<Outcome> {
  const iterator = chunked(input.bytes, input.chunks)[Symbol.asyncIterator]();
  const head = await iterator.next();
  const opened: OpenedEntry = {
    parser,
    first: head.done ? new Uint8Array(0) : head.value,
    rest: { [Symbol.asyncIterator]: () => iterator },
    skip: async () => void (await iterator.return?.(undefined)),
  };
  const problems: string[] = [];
  const records = new Set<number>();
  let events = 0;
  const ctx: ParseContext = {
    path: input.path,
    mtime: MTIME,
    tz: ASSUME_UTC,
    emit: (e) => {
      events++;
      if (typeof e.record === 'number' && records.size < 3) records.add(e.record);
    },
    fact: () => undefined,
    problem: (message) => void (problems.length < 1000 && problems.push(message)),
  };
  await parseEntry(opened, ctx);
  if (parser.kind === 'binary' && parser.id === 'evtx') for (const id of records) renderRecordXml(input.bytes, id);
  return { invariant: [], masked: problems.filter((m) => RUNTIME_ERROR.test(m)).map((m) => `${input.path}: ${m}`), events, problems: problems.length };
}

async function runEntry(input: EntryInput, opts: ExecuteOptions): Promise<Outcome> {
  const parser = parsers.find((p) => p.id === input.parserId);
  if (!parser) throw new Error(`no parser ${input.parserId}`);
  if (input.mode === 'direct') return runDirect(parser, input);
  const list = input.mode === 'narrowed' ? [parser] : parsers;
  let events: LogEvent[] = [];
  const pass = (yearShifts?: YearShifts): Promise<Report> => {
    events = [];
    const entry: Entry = { path: input.path, size: input.bytes.length, mtime: MTIME, bytes: chunked(input.bytes, input.chunks) };
    async function* entries(): AsyncGenerator<Entry> {
      yield entry;
    }
    return analyze(
      { name: 'fuzz.tgz', kind: 'tgz', sizeBytes: () => input.bytes.length, entries: entries(), problems: [] },
      { parsers: list, ...(yearShifts ? { yearShifts } : {}), onEvent: (e) => void (events.length < KEEP_EVENTS && events.push(e)) },
    );
  };
  const report = await settled(pass, true);
  if ('refused' in report) return { refused: report.refused, invariant: [], masked: [], events: 0, problems: 0 };
  // Every other input also runs as the CLI runs it: Node Buffers (the byte paths: headers, keyword checks, lines
  // counted without being decoded) and only the events the detectors are offered. Its report must be the same.
  const invariant = input.index % 2 === 1 ? await sameAsTheCli(input, list, report) : [];
  if (opts.render !== false) renderAll(report, events, input.index);
  // The viewer's file view renders an EVTX record's XML from the file's bytes.
  if (report.sources.some((s) => s.parser === 'evtx')) {
    const ids = [...new Set(events.map((e) => e.record).filter((r): r is number => typeof r === 'number'))].slice(0, 3);
    for (const id of ids) renderRecordXml(input.bytes, id);
    renderRecordXml(input.bytes, 0xffffffff);
  }
  return outcomeOf(report, events, { invariant });
}

/** The entry analysed from Node Buffers, keeping only offered events: a difference from `reference` is a broken invariant. */
async function sameAsTheCli(input: EntryInput, list: AnyParser[], reference: Report): Promise<string[]> {
  const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const pass = (yearShifts?: YearShifts): Promise<Report> => {
    const entry: Entry = { path: input.path, size: bytes.length, mtime: MTIME, bytes: chunked(bytes, input.chunks) };
    async function* entries(): AsyncGenerator<Entry> {
      yield entry;
    }
    return analyze(
      { name: 'fuzz.tgz', kind: 'tgz', sizeBytes: () => bytes.length, entries: entries(), problems: [] },
      { parsers: list, ...(yearShifts ? { yearShifts } : {}), events: 'offered', onEvent: () => undefined },
    );
  };
  const cli = await settled(pass, true);
  const a = JSON.stringify(reference);
  const b = JSON.stringify(cli);
  if (a === b) return [];
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return [`${input.path}: the CLI's byte paths give another report than the string paths, from character ${at}: ${JSON.stringify(a.slice(Math.max(0, at - 60), at + 60))} against ${JSON.stringify(b.slice(Math.max(0, at - 60), at + 60))}`];
}

/** A file name the file system takes, close to the one generated (its extension matters to the ingest). */
function safeName(name: string): string {
  const s = name.replace(/[\0/\\]/g, '_').slice(-200);
  return s === '' || s === '.' || s === '..' ? `_${s}` : s;
}

async function runArchive(input: ArchiveInput, tmp: string, opts: ExecuteOptions): Promise<Outcome> {
  let events: LogEvent[] = [];
  const keep = (e: LogEvent): void => void (events.length < KEEP_EVENTS && events.push(e));
  let report: Report | { refused: string };
  const invariant: string[] = [];
  /** Entry paths as the ingest names them (the report keeps only some). */
  const check = (path: string): void => {
    if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path) || path.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      if (invariant.length < 5) invariant.push(`the ingest names an entry outside the bundle: ${JSON.stringify(path)}`);
    }
  };
  async function* watched(entries: AsyncIterable<Entry>): AsyncGenerator<Entry> {
    for await (const e of entries) {
      check(e.path);
      yield e;
    }
  }
  if (input.ingest === 'web') {
    const name = input.name;
    report = await settled(async (yearShifts) => {
      events = [];
      const bundle = await openBlob(new File([new Uint8Array(input.bytes)], name, { lastModified: MTIME.getTime() }), name);
      return analyze({ ...bundle, entries: watched(bundle.entries) }, { ...(yearShifts ? { yearShifts } : {}), onEvent: keep });
    }, true);
  } else {
    let path = '-';
    if (input.via === 'file') {
      path = join(tmp, safeName(input.name));
      await writeFile(path, input.bytes);
    }
    report = await settled(async (yearShifts) => {
      events = [];
      const stdin = input.via === 'stdin' ? Readable.from(chunked(input.bytes, Array.from({ length: Math.ceil(input.bytes.length / 65536) }, () => 65536))) : undefined;
      const bundle = await openBundle(path, stdin ? { stdin } : {});
      return analyze(
        { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: watched(bundle.entries), problems: bundle.problems },
        { ...(yearShifts ? { yearShifts } : {}), onEvent: keep },
      );
    }, input.via === 'file');
  }
  if ('refused' in report) return { refused: report.refused, invariant, masked: [], events: 0, problems: 0 };
  if (opts.render !== false) renderAll(report, events, input.index);
  return outcomeOf(report, events, { invariant });
}

/** Runs `input`; an exception escaping is the caller's crash. */
export async function execute(input: FuzzInput, tmp: string, opts: ExecuteOptions = {}): Promise<Outcome> {
  return input.kind === 'entry' ? runEntry(input, opts) : runArchive(input, tmp, opts);
}
