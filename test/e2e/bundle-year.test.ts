// Year-less syslog lines take the year the bundle's dated logs show, not their member's date: a bundle whose syslog
// was copied a year after it was written (mtime 2025) while waagent.log and the backup extension's log write 2024.
// Once read, the bundle shows the syslog a year off and it is read again with that year, whatever the member order,
// in one thread or two, from a file or a folder; stdin, which cannot be read twice, keeps the first result and
// says so. A bundle whose dates agree is read once.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { gzip } from '../helpers/archives.js';
import type { Report } from '../../src/model.js';
import { engine, ingest, parallel, root } from '../helpers/built-engine.js';

const bin = join(root, 'bin', 'logscan.js');

type YearShifts = import('../../src/time/bundle-year.js').YearShifts;

const { analyze, settleBundleYears } = engine;
const { workerLanes } = parallel;
const { openBundle } = ingest;

const tmp = mkdtempSync(join(tmpdir(), 'logscan-year-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXT = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';
const WAAGENT = 'var/log/waagent.log';
const SYSLOG = 'var/log/syslog';
const EXTLOG = `var/log/azure/${EXT}/extension.log`;

const files: Record<string, string> = {
  [WAAGENT]: [
    '2024-05-14T22:10:02.118302Z INFO ExtHandler ExtHandler ProcessExtensionsGoalState started [incarnation_12]',
    `2024-05-14T22:16:40.102341Z INFO ExtHandler [${EXT}-1.0.9225.0] Enable extension: [main/handle.sh enable]`,
    '2024-05-14T22:40:11.403112Z INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_12 1860 ms]',
  ].join('\n') + '\n',
  [EXTLOG]: [
    `2024-05-14 22:16:45.002020 [${EXT}-1.0]starting enable`,
    `2024-05-14 22:16:48.796446 [${EXT}-1.0]T:S freeze, timeout value 60`,
    `2024-05-14 22:16:48.800908 [${EXT}-1.0]fsfreeze mount :/`,
    `2024-05-14 22:16:48.810331 [${EXT}-1.0]****** 1. Starting Freeze Binary`,
  ].join('\n') + '\n',
  [SYSLOG]: [
    'May 14 22:16:30 backupvm02 systemd[1]: Started Session 12 of user azureuser.',
    'May 14 22:19:52 backupvm02 kernel: [ 1243.271530] INFO: task xfsaild/sda2:512 blocked for more than 120 seconds.',
    'May 14 22:19:52 backupvm02 kernel: [ 1243.271601]       Not tainted 5.15.0-1052-azure #60-Ubuntu',
    'May 14 22:21:52 backupvm02 kernel: [ 1363.276112] INFO: task sshd:2190 blocked for more than 120 seconds.',
  ].join('\n') + '\n',
};

const WRITTEN = new Date('2024-05-15T06:00:00Z');
/** The syslog copied into the bundle a year later. */
const COPIED = new Date('2025-06-01T09:00:00Z');

async function tgz(order: string[], syslogMtime: Date): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const c of pack) chunks.push(c as Buffer);
  })();
  for (const path of order) {
    const mtime = path === SYSLOG ? syslogMtime : WRITTEN;
    await new Promise<void>((resolve, reject) => pack.entry({ name: path, mtime, mode: 0o644 }, files[path]!, (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  await collected;
  return gzip(Buffer.concat(chunks));
}

async function write(name: string, order: string[], syslogMtime = COPIED): Promise<string> {
  const path = join(tmp, name);
  writeFileSync(path, await tgz(order, syslogMtime));
  return path;
}

const SYSLOG_FIRST = [SYSLOG, WAAGENT, EXTLOG];
const SYSLOG_LAST = [WAAGENT, EXTLOG, SYSLOG];

async function input(path: string) {
  const bundle = await openBundle(path, {});
  return { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems };
}

/** The engine as the CLI runs it: once, and again only when the bundle shows a wrong year; counts the passes. */
async function settled(path: string, engine: (yearShifts?: YearShifts) => Promise<Report>): Promise<{ report: Report; passes: number }> {
  let passes = 0;
  const report = await settleBundleYears(async (yearShifts) => {
    passes++;
    return engine(yearShifts);
  }, true);
  return { report, passes };
}

const analyzeIn = async (path: string, yearShifts?: YearShifts) => analyze(await input(path), yearShifts ? { yearShifts } : {});
const twoThreads = (localWhenQueued: number) => (path: string) => async (yearShifts?: YearShifts) =>
  analyze(await input(path), { schedule: workerLanes({ jobs: 2, localWhenQueued }), ...(yearShifts ? { yearShifts } : {}) });

const syslogSource = (r: Report) => r.sources.find((s) => s.path === SYSLOG)!;
const ids = (r: Report) => r.findings.map((f) => f.id);
const HUNG = 'fsfreeze.hung-task-during-freeze';

function expectSettled(report: Report): void {
  const syslog = syslogSource(report);
  expect(syslog.clock).toEqual({ local: 'assumed-utc', year: 'bundle', yearless: { from: '2024-05-14T22:16:30.000Z', to: '2024-05-14T22:21:52.000Z' } });
  expect(syslog).toMatchObject({ from: '2024-05-14T22:16:30.000Z', to: '2024-05-14T22:21:52.000Z' });
  // The cross-source correlation: kernel hung tasks within 15 minutes of the freeze the extension log shows.
  expect(ids(report)).toContain(HUNG);
  const hung = report.findings.find((f) => f.id === HUNG)!;
  expect(hung.evidence.map((e) => [e.path, e.line, e.time])).toEqual([
    [SYSLOG, 2, '2024-05-14T22:19:52.000Z'],
    [SYSLOG, 4, '2024-05-14T22:21:52.000Z'],
  ]);
  expect(report.problems).toEqual([]);
  // The dated sources write UTC: no clock.
  expect(report.sources.find((s) => s.path === WAAGENT)!.clock).toBeUndefined();
}

describe('a syslog copied a year later, in a bundle whose logs write 2024', () => {
  it('read alone, it lands in 2025 and the hung tasks miss the freeze', async () => {
    const report = await analyzeIn(await write('plain.tgz', SYSLOG_LAST));
    expect(syslogSource(report).clock).toMatchObject({ year: 'mtime' });
    expect(syslogSource(report).from).toBe('2025-05-14T22:16:30.000Z');
    expect(ids(report)).not.toContain(HUNG);
  });

  for (const [order, members] of [['syslog first', SYSLOG_FIRST], ['syslog last', SYSLOG_LAST]] as const) {
    describe(order, () => {
      it('one thread: read twice, the syslog in 2024, the hung tasks during the freeze', async () => {
        const path = await write(`one-${order}.tgz`, [...members]);
        const { report, passes } = await settled(path, (y) => analyzeIn(path, y));
        expect(passes).toBe(2);
        expectSettled(report);
      });

      it('two threads (logs on the worker, and on both): the same report', async () => {
        const path = await write(`two-${order}.tgz`, [...members]);
        const one = (await settled(path, (y) => analyzeIn(path, y))).report;
        for (const local of [Infinity, 0]) {
          const { report, passes } = await settled(path, twoThreads(local)(path));
          expect(passes).toBe(2);
          expect(JSON.stringify(report)).toBe(JSON.stringify(one));
        }
      });
    });
  }

  it('a bundle whose dates agree is read once, and says the bundle confirmed the year', async () => {
    const path = await write('agree.tgz', SYSLOG_FIRST, WRITTEN);
    const { report, passes } = await settled(path, (y) => analyzeIn(path, y));
    expect(passes).toBe(1);
    expectSettled(report);
    const two = await settled(path, twoThreads(Infinity)(path));
    expect(two.passes).toBe(1);
    expect(JSON.stringify(two.report)).toBe(JSON.stringify(report));
  });
});

describe('the CLI', () => {
  function cli(args: string[], stdin?: Buffer) {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input: stdin, encoding: 'buffer', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  }
  const json = (args: string[], stdin?: Buffer): Report => JSON.parse(cli([...args, '--format', 'json', '--fail-on', 'never'], stdin).stdout) as Report;

  it('--jobs 1 and --jobs 2 on a .tgz: the syslog in the waagent year, the same report', async () => {
    const path = await write('cli.tgz', SYSLOG_FIRST);
    const one = json([path, '--jobs', '1']);
    expectSettled(one);
    const two = json([path, '--jobs', '2']);
    expect(two).toEqual(one);
  });

  it('a folder is read again too', async () => {
    const dir = join(tmp, 'folder');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
      const mtime = path === SYSLOG ? COPIED : WRITTEN;
      utimesSync(join(dir, path), mtime, mtime);
    }
    expectSettled(json([dir, '--jobs', '1']));
  });

  it('stdin cannot be read twice: the first result, and a problem saying the year may be off', async () => {
    const report = json(['-'], await tgz(SYSLOG_LAST, COPIED));
    expect(syslogSource(report).clock).toMatchObject({ year: 'mtime' });
    expect(syslogSource(report).from).toBe('2025-05-14T22:16:30.000Z');
    expect(report.problems).toEqual([
      {
        path: SYSLOG,
        message: expect.stringMatching(/^its lines carry no year and took the year of the file's date, but the bundle's dated logs put them 1 year earlier; input from stdin cannot be read twice/) as string,
      },
    ]);
    expect(ids(report)).not.toContain(HUNG);
  });

  it('timeline: the syslog lines in 2024, saying where their year came from', async () => {
    const path = await write('timeline.tgz', SYSLOG_FIRST);
    const lines = cli(['timeline', path]).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const hung = lines.find((l) => l.message?.includes('xfsaild'))!;
    expect(hung).toMatchObject({ datetime: '2024-05-14T22:19:52.000Z', time_source: 'assumed-utc+year-bundle', path: SYSLOG });
    expect(hung.timestamp_desc).toBe("Log entry time (local time taken as UTC; no year written: year shown by the bundle's dated logs)");
    // In time order with the dated sources: the freeze comes before the hung task.
    expect(lines.findIndex((l) => l.message?.includes('T:S freeze'))).toBeLessThan(lines.indexOf(hung));
  });

  it('timeline from stdin: the first result, and a warning on stderr', async () => {
    const r = cli(['timeline', '-'], await tgz(SYSLOG_LAST, COPIED));
    expect(r.stdout).toContain('"datetime":"2025-05-14T22:19:52.000Z"');
    expect(r.stdout).toContain('"time_source":"assumed-utc+year-mtime"');
    expect(r.stderr).toMatch(/^logscan: var\/log\/syslog: its lines carry no year/);
  });
});
