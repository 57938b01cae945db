// One sample per format and variant with what the parser must read from it (lnav-style; checked by a test).
// Each line sample is parsed alone (a fresh parser, local times taken as UTC, path `extension.log`). Lines are made
// up in the real formats (backup-extension.md §1.2), not copied from real logs.
import type { Fact, LogEvent } from '../../model.js';

const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);
const EXT = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';
const PREFIX = `[${EXT}-1.0]`;

export type LineSample = { line: string; expect: Partial<LogEvent> };

export const VMSNAPSHOT_SAMPLES: LineSample[] = [
  {
    line: `2023-05-04 03:02:01.123456 ${PREFIX}T:S freeze, timeout value 45`,
    expect: {
      format: 'py3',
      time: utc(2023, 5, 4, 3, 2, 1, 123),
      timeText: '2023-05-04 03:02:01.123456',
      timeSource: 'utc',
      level: 'info',
      prefix: PREFIX,
      extension: { name: EXT, version: '1.0' },
      message: 'T:S freeze, timeout value 45',
      fields: { freezeTimeout: '45' },
    },
  },
  {
    line: `2023-05-04 03:02:09 ${PREFIX}starting daemon initially`,
    expect: { format: 'py3', time: utc(2023, 5, 4, 3, 2, 9), timeText: '2023-05-04 03:02:09', level: 'info', message: 'starting daemon initially' },
  },
  {
    line: `2023-05-04 03:03:00.500000 ${PREFIX}T:S Enable failed with FailedRetryableSnapshotFailedRestrictedNetwork errror StatusCode.FailedRetryableSnapshotFailedRestrictedNetwork,`,
    expect: { format: 'py3', level: 'error', fields: { statusCode: 'FailedRetryableSnapshotFailedRestrictedNetwork' } },
  },
  {
    line: `2023-05-04 03:02:02.000001 ${PREFIX}****** 5. Snaphotting (Guest-parallel) Started`,
    expect: { format: 'py3', level: 'info', fields: { step: '5' } },
  },
  {
    line: `2023-05-04 03:04:00.250000 ${PREFIX}Enable,error,122,T:S ###### Enable failed with error: freeze took longer than timeout StatusCode.FailedRetryableFsFreezeTimeout, ,True`,
    expect: { level: 'error', fields: { operation: 'Enable', status: 'error', code: '122', statusCode: 'FailedRetryableFsFreezeTimeout' } },
  },
  {
    line: `2023-05-04 03:01:00.000100 ${PREFIX}taskId: 4f1d2c3b-aaaa-bbbb-cccc-0123456789ab`,
    expect: { level: 'info', fields: { taskId: '4f1d2c3b-aaaa-bbbb-cccc-0123456789ab' } },
  },
  {
    line: `2023-05-04 03:01:30.000000 ${PREFIX}PreSnapshot: Status Code: 503`,
    expect: { fields: { hostStatusCode: '503' } },
  },
  {
    line: `2023-05-04 03:05:00.000000 ${PREFIX}================== Logs during Freeze Start ==============`,
    expect: { format: 'py3', time: utc(2023, 5, 4, 3, 5, 0), fields: { marker: 'freeze-start' } },
  },
  {
    line: `2024-06-01 00:00:01.000001 ${PREFIX}[FreezeHandler.sigusr1_handler] -> ****** 4. Freeze Completed (Signal=1 received)`,
    expect: { format: 'py3', message: '****** 4. Freeze Completed (Signal=1 received)', fields: { caller: 'FreezeHandler.sigusr1_handler', step: '4' } },
  },
  {
    line: `2018/07/08 09:10:11 ${PREFIX}Change log file to /var/log/azure/${EXT}/extension.log`,
    expect: { format: 'py2', time: utc(2018, 7, 8, 9, 10, 11), timeText: '2018/07/08 09:10:11', timeSource: 'assumed-utc', level: 'info', prefix: PREFIX, extension: { name: EXT, version: '1.0' } },
  },
  {
    line: `2018/07/08 09:10:12 ERROR:${PREFIX}Unable to locate ./HandlerEnvironment.json`,
    expect: { format: 'py2', level: 'error', prefix: PREFIX, message: 'Unable to locate ./HandlerEnvironment.json' },
  },
  {
    line: `2018/07/08 09:10:13 WARNING:${PREFIX}Retry to aquire lock count: 2`,
    expect: { format: 'py2', level: 'warning', message: 'Retry to aquire lock count: 2' },
  },
  {
    line: `2017/01/20 05:06:07 ${PREFIX}2017-01-20 05:06:07.654321  Warning  snapshot result inconsistent `,
    expect: {
      format: 'backuplogger',
      time: utc(2017, 1, 20, 5, 6, 7, 654),
      timeText: '2017-01-20 05:06:07.654321',
      timeSource: 'utc',
      level: 'warning',
      message: 'snapshot result inconsistent',
      fields: { outerTime: '2017/01/20 05:06:07' },
    },
  },
  {
    line: '2023/05/04 03:05:01.100000  Info  T:S doing snapshot now... ',
    expect: { format: 'backuplogger', time: utc(2023, 5, 4, 3, 5, 1, 100), timeSource: 'utc', level: 'info', message: 'T:S doing snapshot now...' },
  },
  {
    line: '2019-02-03 04:05:06.700000  Error  freeze failed for some mount ',
    expect: { format: 'backuplogger', time: utc(2019, 2, 3, 4, 5, 6, 700), level: 'error', message: 'freeze failed for some mount' },
  },
  {
    line: '2020-10-11 12:13:14 Failed to FITHAW: /srv/data',
    expect: { format: 'safefreeze', time: utc(2020, 10, 11, 12, 13, 14), timeSource: 'assumed-utc', level: 'error', message: 'Failed to FITHAW: /srv/data', fields: { binary: 'safefreeze' } },
  },
  {
    line: `2023-05-04 03:05:30.000200 ${PREFIX}2023-05-04 05:05:29 : freezing the mount: /mnt`,
    // The binary's local time (05:05:29) relayed at 03:05:30 UTC: the VM runs at +02:00.
    expect: {
      format: 'safefreeze',
      time: utc(2023, 5, 4, 3, 5, 29),
      timeSource: 'inferred-offset',
      level: 'info',
      message: 'freezing the mount: /mnt',
      fields: { outerTime: '2023-05-04 03:05:30.000200', binary: 'safefreeze', localOffset: '+02:00' },
    },
  },
];

export const SHELL_SAMPLES: LineSample[] = [
  {
    line: 'Sun Mar  3 04:05:06 UTC 2024- python3 path exists',
    expect: { format: 'date', time: utc(2024, 3, 3, 4, 5, 6), timeText: 'Sun Mar  3 04:05:06 UTC 2024', timeSource: 'utc', level: 'info', message: 'python3 path exists' },
  },
  {
    line: 'Sun Mar  3 04:05:07 UTC 2024- python version unknown',
    expect: { format: 'date', level: 'error', message: 'python version unknown' },
  },
  {
    line: 'Sun Mar  3 06:05:08 CET 2024- 3 returned from handle.py',
    expect: { format: 'date', time: utc(2024, 3, 3, 6, 5, 8), timeSource: 'assumed-utc', level: 'warning', fields: { rc: '3' } },
  },
  {
    line: '[2024-03-03 04:05:09:123456789] python3 path exists',
    expect: { format: 'host-daemon', time: utc(2024, 3, 3, 4, 5, 9, 123), timeText: '2024-03-03 04:05:09:123456789', timeSource: 'utc', message: 'python3 path exists' },
  },
];

export const GENERIC_SAMPLES: LineSample[] = [
  {
    line: '2024-02-01T10:20:30.456Z INFO handler started',
    expect: { format: 'iso', time: utc(2024, 2, 1, 10, 20, 30, 456), timeText: '2024-02-01T10:20:30.456Z', timeSource: 'utc', level: 'info', message: 'handler started' },
  },
  {
    line: '2024-02-01T12:20:30+02:00 ERROR could not download the script',
    expect: { format: 'iso', time: utc(2024, 2, 1, 10, 20, 30), timeSource: 'utc', level: 'error', message: 'could not download the script' },
  },
  {
    line: '2024-02-01 10:20:30,789 - runcommand - WARNING - retrying in 5 s',
    expect: { format: 'iso-space', time: utc(2024, 2, 1, 10, 20, 30, 789), timeSource: 'assumed-utc', level: 'warning' },
  },
  {
    line: '2024/02/01 10:20:31 [Microsoft.OSTCExtensions.VMAccessForLinux-1.5.18] Failed to reset ssh config',
    expect: { format: 'slash', time: utc(2024, 2, 1, 10, 20, 31), timeSource: 'assumed-utc', level: 'error' },
  },
  {
    line: 'time="2024-02-01T10:20:32Z" level=error msg="failed to execute command" error="exit status 1"',
    expect: { format: 'logfmt', time: utc(2024, 2, 1, 10, 20, 32), timeText: '2024-02-01T10:20:32Z', timeSource: 'utc', level: 'error' },
  },
  {
    line: 'time=2024-02-01T10:20:33Z version=v2.1.9 operation=enable seq=0 event=start',
    expect: { format: 'logfmt', time: utc(2024, 2, 1, 10, 20, 33), timeSource: 'utc', level: 'info' },
  },
  {
    line: '[2024-02-01 10:20:34.100] [Warning] disk almost full',
    expect: { format: 'iso-space', time: utc(2024, 2, 1, 10, 20, 34, 100), level: 'warning', message: 'disk almost full' },
  },
];

export const EVENTS_SAMPLES: { path: string; text: string; expectFacts?: Partial<Fact>[]; expectEvents?: Partial<LogEvent>[] }[] = [
  {
    path: `var/log/azure/${EXT}/events/1700000000000000000.json`,
    text: JSON.stringify([
      { Version: `${EXT}-1.0.9199.0`, Timestamp: '2023-11-14T22:13:20.500000', TaskName: 'Enable', EventLevel: 'Info', Message: 'starting enable', EventPid: '4242', EventTid: '00000001', OperationId: 'task-1' },
      { Version: '1.0.9199.0', Timestamp: '2023-11-14T22:14:00Z', TaskName: 'Enable', EventLevel: 'Error', Message: 'freeze timed-out', EventPid: '4242', EventTid: '00000001', OperationId: 'task-1' },
    ]),
    expectEvents: [
      { time: utc(2023, 11, 14, 22, 13, 20, 500), timeSource: 'utc', level: 'info', message: 'starting enable', extension: { name: EXT, version: '1.0.9199.0' }, fields: { record: '1', taskName: 'Enable', eventLevel: 'Info', operationId: 'task-1', pid: '4242', tid: '00000001', version: `${EXT}-1.0.9199.0` } },
      { time: utc(2023, 11, 14, 22, 14, 0), level: 'error', message: 'freeze timed-out' },
    ],
  },
];
