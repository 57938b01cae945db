// The engine scheduled on worker threads (the built dist/cli/parallel.js, whose worker is dist/cli/parse-worker.js)
// gives the in-process engine's report on every sample, whether the logs go to the worker (streamed, or as whole gzip
// members it decompresses itself) or the main thread parses them; the decompression limits still hold.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gzip, makeTgz, makeZip } from '../helpers/archives.js';
import type { Report } from '../../src/model.js';
import { parsers } from '../../src/parsers/registry.js';
import { engine, ingest, parallel, root, type Engine, type Ingest, type Parallel } from '../helpers/built-engine.js';

const { analyze } = engine;
const { workerLanes, workerExecArgv } = parallel;
const { openBundle } = ingest;

type IngestOptions = Parameters<Ingest['openBundle']>[1];
type LaneOptions = Parameters<Parallel['workerLanes']>[0];
type Input = Parameters<Engine['analyze']>[0];

/** `analyze` with its parses scheduled on worker lanes, as the CLI runs it with --jobs. */
const analyzeParallel = (bundle: Input, { maxUnappliedWeight, ...lanes }: LaneOptions & { maxUnappliedWeight?: number }) =>
  analyze(bundle, { schedule: workerLanes(lanes), ...(maxUnappliedWeight !== undefined ? { maxUnappliedWeight } : {}) });

async function input(sample: string, options: IngestOptions = {}) {
  const bundle = await openBundle(sample.includes('/') ? sample : join(root, 'samples', sample), options);
  return { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems };
}

/** Reports are compared as their JSON text. */
const same = (r: Report) => JSON.stringify(r);

/** Parsers fed line by line (text logs), as opposed to documents and event logs. */
const LINE_PARSERS = new Set(parsers.filter((p) => p.kind === undefined || p.kind === 'lines').map((p) => p.id));

const samples = readdirSync(join(root, 'samples')).filter((f) => /\.(tgz|zip)$/.test(f));

describe('parallel engine', () => {
  it.each(samples)('%s: same report with the logs on the worker, on the main thread, on three threads', async (sample) => {
    const expected = same(await analyze(await input(sample)));
    // Nothing queued is ever enough: every log goes to the idle worker.
    expect(same(await analyzeParallel(await input(sample), { jobs: 2, localWhenQueued: Infinity }))).toBe(expected);
    // A worker with anything queued counts as busy: the main thread parses the logs in between.
    expect(same(await analyzeParallel(await input(sample), { jobs: 2, localWhenQueued: 0 }))).toBe(expected);
    expect(same(await analyzeParallel(await input(sample), { jobs: 3, localWhenQueued: 0 }))).toBe(expected);
    // Rotated .gz logs handed to the worker whole, still compressed (what the CLI does).
    expect(same(await analyzeParallel(await input(sample, { detachGzipUpTo: 1 << 20 }), { jobs: 2, localWhenQueued: Infinity }))).toBe(expected);
  });

  it.each(samples)("%s: --jobs auto's lanes keep text logs on the main thread (event logs only go to workers)", async (sample) => {
    const expected = same(await analyze(await input(sample)));
    const local: string[] = [];
    const schedule = workerLanes({ jobs: 2, localWhenQueued: Infinity, eventLogsOnly: true, admit: () => 'yes', onLocalParse: (path) => local.push(path) });
    const report = await analyze(await input(sample), { schedule });
    expect(same(report)).toBe(expected);
    // Every source the report has from a line parser (a text log) was parsed here, and nothing else.
    const textLogs = report.sources.filter((s) => LINE_PARSERS.has(s.parser)).map((s) => s.path);
    expect(textLogs.length).toBeGreaterThan(0);
    expect(local.sort()).toEqual(textLogs.sort());
  });

  it('--tz reaches the worker as it reaches the main thread: one zone spec, resolved on each side', async () => {
    const sample = 'agent-outdated.tgz';
    const local = await analyze(await input(sample), { tz: 'Europe/Berlin' });
    const onWorker = await analyze(await input(sample), { tz: 'Europe/Berlin', schedule: workerLanes({ jobs: 2, localWhenQueued: Infinity }) });
    expect(same(onWorker)).toBe(same(local));
    // The zone did apply: the local times moved, and say so.
    expect(local.timeline.from).not.toBe((await analyze(await input(sample))).timeline.from);
    expect(local.sources.some((s) => s.clock?.local === 'tz')).toBe(true);
  });

  it('the samples do hold gzip members for the worker to decompress', async () => {
    const bundle = await openBundle(join(root, 'samples', 'healthy.tgz'), { detachGzipUpTo: 1 << 20 });
    const detached: string[] = [];
    for await (const entry of bundle.entries) if (entry.gzip) detached.push(entry.path);
    expect(detached).toEqual(['var/log/waagent.log-2024-04-30-1714435200.gz']);
  });

  describe('limits on members a worker decompresses', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'logscan-parallel-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    const line = (i: number) => `2024-05-02T06:00:${String(i % 60).padStart(2, '0')}.000000Z INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_12 12 ms]\n`;
    const text = (lines: number, from = 0) => Array.from({ length: lines }, (_, i) => line(from + i)).join('');
    // ~12 MiB of one repeated line: hundreds to one, over a ratio limit of 50 once 8 MiB are out.
    const repeated = text(100_000);
    const write = async (name: string, files: { path: string; content: string | Buffer }[]) => {
      const path = join(tmp, name);
      writeFileSync(path, await makeTgz(files));
      return path;
    };

    it('the expansion ratio: that log ends with the same problem as in one thread, the rest is read', async () => {
      const path = await write('ratio.tgz', [
        { path: 'var/log/waagent.log.1.gz', content: gzip(repeated, 9) },
        { path: 'var/log/waagent.log', content: text(10) },
      ]);
      const one = await analyze(await input(path, { maxRatio: 50 }));
      const two = await analyzeParallel(await input(path, { maxRatio: 50, detachGzipUpTo: 1 << 20 }), { jobs: 2, localWhenQueued: Infinity });
      expect(one.problems).toEqual([{ path: 'var/log/waagent.log.1.gz', message: 'expansion ratio over 50:1 (limit --max-ratio)' }]);
      expect(two.problems).toEqual(one.problems);
      expect(two.sources.map((s) => s.path)).toEqual(one.sources.map((s) => s.path));
    });

    it('the total: members decompressed by the worker count, and the bundle stops once it is over', async () => {
      const member = gzip(text(20_000)); // ~2.3 MiB of text each
      const path = await write('total.tgz', [1, 2, 3, 4, 5, 6].map((n) => ({ path: `var/log/waagent.log.${n}.gz`, content: member })));
      const limit = 5 * 1024 * 1024;
      const report = await analyzeParallel(await input(path, { maxExpandedBytes: limit, detachGzipUpTo: 1 << 20 }), { jobs: 2, localWhenQueued: Infinity });
      // Each member cut names the bundle's limit, and the walk stopped soon after the total went over.
      const cut = report.problems.filter((p) => p.message.includes('(limit --max-expanded-bytes)'));
      expect(cut.length).toBeGreaterThan(0);
      for (const p of cut) expect(p.message).toMatch(/^bundle expands to more than 5 MiB/);
      expect(report.sources.length).toBeLessThan(6);
      // Over by a few MiB at most (the workers report in steps), not by whole members.
      expect(report.timeline.events * 118).toBeLessThan(limit + 4 * 1024 * 1024);
    });
  });

  it('what the main thread found opening an entry (a leading hole of NULs) is in the report when a worker parses it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'logscan-parallel-'));
    try {
      const log = '2024-05-02T06:00:01.000000Z INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_12 12 ms]\n'.repeat(50);
      const holed = Buffer.concat([Buffer.alloc(4096), Buffer.from(log)]);
      const path = join(tmp, 'hole.tgz');
      writeFileSync(path, await makeTgz([{ path: 'var/log/waagent.log.1.gz', content: gzip(holed) }, { path: 'var/log/waagent.log', content: holed }]));
      const one = await analyze(await input(path));
      expect(one.problems.filter((p) => p.message.startsWith('starts with 4096 NUL bytes')).map((p) => p.path)).toEqual(['var/log/waagent.log.1.gz', 'var/log/waagent.log']);
      expect(same(await analyzeParallel(await input(path, { detachGzipUpTo: 1 << 20 }), { jobs: 2, localWhenQueued: Infinity }))).toBe(same(one));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a member longer than its zip header says is streamed, not cut to the stated size', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'logscan-parallel-'));
    try {
      let seed = 1;
      const lines = Array.from({ length: 20_000 }, (_, i) => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return `2024-05-02T06:00:${String(i % 60).padStart(2, '0')}.000000Z INFO ExtHandler ExtHandler line ${i} value ${seed}\n`;
      }).join('');
      const gz = gzip(lines);
      const zip = await makeZip([{ path: 'var/log/waagent.log.1.gz', content: gz }], { compress: false });
      // The stored member's uncompressed size (local header at 22, central directory entry at its +24) says 50,000
      // bytes less than there are; its data is read whole all the same.
      const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      for (const at of [22, central + 24]) zip.writeUInt32LE(zip.readUInt32LE(at) - 50_000, at);
      const path = join(tmp, 'lying.zip');
      writeFileSync(path, zip);
      const one = await analyze(await input(path));
      const two = await analyzeParallel(await input(path, { detachGzipUpTo: 1 << 20 }), { jobs: 2, localWhenQueued: Infinity });
      expect(one.timeline.events).toBe(20_000);
      expect(two.timeline.events).toBe(one.timeline.events);
      expect(two.problems).toEqual(one.problems);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('events wait for their entry\'s turn in the worker or the parse, not in memory: the same report when every batch waits', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'logscan-parallel-'));
    try {
      const day = (d: number, i: number) => `2024-05-${String(d).padStart(2, '0')}T${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}000Z`;
      const errors = (d: number, n: number, what: (i: number) => string) =>
        Array.from({ length: n }, (_, i) => `${day(d, i)} ${i % 7 === 0 ? 'INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_12 12 ms]' : what(i)}\n`).join('');
      const network = (i: number) => `ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- ${i % 9} attempts made`;
      const disk = (i: number) => `WARNING ExtHandler ExtHandler Agent WALinuxAgent-2.10.0.8 failed with exception: [Errno 28] No space left on device (${i})`;
      // Several logs full of errors, rotated ones gzipped (whole to the worker) and plain ones (streamed, or parsed here).
      const path = join(tmp, 'errors.tgz');
      writeFileSync(
        path,
        await makeTgz([
          { path: 'var/log/waagent.log.3.gz', content: gzip(errors(1, 6000, network)) },
          { path: 'var/log/waagent.log.2.gz', content: gzip(errors(2, 6000, disk)) },
          { path: 'var/log/waagent.log.1', content: errors(3, 5000, (i) => (i % 2 ? network(i) : disk(i))) },
          { path: 'var/log/waagent.log', content: errors(4, 5000, network) },
        ]),
      );
      const expected = same(await analyze(await input(path)));
      const options = { maxUnappliedWeight: 1 };
      const detached = { detachGzipUpTo: 1 << 20 };
      expect(same(await analyzeParallel(await input(path, detached), { ...options, jobs: 2, localWhenQueued: Infinity }))).toBe(expected);
      expect(same(await analyzeParallel(await input(path, detached), { ...options, jobs: 2, localWhenQueued: 0 }))).toBe(expected);
      expect(same(await analyzeParallel(await input(path), { ...options, jobs: 3, localWhenQueued: 0 }))).toBe(expected);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a worker gets the module-loading node options only (a V8 or process option would keep it from starting)', () => {
    expect(workerExecArgv(['--max-old-space-size=300', '--import', 'file:///p/rss.mjs', '--title', 'x', '--stack-size=2000', '--input-type=module', '--import=tsx', '--enable-source-maps', '--conditions', 'dev'])).toEqual([
      '--import',
      'file:///p/rss.mjs',
      '--import=tsx',
      '--enable-source-maps',
      '--conditions',
      'dev',
    ]);
  });

  it('the main thread takes a share of the logs when the worker is busy', async () => {
    const seen: string[] = [];
    const local: string[] = [];
    await analyze(await input('healthy-logs.zip'), { schedule: workerLanes({ jobs: 2, localWhenQueued: 0, onLocalParse: (path) => local.push(path) }), onEntry: (e) => seen.push(e.path) });
    expect(local.length).toBeGreaterThan(0);
    expect(local.length).toBeLessThan(seen.length);
  });
});
