// Issue 14's queue test: a real Redis, three workers in their own processes, `logscan fleet --queue` on a generated
// fleet of over 200 bundles, and one worker killed with SIGKILL while it holds a bundle. Every bundle must come back
// exactly once: its report in --out byte for byte the single-machine one (analyzeOneBundle + renderJson, what
// `logscan <bundle> -o r.json` writes), the killed worker's bundle picked up by another worker through BullMQ's
// stalled-job check, the summary counting each bundle once and listing the unreadable one with its reason.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/analyze.js';
import { analyzeOneBundle } from '../../src/cli/fleet/analyze-one.js';
import { Queue } from 'bullmq';
import { QUEUE_NAME, queueTarget } from '../../src/cli/fleet/queue-connection.js';
import { analyseOnQueue, eventsFromNow, type QueuedOutcome } from '../../src/cli/fleet/queue-gather.js';
import type { FleetSummary } from '../../src/fleet/summary.js';
import { JOB_NAME } from '../../src/cli/fleet/queue-jobs.js';
import { renderJson } from '../../src/report/json.js';
import { startRedisServer, stopProcess, type RedisServer } from '../helpers/redis-server.js';
import { generateFleet, type GeneratedFleet } from './generated-fleet.js';
import { BIN, requireBuild, ROOT, startedPaths, startWorkerProcess, type WorkerProcess } from './worker-processes.js';

/** Short lock and stalled-job check: the killed worker's bundle is back in the queue within about 6 s (a lock of 5 s
 * leaves room for a loaded machine: a live worker whose lock lapsed would lose its job to another). */
const FAST_RECOVERY = { LOGSCAN_QUEUE_LOCK_MS: '5000', LOGSCAN_QUEUE_STALLED_CHECK_MS: '1000' };

let redis: RedisServer;
let dir: string;
let fleet: GeneratedFleet;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'logscan-queue-'));
  [redis, fleet] = await Promise.all([startRedisServer(), generateFleet(join(dir, 'bundles'), 14, 20)]);
  for (const name of ['a', 'b', 'c']) workers.push(startWorkerProcess(name, ['--queue', redis.url, '--concurrency', '2'], FAST_RECOVERY));
  await Promise.all(workers.map((w) => w.line(/^logscan worker: taking jobs from /)));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => stopProcess(w.child)));
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('three workers, one killed mid-job', () => {
  it('gives every bundle exactly one report, the single-machine one, and a summary that counts each bundle once', async () => {
    expect(fleet.paths.length).toBeGreaterThanOrEqual(200);
    // The worker that takes the large bundle is killed as soon as it says so, while it reads it.
    const startsLarge = new RegExp(`^logscan worker: start \\S+ ${escape(fleet.large)}$`);
    const killed = Promise.any(workers.map(async (w) => (await w.line(startsLarge, 120_000), w))).then((w) => {
      w.child.kill('SIGKILL');
      return w;
    });
    const out = join(dir, 'reports');
    const summaryFile = join(dir, 'summary.json');
    const run = await runCli(['fleet', fleet.dir, '--queue', redis.url, '--out', out, '-o', summaryFile, '--no-progress']);
    const victim = await killed;
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // 1: the fleet has findings at error level; the unreadable bundle is named on stderr's one line.
    expect(run).toEqual({ code: 1, stderr: `logscan: 1 of ${fleet.paths.length} bundles could not be read; the summary lists them and why\n` });

    // The large bundle ran again on a worker that lived.
    const survivors = workers.filter((w) => w !== victim);
    expect(survivors.some((w) => startedPaths(w).includes(fleet.large))).toBe(true);

    // Each bundle once in the summary; the unreadable one with its reason.
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as FleetSummary;
    expect(summary.bundles).toMatchObject({ total: fleet.paths.length, analysed: fleet.paths.length - 1, unreadable: 1 });
    expect(summary.unreadable).toEqual([{ bundle: fleet.unreadable, reason: expect.stringMatching(/^not a gzip file/) }]);

    // One report per readable bundle, byte for byte the report of the same bundle analysed alone.
    const readable = fleet.paths.filter((p) => p !== fleet.unreadable);
    expect(readdirSync(out).sort()).toEqual(readable.map((p) => `${basename(p)}.json`).sort());
    for (const path of readable) {
      expect(readFileSync(join(out, `${basename(path)}.json`), 'utf8'), path).toBe(renderJson(await analyzeOneBundle(path)));
    }
  });

  it('runs a bundle enqueued again (or twice in one list) once: its kept report comes back', async () => {
    const again = [fleet.paths[0]!, fleet.paths[1]!, fleet.paths[0]!];
    const before = workers.map((w) => startedPaths(w).length);
    const outcomes: QueuedOutcome[] = [];
    await analyseOnQueue(queueTarget(redis.url), again, { options: {}, onOutcome: (o) => void outcomes.push(o) });
    expect(outcomes.map((o) => o.path).sort()).toEqual([fleet.paths[0], fleet.paths[1]].sort());
    expect(outcomes.every((o) => 'report' in o)).toBe(true);
    expect(workers.map((w) => startedPaths(w).length)).toEqual(before);
  });

  it('fails a job whose bundle a worker cannot see, of another version, or that is no fleet job, with a reason', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: queueTarget(redis.url).connection });
    const events = await eventsFromNow(queue, queueTarget(redis.url));
    try {
      await events.waitUntilReady();
      const missing = await queue.add(JOB_NAME, { path: join(dir, 'gone.tgz'), options: {}, version: TOOL_VERSION }, { attempts: 1 });
      await expect(missing.waitUntilFinished(events)).rejects.toThrow(/^the worker on \S+ cannot read \S+gone\.tgz \(ENOENT\): workers must see the bundles/);
      const otherVersion = await queue.add(JOB_NAME, { path: fleet.paths[0], options: {}, version: '0.0.1' }, { attempts: 1 });
      await expect(otherVersion.waitUntilFinished(events)).rejects.toThrow(`runs logscan ${TOOL_VERSION}, the fleet 0.0.1: workers must run the fleet's version`);
      const junk = await queue.add(JOB_NAME, { file: 'x' }, { attempts: 3 });
      await expect(junk.waitUntilFinished(events)).rejects.toThrow('the job names no bundle (not a logscan fleet job)');
      // No retry for that one: a second reading would not change it.
      expect((await queue.getJob(junk.id!))?.attemptsMade).toBe(1);
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('stops a worker on SIGTERM once its running jobs are done', async () => {
    const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    const worker = alive[0]!;
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.lines.at(-1)).toBe('logscan worker: stopped');
  });
});

/** The built CLI in a child process (the test's own event loop keeps watching the workers meanwhile). */
async function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
