// The analysis worker: a dropped file -> browser ingest -> the engine's analyze() -> the report, with
// progress on the way. A JSON report written by the CLI is handed back as it is.
import { analyze, settleBundleYears } from '../../src/analyze.js';
import { renderRecordXml } from '../../src/parsers/evtx/index.js';
import { Redactor, redactorFor, redactReport } from '../../src/report/redact.js';
import type { YearShifts } from '../../src/time/bundle-year.js';
import { splitLines } from '../../src/text/lines.js';
import type { ViewRequest, ViewResult, WorkerMessage, WorkerRequest } from './protocol.js';
import { openBlob } from './ingest/index.js';
import { readReportFile } from './report-json.js';
import { EventCollector, transferables } from './timeline/events.js';

/** The parts of the worker's global scope used here (the page's DOM types are what the web build checks). */
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const PROGRESS_EVERY_MS = 100;

async function run(file: File): Promise<void> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const json = await readReportFile(file);
  if (json) {
    // Redacted again: a report from an older logscan may hold secrets it did not know; new tokens go on from its own.
    const redactor = Redactor.continuing(json);
    const report = redactReport(json, redactor);
    scope.postMessage({ type: 'report', report, from: 'json', ms: ms(), redaction: redactor.state() });
    return;
  }
  let read = 0;
  let entries = 0;
  let last = 0;
  const progress = (force = false): void => {
    const now = performance.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    scope.postMessage({ type: 'progress', read, total: file.size, entries });
  };
  let events = new EventCollector();
  // The dropped File can be read again: a second pass when the bundle shows a syslog file took a wrong year.
  const pass = async (yearShifts?: YearShifts) => {
    read = 0;
    entries = 0;
    events = new EventCollector();
    const bundle = await openBlob(file, file.name, {
      onBytesRead: (n) => {
        read += n;
        progress();
      },
    });
    return analyze(bundle, {
      ...(yearShifts ? { yearShifts } : {}),
      onEvent: (event) => events.add(event),
      // Once the table drops info lines, routine ones are counted from their bytes, never made (as in the CLI).
      countRoutine: () => events.dropsInfo(),
      onCounted: (time) => events.addCounted(time),
      onEntry: () => {
        entries++;
        progress();
      },
    });
  };
  const report = await settleBundleYears(pass, true);
  read = file.size;
  progress(true);
  // The report's redactor: the table and the file view give a secret the token its evidence shows.
  const redactor = redactorFor(report) ?? Redactor.continuing(report);
  const table = events.table(redactor);
  scope.postMessage({ type: 'report', report, from: 'analysis', ms: ms(), events: table, redaction: redactor.state() }, transferables(table));
}

/** Lines shown either side of an evidence line. */
const CONTEXT_LINES = 15;
/**
 * Lines read above the shown ones and redacted with them, so that a secret spread over lines that starts above the
 * view (a private key's BEGIN line, a protectedSettings object's key) is still seen whole.
 */
const REDACT_ABOVE = 200;
/** An EVTX entry is read whole to render one record; a bigger one is not. */
const MAX_EVTX_BYTES = 256 * 1024 * 1024;

/** Stops splitLines once the last line wanted has been seen. */
class Enough extends Error {}

/** Re-opens the dropped bundle, streams to the entry `path` and reads only what the view needs. */
async function view(req: ViewRequest): Promise<ViewResult> {
  const redactor = new Redactor(req.redaction);
  const bundle = await openBlob(req.file, req.file.name);
  for await (const entry of bundle.entries) {
    if (entry.path !== req.path) continue;
    if (req.record !== undefined && (req.line === undefined || req.line <= 0)) {
      const parts: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of entry.bytes) {
        size += chunk.length;
        if (size > MAX_EVTX_BYTES) throw new Error(`${req.path} is too large to show one record`);
        parts.push(chunk);
      }
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      const xml = renderRecordXml(bytes, req.record, { indent: '  ' });
      if (xml === undefined) throw new Error(`record ${req.record} not found in ${req.path}`);
      return { type: 'view', kind: 'xml', path: req.path, record: req.record, xml: redactor.text(xml, req.path), redaction: redactor.state() };
    }
    const line = req.line ?? 1;
    const first = Math.max(1, line - CONTEXT_LINES);
    const last = line + CONTEXT_LINES;
    const from = Math.max(1, first - REDACT_ABOVE);
    const read: string[] = [];
    try {
      await splitLines(entry.bytes, {
        line: (text, n) => {
          if (n >= from) read.push(text);
          if (n >= last) throw new Enough();
        },
      });
    } catch (e) {
      if (!(e instanceof Enough)) throw e;
    }
    // The block as a whole, not line by line: a private key or a protectedSettings object over lines is one secret.
    // Its replacement keeps the line breaks, so every line keeps its number.
    if (read.length <= first - from) throw new Error(`${req.path} has no line ${line}`);
    const lines = redactor.text(read.join('\n'), req.path, { keepLines: true }).split('\n').slice(first - from);
    return { type: 'view', kind: 'lines', path: req.path, line, first, lines, redaction: redactor.state() };
  }
  throw new Error(`${req.path} not found in ${req.file.name}`);
}

scope.onmessage = (event) => {
  if (event.data?.type === 'view') {
    view(event.data)
      .then((result) => scope.postMessage(result))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        scope.postMessage({ type: 'error', message: message.split('\n')[0] ?? 'cannot read the file' });
      });
    return;
  }
  if (event.data?.type !== 'open') return;
  run(event.data.file).catch((error: unknown) => {
    // BundleError and NothingReadableError carry the CLI's one-line messages.
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ type: 'error', message: message.split('\n')[0] ?? 'analysis failed' });
  });
};
