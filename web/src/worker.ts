// The analysis worker: a dropped file -> browser ingest -> the engine's analyze() -> the report, with
// progress on the way. A JSON report written by the CLI is handed back as it is.
import { analyze } from '../../src/analyze.js';
import type { OpenRequest, WorkerMessage } from './protocol.js';
import { openBlob } from './ingest/index.js';
import { readReportFile } from './report-json.js';
import { EventCollector, transferables } from './timeline/events.js';

/** The parts of the worker's global scope used here (the page's DOM types are what the web build checks). */
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<OpenRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const PROGRESS_EVERY_MS = 100;

async function run(file: File): Promise<void> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const json = await readReportFile(file);
  if (json) {
    scope.postMessage({ type: 'report', report: json, from: 'json', ms: ms() });
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
  const bundle = await openBlob(file, file.name, {
    onBytesRead: (n) => {
      read += n;
      progress();
    },
  });
  const events = new EventCollector();
  const report = await analyze(bundle, {
    onEvent: (event) => events.add(event),
    onEntry: () => {
      entries++;
      progress();
    },
  });
  read = file.size;
  progress(true);
  const table = events.table();
  scope.postMessage({ type: 'report', report, from: 'analysis', ms: ms(), events: table }, transferables(table));
}

scope.onmessage = (event) => {
  if (event.data?.type !== 'open') return;
  run(event.data.file).catch((error: unknown) => {
    // BundleError and NothingReadableError carry the CLI's one-line messages.
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ type: 'error', message: message.split('\n')[0] ?? 'analysis failed' });
  });
};
