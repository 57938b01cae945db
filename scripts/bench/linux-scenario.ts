// What the generated Linux bundle must be found to say. Known causes are planted at known times into the
// generated logs: the wire server unreachable for two hours, then the snapshot command arriving too late
// (CRP timeout, code 402); three days earlier a backup whose fsfreeze timed out while a task hung; five days
// earlier an OOM kill. Lines follow the fixtures' real shapes (test/fixtures/bundles/*).
import { HOST, SNAPSHOT_EXT, isoMicros, rfc3339, spaceMicros } from './linux-lines.js';
import type { Planted } from './text-file.js';
import type { Rng } from './random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PY3 = `[${SNAPSHOT_EXT}-1.0]`;
const WAAGENT_EXT = `[${SNAPSHOT_EXT}-1.0.9225.0]`;

/** The report's finding ids and first root cause the bench requires (anything else is a wrong report). */
export const LINUX_EXPECTED = {
  findings: [
    // The generated logs hold benign tracebacks (a purge retried, an IMDS call timed out), as real ones do.
    'agent-crash.traceback',
    'fsfreeze.freeze-timeout',
    'fsfreeze.hung-task-during-freeze',
    'network.hostplugin-unreachable',
    'network.status-upload-failed',
    'network.wireserver-unreachable',
    'resource-pressure.oom-kill',
    'snapshot-timeout.command-too-late',
  ],
  rootCause: 'network.wireserver-unreachable',
};

export interface Scenario {
  waagent: Planted[];
  snapshotLog: Planted[];
  syslog: Planted[];
  kernLog: Planted[];
  statusFile: string;
}

/** The planted lines, for a bundle whose logs end at `end`. */
export function scenario(r: Rng, end: number): Scenario {
  const outage = end - 3 * HOUR;
  const late = end - HOUR;
  const freeze = end - 3 * DAY;
  const oom = end - 5 * DAY;
  const wa = (ms: number, level: string, text: string): string => `${isoMicros(r, ms)} ${level} ExtHandler ExtHandler ${text}`;
  const goalStateFailing = (errno: string) => `[ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError ${errno} -- 6 attempts made`;
  const snap = (ms: number, msg: string): string => `${spaceMicros(r, ms)} ${PY3}${msg}`;
  const kernel = (ms: number, uptime: string, msg: string): string => `${rfc3339(r, ms)} ${HOST} kernel: [${uptime}] ${msg}`;
  const oomLines = [
    kernel(oom, '301122.114501', 'python3 invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0'),
    kernel(oom + 1, '301122.114611', 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/app.service,task=java,pid=2231,uid=1001'),
    kernel(oom + 2, '301122.114700', 'Out of memory: Killed process 2231 (java) total-vm:9876543kB, anon-rss:7654321kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:16384kB oom_score_adj:0'),
  ];
  const hungTask = [
    kernel(freeze + 200_000, '812345.123456', 'INFO: task postgres:2211 blocked for more than 120 seconds.'),
    kernel(freeze + 200_001, '812345.123470', '      Not tainted 5.15.0-1064-azure #73-Ubuntu'),
  ];
  return {
    waagent: [
      { at: outage, lines: [wa(outage, 'ERROR', `Error fetching the goal state: ${goalStateFailing('[Errno 110] Connection timed out')}`)] },
      { at: outage + 1, lines: [wa(outage + 1, 'WARNING', 'Failed to report vm agent status: [ProtocolError] [HTTP Failed] PUT http://168.63.129.16:32526/status -- IOError [Errno 110] Connection timed out -- 6 attempts made')] },
      { at: outage + 0.5 * HOUR, lines: [wa(outage + 0.5 * HOUR, 'ERROR', `Fetching the goal state is still failing: ${goalStateFailing('[Errno 110] Connection timed out')}`)] },
      { at: outage + 0.5 * HOUR + 20, lines: [wa(outage + 0.5 * HOUR + 20, 'WARNING', 'HostGAPlugin: Exception Get API versions: [HttpError] [HTTP Failed] GET http://168.63.129.16:32526/versions -- IOError [Errno 113] No route to host -- 6 attempts made')] },
      { at: outage + 1.5 * HOUR, lines: [wa(outage + 1.5 * HOUR, 'ERROR', `Fetching the goal state is still failing: ${goalStateFailing('[Errno 113] No route to host')}`)] },
      {
        at: late - 2000,
        lines: [
          wa(late - 2000, 'INFO', 'Fetching the goal state recovered from previous errors. Fetched incarnation 93 (certificates: [])'),
          `${isoMicros(r, late - 1000)} INFO ExtHandler ${WAAGENT_EXT} Target handler state: enabled [incarnation_93]`,
          `${isoMicros(r, late - 990)} INFO ExtHandler ${WAAGENT_EXT} Enable extension: [main/handle.sh enable]`,
        ],
      },
    ],
    snapshotLog: [
      {
        at: freeze,
        lines: [
          snap(freeze, 'starting enable'),
          snap(freeze + 110, 'T:S freeze, timeout value 60'),
          snap(freeze + 113, 'fsfreeze mount :/data'),
          snap(freeze + 114, 'fsfreeze mount :/'),
          snap(freeze + 120, '****** 1. Starting Freeze Binary'),
          snap(freeze + 66_080, 'inside while with sig_handle 0'),
          snap(freeze + 66_082, 'freeze timed-out'),
          snap(freeze + 66_083, '****** 7. Sending Thaw Signal to Binary'),
          snap(freeze + 66_190, '****** 9. Binary Process completed (Signal=2 received)'),
          snap(freeze + 66_282, 'T:S ###### Enable failed with error: freeze took longer than timeout StatusCode.FailedRetryableFsFreezeTimeout,'),
          snap(freeze + 70_381, 'Enable,success,122,freeze took longer than timeout,'),
        ],
      },
      {
        at: late,
        lines: [
          snap(late, 'starting enable'),
          snap(late + 1, 'taskId: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d'),
          snap(late + 100, 'timespan: 2:31:10.101020, total_span_in_seconds: 9070, MAX_TIMESPAN: 8400'),
          snap(late + 101, 'CRP timeout limit has reached, will not take snapshot.'),
          snap(late + 200, 'Enable,error,402,CRP timeout limit has reached,'),
        ],
      },
    ],
    syslog: [
      { at: oom, lines: oomLines },
      { at: freeze + 200_000, lines: hungTask },
    ],
    kernLog: [
      { at: oom, lines: oomLines },
      { at: freeze + 200_000, lines: hungTask },
    ],
    statusFile: JSON.stringify([
      {
        version: '1.0',
        timestampUTC: new Date(late + 1000).toISOString().slice(0, 19) + 'Z',
        status: {
          name: SNAPSHOT_EXT,
          operation: 'Enable',
          status: 'error',
          code: '402',
          formattedMessage: { lang: 'en-US', message: JSON.stringify({ messageStr: 'CRP timeout limit has reached, will not take snapshot. ', snapshotConsistency: 0 }) },
          substatus: [],
        },
      },
    ]),
  };
}
