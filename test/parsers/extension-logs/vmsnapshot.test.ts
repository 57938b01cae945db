import { describe, expect, it } from 'vitest';
import { isConsolePath, markerOf, sniffVmSnapshot, VmSnapshotLineParser, vmSnapshotLogParser } from '../../../src/parsers/extension-logs/index.js';
import { MAX_FACT_VALUES } from '../../../src/parsers/extension-logs/vmsnapshot.js';
import type { Fact, LogEvent } from '../../../src/model.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { inferLevel, messageFields } from '../../../src/parsers/extension-logs/vmsnapshot-message.js';
import { byLine, EXT, fixedZone, fixture, parse, PREFIX, utc, VMSNAPSHOT_DIR } from './helpers.js';

const EXT_LOG = `${VMSNAPSHOT_DIR}/extension.log`;
const run = (text: string, tz?: Parameters<typeof parse>[3], path = EXT_LOG) => parse(vmSnapshotLogParser, text, path, tz);

describe('VMSnapshotLinux extension.log, Python 3 (healthy run with a freeze block)', () => {
  const r = run(fixture('vmsnapshot-py3-healthy.log'));

  it('reads every line, with no unparsed header', () => {
    expect(r.stats.unparsed).toBe(0);
    expect(r.stats.formats.sort()).toEqual(['backuplogger', 'py3', 'safefreeze']);
    expect(r.events).toHaveLength(28);
    expect(r.events.every((e) => e.source === 'vmsnapshot-log' && e.extension?.name === EXT)).toBe(true);
  });

  it('py3 lines: UTC, prefix, extension version, no level -> info', () => {
    expect(byLine(r.events, 1)).toMatchObject({
      time: utc(2024, 2, 20, 1, 0, 1, 100),
      timeText: '2024-02-20 01:00:01.100000',
      timeSource: 'utc',
      level: 'info',
      format: 'py3',
      prefix: PREFIX,
      extension: { name: EXT, version: '1.0' },
      message: 'starting enable',
    });
    expect(byLine(r.events, 4)).toMatchObject({ time: utc(2024, 2, 20, 1, 0, 3), timeText: '2024-02-20 01:00:03', message: 'starting daemon initially' });
  });

  it('the freeze block: markers, then buffered events with their own (earlier) inner times', () => {
    const start = byLine(r.events, 12);
    expect(start).toMatchObject({ time: utc(2024, 2, 20, 1, 0, 9, 500), format: 'py3', fields: { marker: 'freeze-start' } });
    expect(start.fields?.buffered).toBeUndefined();
    const buffered = r.events.filter((e) => e.fields?.buffered === 'freeze');
    expect(buffered.map((e) => e.line)).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26]);
    expect(byLine(r.events, 13)).toMatchObject({ time: utc(2024, 2, 20, 1, 0, 4, 100), timeText: '2024/02/20 01:00:04.100000', timeSource: 'utc', format: 'backuplogger', level: 'info', message: '****** 4. Freeze Completed (Signal=1 received)', fields: { step: '4', buffered: 'freeze' } });
    expect(byLine(r.events, 13).time!).toBeLessThan(start.time!);
    // The bare end marker: no time of its own, the block's flush time.
    expect(byLine(r.events, 26)).toMatchObject({ time: start.time, timeText: '', message: '================== Logs during Freeze End ==============', fields: { marker: 'freeze-end', buffered: 'freeze' } });
    // After the block: a normal line again.
    expect(byLine(r.events, 28).fields).toBeUndefined();
  });

  it('safefreeze output inside the block: the binary local time, converted with the offset its UTC relaying line shows', () => {
    expect(byLine(r.events, 18).fields).toEqual({ buffered: 'freeze', marker: 'binary-start' });
    expect(byLine(r.events, 24).fields).toEqual({ buffered: 'freeze', marker: 'binary-end' });
    // Written 02:00:04 local, relayed 01:00:07 UTC: the VM runs at +01:00.
    expect(byLine(r.events, 19)).toMatchObject({
      time: utc(2024, 2, 20, 1, 0, 4),
      timeText: '2024-02-20 02:00:04',
      timeSource: 'inferred-offset',
      format: 'safefreeze',
      message: '****** 2. Binary Freeze Started',
      fields: { step: '2', outerTime: '2024/02/20 01:00:07.010000', buffered: 'freeze', binary: 'safefreeze', localOffset: '+01:00' },
    });
    const binary = r.events.filter((e) => e.fields?.binary === 'safefreeze').map((e) => e.line);
    expect(binary).toEqual([19, 20, 21, 22, 23]);
  });

  it('with --tz the safefreeze (local) times move and the UTC ones do not', () => {
    const tz = run(fixture('vmsnapshot-py3-healthy.log'), fixedZone(1));
    expect(byLine(tz.events, 19)).toMatchObject({ time: utc(2024, 2, 20, 1, 0, 4), timeSource: 'tz' });
    expect(byLine(tz.events, 13)).toMatchObject({ time: utc(2024, 2, 20, 1, 0, 4, 100), timeSource: 'utc' });
    expect(byLine(tz.events, 1)).toMatchObject({ time: utc(2024, 2, 20, 1, 0, 1, 100), timeSource: 'utc' });
  });

  it('flow steps 1..9, the final status line, host status code', () => {
    expect(r.events.filter((e) => e.fields?.step !== undefined).map((e) => e.fields!.step)).toEqual(['1', '4', '5', '6', '7', '2', '3', '8', '9']);
    expect(byLine(r.events, 29)).toMatchObject({ level: 'info', fields: { operation: 'Enable', status: 'success', code: '1' } });
    expect(byLine(r.events, 6).fields).toEqual({ hostStatusCode: '200' });
    expect(byLine(r.events, 2).fields).toEqual({ taskId: '0a1b2c3d-1111-2222-3333-444455556666' });
  });

  it('reports few facts: the prefix version and the freeze timeout (the task id is a field of its event)', () => {
    expect(r.facts.map((f) => [f.kind, f.value])).toEqual([
      ['extension-log-version', '1.0'],
      ['freeze-timeout', '60'],
    ]);
    expect(r.facts[0]).toMatchObject({ attrs: { name: EXT }, line: 1, path: EXT_LOG });
    expect(r.facts[1]).toMatchObject({ line: 8, time: utc(2024, 2, 20, 1, 0, 4, 20) });
  });
});

describe('VMSnapshotLinux extension.log, Python 3 failures', () => {
  const r = run(fixture('vmsnapshot-py3-failures.log'));

  it('infers levels from the message (py3 lines have none)', () => {
    expect(r.stats.unparsed).toBe(0);
    const levels = Object.fromEntries(r.events.map((e) => [e.line, e.level]));
    expect(levels).toEqual({ 1: 'info', 2: 'info', 3: 'info', 4: 'info', 5: 'error', 10: 'error', 11: 'error', 12: 'warning', 13: 'error' });
  });

  it('multi-line continuation: a traceback with a blank line stays in one event', () => {
    const ev = byLine(r.events, 5);
    expect(ev.endLine).toBe(9);
    expect(ev.message.split('\n')).toHaveLength(5);
    expect(ev.message).toContain('\n\nTimeoutError: [Errno 110] Connection timed out');
    expect(ev.raw).toBe(`2024-02-21 01:00:05.000000 ${PREFIX}Failed to do the snapshot with error: [Errno 110] Connection timed out, stack trace: Traceback (most recent call last):`);
  });

  it('status codes and the final line', () => {
    expect(byLine(r.events, 10).fields).toEqual({ statusCode: 'FailedRetryableSnapshotFailedNoNetwork' });
    expect(byLine(r.events, 13).fields).toEqual({ statusCode: 'FailedRetryableSnapshotFailedNoNetwork', operation: 'Enable', status: 'error', code: '76' });
    expect(byLine(r.events, 3).fields).toEqual({ hostStatusCode: '555' });
  });
});

describe('a log that stops right after "****** 4. Freeze Completed"', () => {
  it('is parsed to its last line (the freeze is the detectors\' business)', () => {
    const r = run(fixture('vmsnapshot-py3-stops-after-freeze.log'));
    expect(r.stats.unparsed).toBe(0);
    expect(r.events).toHaveLength(5);
    expect(r.events.at(-1)).toMatchObject({ line: 5, fields: { step: '4' }, message: '****** 4. Freeze Completed (Signal=1 received)' });
  });
});

describe('VMSnapshotLinux extension.log, Python 2 (local times)', () => {
  const text = fixture('vmsnapshot-py2-legacy.log');

  it('without --tz: local times taken as UTC, marked assumed-utc', () => {
    const r = run(text);
    expect(r.stats.unparsed).toBe(0);
    expect(r.stats.formats.sort()).toEqual(['backuplogger', 'py2']);
    expect(byLine(r.events, 1)).toMatchObject({ time: utc(2017, 5, 6, 10, 0, 0), timeText: '2017/05/06 10:00:00', timeSource: 'assumed-utc', format: 'py2', prefix: PREFIX, level: 'info' });
  });

  it('with --tz +02:00: converted and marked tz; the nested (UTC) backuplogger times do not move', () => {
    const r = run(text, fixedZone(2));
    expect(byLine(r.events, 1)).toMatchObject({ time: utc(2017, 5, 6, 8, 0, 0), timeSource: 'tz' });
    expect(byLine(r.events, 11)).toMatchObject({ time: utc(2017, 5, 6, 8, 0, 3, 500), timeSource: 'utc', fields: { outerTime: '2017/05/06 10:00:10' } });
  });

  it('ERROR:/WARNING: levels; an ERROR: message split over lines is one event', () => {
    const r = run(text);
    const ev = byLine(r.events, 3);
    expect(ev).toMatchObject({ level: 'error', endLine: 6, prefix: PREFIX });
    expect(ev.message.split('\n')).toEqual([
      'Failed to get hostIp from DHCP with error: timed out, stack trace: Traceback (most recent call last):',
      '  File "/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9110.0/main/dhcpHandler.py", line 40, in getHostEndoint',
      "    raise socket.timeout('timed out')",
      'timeout: timed out',
    ]);
    expect(byLine(r.events, 8)).toMatchObject({ level: 'warning', message: 'Retry to aquire lock count: 1' });
  });

  it('the py2 freeze block: each buffered line its own event, inner UTC time and level', () => {
    const r = run(text);
    expect(byLine(r.events, 10).fields).toEqual({ marker: 'freeze-start' });
    const buffered = r.events.filter((e) => e.fields?.buffered === 'freeze');
    expect(buffered.map((e) => [e.line, e.level, e.timeText])).toEqual([
      [11, 'info', '2017-05-06 08:00:03.500000'],
      [12, 'info', '2017-05-06 08:00:04.000000'],
      [13, 'error', '2017-05-06 08:00:08.000000'],
      [14, 'info', '2017-05-06 08:00:09'],
      [15, 'info', '2017/05/06 10:00:10'],
    ]);
    expect(byLine(r.events, 15).fields).toEqual({ buffered: 'freeze', marker: 'freeze-end' });
    expect(byLine(r.events, 17)).toMatchObject({ level: 'error', fields: { code: '76', status: 'error', statusCode: 'FailedRetryableSnapshotFailedNoNetwork' } });
    expect(byLine(r.events, 17).fields?.buffered).toBeUndefined();
    expect(r.events).toHaveLength(12);
  });

  it('facts', () => {
    expect(run(text).facts.map((f) => `${f.kind}=${f.value}`)).toEqual(['extension-log-version=1.0', 'freeze-timeout=90']);
  });
});

describe('old backuplogger lines nested in py2 lines (2016)', () => {
  const r = run(fixture('vmsnapshot-py2-nested-2016.log'));

  it('one event per nested line; the bare time-only lines add nothing', () => {
    expect(r.stats.unparsed).toBe(0);
    expect(r.events.map((e) => e.line)).toEqual([1, 3, 5, 7]);
    expect(r.events.every((e) => e.endLine === undefined && !e.message.endsWith('\n'))).toBe(true);
  });

  it('inner UTC time and level, the outer (local) time in fields.outerTime', () => {
    expect(byLine(r.events, 3)).toMatchObject({
      time: utc(2016, 11, 2, 3, 4, 5, 222),
      timeText: '2016-11-02 03:04:05.222222',
      timeSource: 'utc',
      format: 'backuplogger',
      level: 'info',
      prefix: PREFIX,
      extension: { name: EXT, version: '1.0' },
      message: 'freezing the mount: /srv',
      fields: { outerTime: '2016/11/02 03:04:05' },
    });
    expect(byLine(r.events, 5)).toMatchObject({ time: utc(2016, 11, 2, 3, 4, 6), level: 'warning', message: 'binary child terminated' });
    // `Info` with a failure message is raised to error, like the same text in a py3 line.
    expect(byLine(r.events, 7).level).toBe('error');
  });

  it('a nested line wrapped by the paste continues on the next line', () => {
    const wrapped = `2016/11/02 03:04:05 ${PREFIX}2016-11-02 03:04:05.111111  Info  ['/var/lib/waagent/Microsoft.Azure.Recov\neryServices.VMSnapshotLinux-1.0.9100.0/main/safefreeze/bin/safefreeze', '60']\n2016/11/02 03:04:05\n`;
    const w = run(wrapped);
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ endLine: 2, message: "['/var/lib/waagent/Microsoft.Azure.Recov\neryServices.VMSnapshotLinux-1.0.9100.0/main/safefreeze/bin/safefreeze', '60']" });
  });
});

describe('safefreeze binary output', () => {
  it('bare (indented, as a document quotes it) lines parse; FITHAW failures are errors', () => {
    const text = '    2022-06-07 08:09:10 Thawing: /boot\n    2022-06-07 08:09:10 Failed to FITHAW: /boot\n';
    const r = run(text);
    expect(r.stats.unparsed).toBe(0);
    expect(r.events.map((e) => [e.format, e.level, e.message, e.fields?.binary])).toEqual([
      ['safefreeze', 'info', 'Thawing: /boot', 'safefreeze'],
      ['safefreeze', 'error', 'Failed to FITHAW: /boot', 'safefreeze'],
    ]);
    expect(r.events[0]!.raw).toBe('    2022-06-07 08:09:10 Thawing: /boot');
  });

  it('relayed in py3 lines between the markers (no freeze block)', () => {
    const text = [
      `2024-04-01 00:00:10.000000 ${PREFIX}============== Binary output traces start ================= `,
      `2024-04-01 00:00:10.000100 ${PREFIX}2024-04-01 09:30:05 Failed to receive timely Thaw from parent process`,
      `2024-04-01 00:00:10.000200 ${PREFIX}2024-04-01 09:30:05 unfreezing the mount: /`,
      `2024-04-01 00:00:10.000300 ${PREFIX}============== Binary output traces end ================= `,
    ].join('\n');
    const r = run(text, fixedZone(9.5));
    expect(r.events.map((e) => e.fields)).toEqual([
      { marker: 'binary-start' },
      { outerTime: '2024-04-01 00:00:10.000100', binary: 'safefreeze' },
      { outerTime: '2024-04-01 00:00:10.000200', binary: 'safefreeze' },
      { marker: 'binary-end' },
    ]);
    expect(r.events[1]).toMatchObject({ time: utc(2024, 4, 1, 0, 0, 5), timeSource: 'tz', level: 'error' });
    expect(r.events[0]!.message).toBe('============== Binary output traces start =================');
  });
});

describe('host_based_extension.log (handle_host_daemon.py)', () => {
  it('moves the `[Class.method] -> ` caller out of the message', () => {
    const text = [
      `2024-06-01 00:00:01.000000 ${PREFIX}[FreezeHandler.thread_for_binary] -> ****** 1. Starting Freeze Binary `,
      `2024-06-01 00:00:02.000000 ${PREFIX}[SnapshotRequest.log_binary_output] -> ============== Binary output traces start ================= `,
      `2024-06-01 00:00:02.000100 ${PREFIX}2024-06-01 00:00:01 : freezing the mount: /`,
      `2024-06-01 00:00:03.000000 ${PREFIX}[handle_host_daemon.py] -> Unable to locate ./HandlerEnvironment.json`,
      `2024-06-01 00:00:04.000000 ${PREFIX}['/var/lib/waagent/x/safefreeze', '60', '/'] -> not a caller`,
    ].join('\n');
    const r = run(text, undefined, `${VMSNAPSHOT_DIR}/host_based_extension.log`);
    expect(r.events.map((e) => [e.message, e.fields])).toEqual([
      ['****** 1. Starting Freeze Binary', { caller: 'FreezeHandler.thread_for_binary', step: '1' }],
      ['============== Binary output traces start =================', { caller: 'SnapshotRequest.log_binary_output', marker: 'binary-start' }],
      ['freezing the mount: /', { outerTime: '2024-06-01 00:00:02.000100', binary: 'safefreeze', localOffset: '+00:00' }],
      ['Unable to locate ./HandlerEnvironment.json', { caller: 'handle_host_daemon.py' }],
      ["['/var/lib/waagent/x/safefreeze', '60', '/'] -> not a caller", undefined],
    ]);
  });
});

describe('serial console copies', () => {
  it('reads the extension lines among console noise, glued ones too; the noise is dropped', () => {
    const path = 'serialconsole.log';
    const r = run(fixture('serialconsole.log'), undefined, path);
    expect(isConsolePath(path)).toBe(true);
    expect(r.stats.unparsed).toBe(0);
    expect(r.events.map((e) => [e.line, e.level, e.message])).toEqual([
      [4, 'info', 'T:S freeze, timeout value 60'],
      [5, 'info', 'fsfreeze mount :/'],
      [7, 'warning', 'Retry to aquire lock count: 3'],
      [9, 'info', 'inside while with sig_handle 0'],
      [10, 'info', 'freeze_safe after returning from startproc : sig_handle=0'],
      [11, 'error', 'freeze timed-out'],
    ]);
    expect(byLine(r.events, 4)).toMatchObject({ time: utc(2023, 9, 10, 11, 12, 13, 141), timeSource: 'utc', format: 'backuplogger', raw: 'vm-01 login: 2023/09/10 11:12:13.141516  Info  T:S freeze, timeout value 60 ', extension: { name: EXT } });
    expect(r.events.every((e) => e.endLine === undefined)).toBe(true);
  });

  it('the same lines inside extension.log are events too (and noise there is continuation)', () => {
    const r = run('2023/09/10 11:12:13.150000  Info  fsfreeze mount :/ \n2023-09-10 11:12:14.000100  Error  freeze timed-out \n');
    expect(r.events.map((e) => [e.format, e.level])).toEqual([
      ['backuplogger', 'info'],
      ['backuplogger', 'error'],
    ]);
  });
});

describe('garbage and damaged lines', () => {
  it('counts damaged header-looking lines as unparsed and never throws', () => {
    const r = run(fixture('vmsnapshot-garbage.log'));
    expect(r.stats.unparsed).toBe(3);
    expect(r.events.map((e) => [e.line, e.format])).toEqual([
      [1, 'no-timestamp'],
      [4, 'py3'],
      [7, 'safefreeze'],
      [8, 'py3'],
    ]);
    expect(byLine(r.events, 1)).toMatchObject({ time: null, timeSource: 'none', endLine: 3 });
    expect(byLine(r.events, 4).endLine).toBe(6);
  });

  it('an indented dated line that is no header is continuation, not unparsed', () => {
    const r = run(`2024-02-20 01:00:01.000000 ${PREFIX}dosnapshot responseBody: {\n    2024-02-20T01:00:01.5Z "status": 500\n}\n`);
    expect(r.stats.unparsed).toBe(0);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.endLine).toBe(3);
  });

  it('survives random bytes, control characters and huge lines', () => {
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = '0123456789-/: .[]=*ITZEWarnfoIEDS\t\u0000\u00e9';
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let s = i % 3 === 0 ? '2024-02-20 01:00:0' : i % 3 === 1 ? '2024/02/20 01:00:0' : '';
      const n = Math.floor(rnd() * 60);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      lines.push(s);
    }
    lines.push(`2024-02-20 01:00:01.000000 ${PREFIX}${'x'.repeat(200_000)}`);
    const r = run(lines.join('\n'));
    expect(r.events.length).toBeGreaterThan(0);
    for (const e of r.events) {
      expect(e.time === null || Number.isFinite(e.time)).toBe(true);
      expect(e.message.length).toBeLessThanOrEqual(64 * 1024 + 200 * 2000);
    }
    expect(r.events.at(-1)!.fields?.omittedChars).toBe(String(200_000 + 0 - 64 * 1024));
  });

  it('caps a runaway continuation', () => {
    const text = `2024-02-20 01:00:01.000000 ${PREFIX}start\n${'  more\n'.repeat(500)}`;
    const ev = run(text).events[0]!;
    expect(ev.fields?.omittedLines).toBe('300');
    expect(ev.endLine).toBe(501);
  });
});

describe('message helpers', () => {
  it('markerOf', () => {
    expect(markerOf('================== Logs during Freeze Start ==============')).toBe('freeze-start');
    expect(markerOf('[SnapshotRequest.log_binary_output] -> ============== Binary output traces end ================= ')).toBe('binary-end');
    expect(markerOf('no marker')).toBeUndefined();
  });

  it('messageFields', () => {
    expect(messageFields('T:S ****** 7. Error - Binary Process Already Completed')).toEqual({ step: '7' });
    expect(messageFields('Plugin Host Precheck Failed StatusCode.FailedPrepostPluginhostConfigNotFound,')).toEqual({ statusCode: 'FailedPrepostPluginhostConfigNotFound' });
    expect(messageFields('Enable,transitioning,4,Transitioning state in extension,True')).toEqual({ operation: 'Enable', status: 'transitioning', code: '4' });
    expect(messageFields('plain')).toBeUndefined();
  });

  it('inferLevel keeps success lines info', () => {
    expect(inferLevel('IsSuccessful:True, SnapshotUri:https://x, ErrorMessage:', undefined)).toBe('info');
    expect(inferLevel('isanysnapshotfailed = False', undefined)).toBe('info');
    expect(inferLevel('statusBlobUploadError=None, snapshotCreator=backupHostService, ', undefined)).toBe('info');
    expect(inferLevel('T:S freeze, timeout value 60', undefined)).toBe('info');
    expect(inferLevel('freeze timed-out', undefined)).toBe('error');
    expect(inferLevel('Prescript for /x timed out.', undefined)).toBe('error');
    expect(inferLevel('x', { statusCode: 'success_appconsistent' })).toBe('info');
    expect(inferLevel('x', { statusCode: 'error_http_failure' })).toBe('error');
  });
});

describe('sniff', () => {
  it('claims handler lines, not waagent lines that mention the extension', () => {
    expect(sniffVmSnapshot([`2024-02-20 01:00:01.100000 ${PREFIX}starting enable`])).toBe(true);
    expect(sniffVmSnapshot([`2017/05/06 10:00:00 ERROR:${PREFIX}Unable to locate`])).toBe(true);
    expect(sniffVmSnapshot([`2024-02-20T01:00:01.100000Z INFO ExtHandler [${EXT}-1.0.9199.0] Target handler state: enabled`])).toBe(false);
    expect(sniffVmSnapshot([`2018/03/05 14:31:57.742721 INFO [${EXT}-1.0.9120.0] Target handler state: enabled`])).toBe(false);
  });
});

describe('safefreeze local times: the zone offset read from the UTC line that relays them', () => {
  const relayed = (outer: string, inner: string, text: string) => `${outer} ${PREFIX}${inner} : ${text}`;

  it('converts relayed lines and later bare ones of the same file; a relay minutes late still gives the zone', () => {
    const text = [
      // Relayed 9 min 40 s after the binary wrote it (SafeFreezeWaitInSeconds=600), VM at -05:00.
      relayed('2024-03-01 15:09:41.000000', '2024-03-01 10:00:01', 'Freezing: /data'),
      '2024-03-01 10:00:02 Thawing: /data',
    ].join('\n');
    const r = run(text);
    expect(r.events.map((e) => [e.time, e.timeSource, e.fields?.localOffset])).toEqual([
      [utc(2024, 3, 1, 15, 0, 1), 'inferred-offset', '-05:00'],
      [utc(2024, 3, 1, 15, 0, 2), 'inferred-offset', '-05:00'],
    ]);
    expect(r.events[0]!.timeText).toBe('2024-03-01 10:00:01');
  });

  it('leaves bare lines as they are until a relayed one showed the offset', () => {
    const r = run('2024-03-01 10:00:02 Thawing: /data\n');
    expect(r.events[0]).toMatchObject({ time: utc(2024, 3, 1, 10, 0, 2), timeSource: 'assumed-utc' });
    expect(r.events[0]!.fields?.localOffset).toBeUndefined();
  });

  it('with --tz converts with the zone given, not the one inferred', () => {
    const r = run(relayed('2024-03-01 15:00:05.000000', '2024-03-01 10:00:01', 'Freezing: /data'), fixedZone(-5));
    expect(r.events[0]).toMatchObject({ time: utc(2024, 3, 1, 15, 0, 1), timeSource: 'tz' });
    expect(r.events[0]!.fields?.localOffset).toBeUndefined();
  });

  it('ignores a difference no zone has (over 14 hours)', () => {
    const r = run(relayed('2024-03-03 15:00:05.000000', '2024-03-01 10:00:01', 'Freezing: /data'));
    expect(r.events[0]).toMatchObject({ time: utc(2024, 3, 1, 10, 0, 1), timeSource: 'assumed-utc' });
  });
});

describe('handler prefixes in bounded memory', () => {
  it('100,000 distinct handler versions remember at most the bound; the newest still give their events the version', () => {
    const facts: Fact[] = [];
    const events: LogEvent[] = [];
    const parser = new VmSnapshotLineParser({ path: EXT_LOG, tz: ASSUME_UTC, emit: (e) => events.push(e), fact: (f) => facts.push(f), problem: () => {} });
    const line = (i: number) => `2024-02-20 01:00:01.100000 [${EXT}-1.0.${i}]starting enable`;
    for (let i = 0; i < 100_000; i++) parser.line(line(i), i + 1);
    expect(parser.knownPrefixes).toBeLessThanOrEqual(MAX_FACT_VALUES);
    parser.line(line(99_999), 100_001);
    parser.end();
    expect(events.at(-1)!.extension).toEqual({ name: EXT, version: '1.0.99999' });
    // One version fact per distinct version, past the bound too (the entry's fact collector bounds what is kept).
    expect(facts.filter((f) => f.kind === 'extension-log-version')).toHaveLength(100_000);
  });
});
