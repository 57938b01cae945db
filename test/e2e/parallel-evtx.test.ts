// Event logs (EVTX) on the parsing worker (the built dist/cli/parallel.js and its dist/cli/parse-worker.js): a bundle
// of several EVTX files gives the one-thread report whether the worker parses them, the main thread parses some of
// them at the same time, or three threads share them; and the CLI's --jobs 2 writes what --jobs 1 writes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../helpers/archives.js';
import { writeEvtx, type EvtxEventSpec } from '../helpers/evtx-writer.js';
import type { Report } from '../../src/model.js';
import { engine, ingest, parallel, root } from '../helpers/built-engine.js';

const { analyze } = engine;
const { workerLanes } = parallel;
const { openBundle } = ingest;

const LOGS = 'Windows/System32/winevt/Logs';
const FILES = [`${LOGS}/Archive-System-2024-05-31.evtx`, `${LOGS}/System.evtx`, `${LOGS}/Application.evtx`];

/**
 * A day of records: mostly routine info records no detector reads (dropped in the parse, as most real records are),
 * among them the records some detectors do read, so that every file gives the worker events to send back.
 */
function records(day: number, channel: 'System' | 'Application'): EvtxEventSpec[] {
  const at = (minute: number) => new Date(Date.UTC(2024, 4, day, 0, 0) + minute * 60_000);
  const system = (provider: string, eventId: number, level: number) => ({ provider, eventId, level, channel, computer: 'vm1' });
  const specs: EvtxEventSpec[] = [];
  for (let minute = 0; minute < 1400; minute++) {
    specs.push({ time: at(minute), system: system('Microsoft-Windows-Time-Service', 37, 4), data: { param1: `time.windows.com,0x8 (ntp.m|0x8|0.0.0.0:123->${minute % 250}.0.0.1:123)` } });
    if (minute % 97 !== 13) continue;
    if (channel === 'System') {
      specs.push({ time: at(minute), system: system('Service Control Manager', 7031, 2), data: { param1: 'Windows Azure Guest Agent', param2: String(minute % 5), param3: '60000', param4: '1', param5: 'Restart the service' } });
      specs.push({ time: at(minute), system: system('Service Control Manager', 7036, 4), data: { param1: 'Windows Azure Guest Agent', param2: 'running' } });
    } else {
      specs.push({ time: at(minute), system: system('Application Error', 1000, 2), data: ['WaAppAgent.exe', '2.7.41491.1102', 'KERNELBASE.dll', '10.0.17763.1', 'c0000005'] });
      specs.push({ time: at(minute), system: system('SQLWRITER', 24583, 2), data: ['SqlServerWriter', 'Cannot connect to the database'] });
      specs.push({ time: at(minute), system: system('VSS', 8229, 3), data: ['SqlServerWriter', '0x800423f4, The writer experienced a non-transient error.'] });
    }
  }
  return specs;
}

const tmp = mkdtempSync(join(tmpdir(), 'logscan-parallel-evtx-'));
const bundle = join(tmp, 'windows.zip');
beforeAll(async () => {
  const files = [writeEvtx(records(30, 'System')), writeEvtx(records(31, 'System')), writeEvtx(records(31, 'Application'))];
  writeFileSync(bundle, await makeZip(FILES.map((path, i) => ({ path, content: Buffer.from(files[i]!) }))));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function input() {
  const b = await openBundle(bundle, {});
  return { name: b.name, kind: b.kind, sizeBytes: () => b.sizeBytes, entries: b.entries, problems: b.problems };
}

/** Reports are compared as their JSON text. */
const same = (r: Report) => JSON.stringify(r);

describe('event logs on the parsing worker', () => {
  it('the bundle is not a vacuous case: several EVTX files, events kept from each, findings', async () => {
    const report = await analyze(await input());
    expect(report.sources.filter((s) => s.parser === 'evtx').map((s) => s.path).sort()).toEqual([...FILES].sort());
    for (const source of report.sources) expect(source.events).toBeGreaterThan(1400);
    expect(report.findings.length).toBeGreaterThan(1);
    expect(report.findings.flatMap((f) => f.evidence).filter((e) => e.record !== undefined).length).toBeGreaterThan(0);
  });

  it('the same report when the worker parses every event log, when both threads parse one each, on three threads', async () => {
    const expected = same(await analyze(await input()));
    expect(same(await analyze(await input(), { schedule: workerLanes({ jobs: 2, localWhenQueued: Infinity }) }))).toBe(expected);
    const local: string[] = [];
    // A worker with anything queued is busy: the main thread parses the next event log while the worker parses one.
    const shared = await analyze(await input(), { schedule: workerLanes({ jobs: 2, localWhenQueued: 0, onLocalParse: (path) => local.push(path) }) });
    expect(same(shared)).toBe(expected);
    expect(local.length).toBeGreaterThan(0);
    expect(local.length).toBeLessThan(FILES.length);
    expect(FILES.filter((path) => !local.includes(path))).toContain(FILES[0]);
    expect(same(await analyze(await input(), { schedule: workerLanes({ jobs: 3, localWhenQueued: 0 }) }))).toBe(expected);
  });

  it("--jobs auto's lanes: event logs go to the worker once the gate says yes, none after it says no", async () => {
    const expected = same(await analyze(await input()));
    const run = async (answers: ('yes' | 'no' | 'later')[]) => {
      const local: string[] = [];
      const asked = answers.length;
      const admit = () => answers.shift() ?? 'yes';
      const schedule = workerLanes({ jobs: 2, localWhenQueued: Infinity, eventLogsOnly: true, admit, onLocalParse: (path) => local.push(path) });
      expect(same(await analyze(await input(), { schedule }))).toBe(expected);
      return { local, asked: asked - answers.length };
    };
    // Too soon to tell at the first event log: it waits for the answer, then goes to the worker.
    const waited = await run(['later', 'later', 'yes']);
    expect(waited.asked).toBe(3);
    expect(waited.local).not.toContain(FILES[0]);
    expect(waited.local).not.toContain(FILES[1]);
    // Admitted at once: the worker takes the first two (the third waits for neither thread in particular).
    const admitted = await run(['yes']);
    expect(admitted.asked).toBe(1);
    expect(admitted.local).not.toContain(FILES[0]);
    expect(admitted.local).not.toContain(FILES[1]);
    // No core to spare: the main thread parses all of them, and the gate is not asked again.
    expect(await run(['no', 'yes'])).toEqual({ local: FILES, asked: 1 });
    expect(await run(['later', 'no', 'yes'])).toEqual({ local: FILES, asked: 2 });
  });

  it('the same report when every batch from the worker waits for its turn', async () => {
    const expected = same(await analyze(await input(), { maxUnappliedWeight: 1 }));
    expect(same(await analyze(await input(), { maxUnappliedWeight: 1, schedule: workerLanes({ jobs: 2, localWhenQueued: 0 }) }))).toBe(expected);
  });

  it.each(['json', 'html'])('the CLI writes the same %s with --jobs 2 as with --jobs 1', (format) => {
    const run = (jobs: number) => {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'logscan.js'), bundle, '--format', format, '--no-progress', '--jobs', String(jobs), '--fail-on', 'never'], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    expect(run(2)).toBe(run(1));
  });
});
