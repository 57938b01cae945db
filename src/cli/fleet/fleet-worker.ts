// A fleet worker thread: analyses whole bundles one after another, each on this thread alone, exactly as
// `logscan <bundle>` does (analyzeOneBundle), and sends back its JSON report and digest. The engine's modules load
// once per worker, not once per bundle: that is most of what a small bundle costs. Node-only.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeOneBundle } from './analyze-one.js';
import { digestOf } from '../../fleet/digest.js';
import { renderJson } from '../../report/json.js';
import type { FleetWorkerSetup, FromFleetWorker, ToFleetWorker } from './fleet-worker-protocol.js';

const port = parentPort!;
const { read, wantJson } = workerData as FleetWorkerSetup;

// One bundle at a time: the pool sends the next ahead so this thread never waits for it, but analyses never interleave.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToFleetWorker) => {
  queue = queue.then(async () => port.postMessage(await analyse(message)));
});

async function analyse({ id, path }: ToFleetWorker): Promise<FromFleetWorker> {
  try {
    const report = await analyzeOneBundle(path, read);
    return { id, digest: digestOf(report), ...(wantJson ? { json: renderJson(report) } : {}) };
  } catch (error) {
    return { id, failure: failureText(error) };
  }
}

/** One line: a message can be long (a stack) or name a member of the bundle. */
function failureText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 500) || 'the analysis failed';
}
