// A fuzz worker process (started by scripts/fuzz/pool.ts with `node --import tsx`). Its main thread takes inputs
// from the parent and hands them to an engine thread (engine-thread.ts), one at a time, and answers with what each
// showed, its time and the process's peak resident memory while it ran (the kernel's high-water mark, reset before
// each input). The engine runs in a thread so that a hang can be looked at: past the time limit, this thread pauses
// the engine through the inspector and reports where it was (the stack of the hang); the parent then kills the
// process. A thread that runs out of its heap is a memory failure; one that dies otherwise, a crash.
import inspector from 'node:inspector';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromThread } from './engine-thread.js';
import { errorInfo, type FromWorker, type ToWorker } from './types.js';

const TIMEOUT_MS = Number(process.env.LOGSCAN_FUZZ_TIMEOUT_MS ?? 5000);
const HEAP_MB = Number(process.env.LOGSCAN_FUZZ_HEAP_MB ?? 1024);
const RUN_TMP = process.env.LOGSCAN_FUZZ_TMP ?? '/tmp';
const BOOT = new URL('./engine-thread.mjs', import.meta.url);

function send(msg: FromWorker): void {
  process.send?.(msg);
}

function memory(): { rssKb: number; hwmKb: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    return { rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0), hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) };
  } catch {
    return { rssKb: Math.round(process.memoryUsage.rss() / 1024), hwmKb: Math.round(process.resourceUsage().maxRSS) };
  }
}
const mb = (kb: number): number => Math.round(kb / 102.4) / 10;

/** Resets the high-water mark to the current resident set (Linux). */
function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: the peak is the process's since it started
  }
}

// ── The inspector: attached to the engine thread, to pause it where it hangs ────────────────────────────────────
const session = new inspector.Session();
session.connect();
const attached = new Map<number, string>();
let replies = 0;
let onPaused: ((frames: { functionName: string; url: string; location: { scriptId: string; lineNumber: number; columnNumber: number } }[]) => void) | undefined;
/** Script URLs by id (the paused frames name scripts by id). */
const scripts = new Map<string, string>();
session.on('NodeWorker.attachedToWorker', (m) => {
  const p = m.params as { sessionId: string; workerInfo: { workerId: string } };
  attached.set(Number(p.workerInfo.workerId), p.sessionId);
});
session.on('NodeWorker.receivedMessageFromWorker', (m) => {
  const msg = JSON.parse((m.params as { message: string }).message) as { method?: string; params?: { callFrames?: never[]; scriptId?: string; url?: string } };
  if (msg.method === 'Debugger.scriptParsed' && msg.params?.scriptId && msg.params.url) scripts.set(msg.params.scriptId, msg.params.url);
  if (msg.method === 'Debugger.paused' && msg.params?.callFrames) onPaused?.(msg.params.callFrames);
});
session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });

/** Where the engine thread is: its stack, paused through the inspector (undefined if it does not answer in time). */
function stackOf(thread: Worker): Promise<string | undefined> {
  const sessionId = attached.get(thread.threadId);
  if (!sessionId) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 3000);
    onPaused = (frames) => {
      clearTimeout(timer);
      const where = (f: (typeof frames)[number]): string => (f.url || scripts.get(f.location.scriptId) || `script ${f.location.scriptId}`).replace(/^file:\/\//, '');
      resolve(frames.map((f) => `    at ${f.functionName || '<anonymous>'} (${where(f)}:${f.location.lineNumber + 1}:${f.location.columnNumber + 1})`).join('\n'));
    };
    for (const method of ['Debugger.enable', 'Debugger.pause']) {
      const id = ++replies;
      session.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method }) });
    }
  });
}

// ── The engine thread ─────────────────────────────────────────────────────────────────────────────────────────
let thread: Worker | undefined;
let threadReady: Promise<Worker> | undefined;
let last: number | undefined;

function startThread(): Promise<Worker> {
  const t = new Worker(BOOT, {
    workerData: { tmp: mkdtempSync(join(RUN_TMP, 'w-')) },
    // The CLI's main thread has about 1 MB of stack: deep recursion fails here where it fails there.
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, stackSizeMb: 1 },
  });
  thread = t;
  return new Promise((resolve, reject) => {
    t.once('message', (m: FromThread) => (m.type === 'ready' ? resolve(t) : reject(new Error(`engine thread: ${JSON.stringify(m)}`))));
    t.once('error', reject);
  });
}

process.on('message', (msg: ToWorker) => {
  if (msg.type !== 'run') return;
  void run(msg.input);
});

async function run(input: ToWorker['input']): Promise<void> {
  if (!thread || !threadReady) threadReady = startThread();
  const t = await threadReady;
  input.bytes = new Uint8Array(input.bytes);
  resetPeak();
  const startRssMb = mb(memory().rssKb);
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const measured = (): { ms: number; peakRssMb: number; startRssMb: number } => ({ ms: ms(), peakRssMb: mb(memory().hwmKb), startRssMb });
  let settled = false;
  const end = (): void => {
    settled = true;
    clearTimeout(timer);
    t.off('message', onMessage);
    t.off('error', onError);
    t.off('exit', onExit);
  };
  const lost = (): void => {
    thread = undefined;
    threadReady = undefined;
  };
  const onMessage = (m: FromThread): void => {
    if (m.type === 'done' && m.n === input.n) {
      end();
      last = input.n;
      send({ type: 'done', n: input.n, outcome: m.outcome, ...measured() });
    } else if (m.type === 'fatal') {
      // The thread exits next; the failure belongs to this input, or to the one before when it came late.
      if (m.n !== undefined && m.n !== input.n) send({ type: 'fatal', n: m.n, error: m.error });
      else {
        end();
        lost();
        send({ type: 'done', n: input.n, outcome: { crash: m.error, invariant: [], masked: [], events: 0, problems: 0 }, ...measured() });
      }
    }
  };
  const onError = (e: Error & { code?: string }): void => {
    end();
    lost();
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') send({ type: 'memory', n: input.n, detail: `the engine ran out of its ${HEAP_MB} MB heap: ${e.message}`, ...measured() });
    else send({ type: 'done', n: input.n, outcome: { crash: errorInfo(e), invariant: [], masked: [], events: 0, problems: 0 }, ...measured() });
  };
  const onExit = (code: number): void => {
    if (settled) return;
    end();
    lost();
    send({ type: 'done', n: input.n, outcome: { crash: { name: 'ThreadExit', message: `the engine thread exited (code ${code})`, stack: '' }, invariant: [], masked: [], events: 0, problems: 0 }, ...measured() });
  };
  const timer = setTimeout(() => {
    if (settled) return;
    end();
    void stackOf(t).then((stack) => send({ type: 'hang', n: input.n, stack: stack ?? '(the engine thread did not pause)', ...measured() }));
  }, TIMEOUT_MS);
  t.on('message', onMessage);
  t.on('error', onError);
  t.on('exit', onExit);
  t.postMessage({ input });
}

process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (e) => {
  send({ type: 'fatal', n: last, error: errorInfo(e) });
  process.exit(70);
});
threadReady = startThread();
void threadReady.then(
  () => send({ type: 'ready', rssMb: mb(memory().rssKb) }),
  (e: unknown) => {
    process.stderr.write(`the engine thread did not start: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(71);
  },
);
