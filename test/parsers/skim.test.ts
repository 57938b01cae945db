// Lines counted from their bytes (`LineParser.skim`) must leave the analysis exactly as making their events would:
// the same events kept for the detectors, facts, problems, source summaries and counts, wherever the chunks cut
// the text. Each parser with a skim is run through the real entry parse twice, with and without it.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryParsing } from '../../src/entry-parse.js';
import type { OpenedEntry } from '../../src/entry-reader.js';
import { detectors } from '../../src/detectors/index.js';
import type { LogEvent } from '../../src/model.js';
import type { Parser } from '../../src/parsers/types.js';
import { parsers } from '../../src/parsers/index.js';

const lineParsers = parsers.filter((p): p is Parser => p.kind === undefined || p.kind === 'lines');
const byId = (id: string): Parser => lineParsers.find((p) => p.id === id)!;

/** `parser` without its skim: every line is made into an event (the reference). */
function withoutSkim(parser: Parser): Parser {
  return {
    ...parser,
    create(ctx) {
      const lp = parser.create(ctx);
      return { line: lp.line.bind(lp), end: lp.end.bind(lp), stats: lp.stats.bind(lp) };
    },
  };
}

/** The text cut into Node Buffers at `cuts` (the splitter hands a Buffer's lines to `skim`). */
function chunks(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) out.push(Buffer.from(bytes.subarray(from, c)));
    from = Math.max(from, c);
  }
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

async function analyse(parser: Parser, path: string, parts: Buffer[]) {
  const kept: LogEvent[] = [];
  const opened: OpenedEntry = {
    parser,
    first: parts[0]!,
    rest: (async function* () {
      yield* parts.slice(1);
    })(),
    skip: async () => {},
  };
  const result = await new EntryParsing({}, detectors, 'offered').parse(opened, { path, mtime: new Date('2024-06-04T00:00:00Z') }, (e) => kept.push(e));
  return { kept, result };
}

async function expectSame(parser: Parser, path: string, text: string, cuts: number[]): Promise<void> {
  const parts = chunks(text, cuts);
  const skimmed = await analyse(parser, path, parts);
  const reference = await analyse(withoutSkim(parser), path, parts);
  expect(skimmed).toEqual(reference);
}

const fixtures = (dir: string, parserId: string) =>
  readdirSync(new URL(`../fixtures/${dir}/`, import.meta.url))
    .filter((f) => /\.(log|txt)$|^[a-z]+$/.test(f))
    .map((f) => [parserId, f, readFileSync(new URL(`../fixtures/${dir}/${f}`, import.meta.url), 'utf8')] as const);

/**
 * Routine lines of each parser and the lines around them that decide whether they may be counted: continuations,
 * blank lines, dated lines that are no header, facts, extensions seen for the first time, payloads.
 */
const ROUTINE: Record<string, string[]> = {
  'waagent-log': [
    '2024-05-02T06:00:01.178802Z INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_12 1187 ms]',
    '2024-05-02T06:00:02.000000Z INFO MonitorHandler ExtHandler Stopped tracking cgroup walinuxagent.service',
    '2024-05-02T06:00:03Z INFO ExtHandler [Microsoft.Azure.Extensions.CustomScript-2.1.9] Handler status: ready',
    '2024-05-02T06:00:04.5Z INFO ExtHandler [Microsoft.CPlat.Core.RunCommandLinux-1.0.5] Target handler state: enabled',
    '2024-05-02T06:00:05.000000Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.9.1.1 is running as the goal state agent [DEBUG HeartbeatCounter: 1;HeartbeatId: 5A2;DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1]',
    '2024-05-02T06:00:06.000000Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.9.1.2 is running as the goal state agent [DEBUG HeartbeatCounter: 2;HeartbeatId: 5A2;DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 0]',
    '2024-05-02T06:00:07.000000Z INFO Daemon Daemon Azure Linux Agent Version: 2.2.53',
    '2024-05-02T06:00:08.000000Z INFO ExtHandler ExtHandler Event: name=WALinuxAgent, op=HeartBeat, message=, duration=0',
    '2024-05-02T06:00:09.000000Z INFO EnvHandler ExtHandler Set block dev timeout: sda with timeout: 300',
    '2024-05-02T06:00:10.000000Z INFO ExtHandler ExtHandler',
    '2024-05-02T06:00:11.000000Z INFO [Microsoft.OSTCExtensions.VMAccessForLinux-1.5.2] 2.2.46 bracket prefix',
    '2024/05/02 06:00:12.000001 INFO Daemon Azure Linux Agent is running',
    '2024/05/02 06:00:13.000002 INFO ExtHandler Checking for agent family Prod updates',
    '2024/05/02 06:00:14.000003 INFO [Microsoft.Azure.Extensions.CustomScript-2.1.9] Handler status: ready',
    '2024/05/02 06:00:15.000004 INFO Event: name=WALinuxAgent, op=HeartBeat, message=, duration=0',
    '2024/05/02 06:00:16.000005 INFO ExtHandler Python: 3.8.10',
    '2024/05/02 06:00:17 INFO 2.0 era line',
    '2024/05/02 06:00:17 INFO   grouped 2.0 continuation',
    '2024/05/02 06:00:18.000006 INFO',
    '2024/05/02 06:00:19.000007 INFO Daemon is already running',
    '2024/05/02 06:00:20.000008 VERBOSE verbose line',
    '  continuation of the entry before',
    'Traceback (most recent call last):',
    '',
    '   ',
    '2024-05-02T06:00:21.000000Z VERBOSE ExtHandler ExtHandler verbose',
    '2024-05-02T06:00:22.000000Z INFOX not a level',
    '2024-05-02 dated but no header',
    '**2024-05-02T06:00:23.000000Z INFO ExtHandler ExtHandler bold paste**',
    'May  2 06:00:24 vm python3[912]: 2024-05-02T06:00:24.000000Z INFO ExtHandler ExtHandler wrapped',
  ],
  syslog: [
    'Jun  1 06:25:01 vm1 CRON[2201]: (root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))',
    'Jun  1 06:25:02 vm1 systemd[1]: Started Session 12 of user azureuser.',
    'Jun  1 06:25:03.123456 vm1 systemd-logind[812]: New session 12 of user azureuser.',
    'Jun  1 06:25:04 vm1 kernel: [ 1234.567890] hv_balloon: Balloon request will be partially fulfilled.',
    'Jun  1 06:25:05 vm1 kernel: [ 1234.5678] eth0: link becomes ready',
    'Jun  1 06:25:06 vm1 kernel: plain kernel text',
    'Jun  1 06:25:07 vm1 rsyslogd:  [origin software="rsyslogd"] rsyslogd was HUPed',
    'Jun  1 06:25:08 vm1 Hyper-V VSS: Hyper-V VSS: VSS: op=FREEZE: succeeded',
    'Jun  1 06:25:09 vm1 systemd-shutdown[1]: Sending SIGTERM to remaining processes...',
    'Jun  1 06:25:10 vm1 python3[912]: 2024-06-01T06:25:10.000000Z INFO ExtHandler ExtHandler agent line',
    'Jun  1 06:25:10 vm1 python3[912]: continuation of the agent record',
    'Jun  1 06:25:11 vm1 WALinuxAgent[913]: tagged agent line',
    'Jun  1 06:25:12 vm1 dhclient[700]: DHCPREQUEST for 10.0.0.4 on eth0 to 168.63.129.16 port 67',
    'Jun  1 06:25:13 vm1 systemd[1]: <3>a level column',
    'Jun  1 06:25:14 vm1 app[1]: héllo non-ASCII text',
    'Jun  1 06:25:15 vm1 app[1]: text with an error word: failed',
    'Jun  1 06:25:16 vm1 app:',
    'Jun  1 06:25:17 vm1 no tag at all',
    'Jun  1 06:25:18 vm1',
    '    indented continuation of the entry before',
    '\tTab continuation',
    '',
    '  ',
    '-- Boot 5f2c8d9e1a2b4c3d --',
    '-- Logs begin at Sat 2024-06-01 00:00:01 UTC, end at Sat 2024-06-01 23:59:59 UTC. --',
    'Jun 31 06:25:19 vm1 app[1]: day out of range for June, still a day 1-31',
    'Jun  1 24:25:19 vm1 app[1]: hour 24',
    'Jux  1 06:25:19 vm1 app[1]: no month',
    'Sat 2024-06-01 06:25:20 UTC vm1 app[1]: short-full',
    '2024-06-01T06:25:21.123456+00:00 vm1 systemd[1]: rfc3339 line',
    '2024-06-01T06:25:22+0000 vm1 systemd[1]: short-iso line',
    '2024-06-01T06:25:23Z vm1 systemd[1]: zulu line',
    '2024-06-01T06:25:24.5-05:30 vm1 systemd[1]: negative offset',
    '2024-06-01T06:25:25 vm1 systemd[1]: no zone: unparsed',
    '2024-06-01T06:25:26+00:00junk not a header',
    'garbage line that is no header',
    '\u0000\u0000Jun  1 06:25:27 vm1 app[1]: after NULs',
  ],
  'journal-json': [
    journal({}),
    journal({}),
    journal({ __REALTIME_TIMESTAMP: '1717223102000000', MESSAGE: 'Reached target Timers.' }),
    journal({ __REALTIME_TIMESTAMP: '1717223103000000', PRIORITY: '5', _TRANSPORT: 'kernel', SYSLOG_IDENTIFIER: 'kernel', _PID: undefined, _COMM: undefined, MESSAGE: 'hv_balloon: Balloon request will be partially fulfilled.' }),
    journal({ __REALTIME_TIMESTAMP: '1717223104000000', PRIORITY: '7', SYSLOG_IDENTIFIER: undefined, _COMM: 'cron', MESSAGE: 'debug line' }),
    journal({ __REALTIME_TIMESTAMP: undefined, _SOURCE_REALTIME_TIMESTAMP: '1717223105000000', MESSAGE: 'source time only' }),
    journal({ _BOOT_ID: '0000aaaa0000aaaa0000aaaa0000aaaa', MESSAGE: 'a new boot' }),
    journal({ PRIORITY: '3', MESSAGE: 'Failed to start Foo.' }),
    journal({ PRIORITY: '2', MESSAGE: 'Started Session 13 of user azureuser.' }),
    journal({ PRIORITY: '4', MESSAGE: 'Started Session 14 of user azureuser.' }),
    journal({ MESSAGE: 'Refreshing the package list' }),
    journal({ MESSAGE: 'Downloading extension package: https://example.invalid/ext.zip' }),
    journal({ PRIORITY: '4', MESSAGE: 'a warning' }),
    journal({ PRIORITY: undefined, MESSAGE: 'no priority' }),
    journal({ MESSAGE: 'text with an error word: failed' }),
    journal({ MESSAGE: 'Linux version 5.15.0-1052-azure (buildd@lcy02-amd64-069)' }),
    journal({ MESSAGE: 'Out of memory: Killed process 1234 (java)' }),
    journal({ MESSAGE: 'a "quoted" word\tand a tab' }),
    journal({ MESSAGE: 'héllo non-ASCII text' }),
    journal({ MESSAGE: '<3>a level column' }),
    journal({ MESSAGE: '' }),
    journal({ MESSAGE: undefined }),
    journal({ SYSLOG_IDENTIFIER: 'python3', _COMM: 'python3', _PID: '887', MESSAGE: '2024-06-01T06:25:10.000000Z INFO ExtHandler ExtHandler agent line' }),
    journal({ SYSLOG_IDENTIFIER: 'python3', _COMM: 'python3', _PID: '887', MESSAGE: 'continuation of the agent record' }),
    journal({ SYSLOG_IDENTIFIER: 'waagent', MESSAGE: 'tagged agent line' }),
    journal({ SYSLOG_IDENTIFIER: 'WALinuxAgent', MESSAGE: 'tagged agent line' }),
    journal({ SYSLOG_IDENTIFIER: 'systemd-shutdown', MESSAGE: 'Sending SIGTERM to remaining processes...' }),
    '{"__REALTIME_TIMESTAMP":"1717223105500000","PRIORITY":"6","SYSLOG_IDENTIFIER":"w\\u0061agent","MESSAGE":"an escaped identifier"}',
    journal({ __REALTIME_TIMESTAMP: '12345678901234567', MESSAGE: 'seventeen digits' }),
    journal({ __REALTIME_TIMESTAMP: 'x1717223101000123', MESSAGE: 'not digits' }),
    journal({ PRIORITY: '66', MESSAGE: 'two-digit priority' }),
    '{"__REALTIME_TIMESTAMP":"1717223106000000","PRIORITY":"6","MESSAGE":"repeated","MESSAGE":"Failed: the last one counts"}',
    '{"__REALTIME_TIMESTAMP":"1717223107000000","PRIORITY":"6","MESSAGE":"plain","MESS\\u0041GE":"Out of memory: Killed process 99 (java), behind an escaped field name"}',
    '{"__REALTIME_TIMESTAMP":"1717223107500000","PRIORITY":"6","MESSAGE":"Out of m\\u0065mory: Killed process 98 (java), behind an escape"}',
    '{"__REALTIME_TIMESTAMP":"1717223108000000","PRIORITY":"6","MESSAGE":[104,105]}',
    '{"__REALTIME_TIMESTAMP":"1717223109000000","PRIORITY":6,"MESSAGE":"a number"}',
    '{"__REALTIME_TIMESTAMP":"1717223110000000", "PRIORITY":"6","MESSAGE":"whitespace"}',
    '{"__REALTIME_TIMESTAMP":"1717223111000000","PRIORITY":"6","MESSAGE":"cut',
    '{"__REALTIME_TIMESTAMP":"1717223112000000","PRIORITY":"6","MESSAGE":"trailing comma",}',
    '{"__REALTIME_TIMESTAMP":"1717223113000000","PRIORITY":"6","MESSAGE":"bad escape \\q"}',
    '{}',
    '{',
    '  "MESSAGE" : "inside a pretty object",',
    '}',
    'not json',
    '',
  ],
};

/** A `journalctl -o json` record: journalctl's field order, `over` replacing or adding fields (undefined drops one). */
function journal(over: Record<string, string | undefined>): string {
  const record: Record<string, string | undefined> = {
    __CURSOR: 's=6e1f;i=1;b=5f8a;m=3e8;t=60ee;x=1eef',
    __REALTIME_TIMESTAMP: '1717223101000123',
    __MONOTONIC_TIMESTAMP: '1000000',
    _BOOT_ID: '5f8a4b0c2d1e4f3a9b7c6d5e4f3a2b1c',
    _HOSTNAME: 'vm1',
    PRIORITY: '6',
    _TRANSPORT: 'syslog',
    SYSLOG_IDENTIFIER: 'systemd',
    _PID: '1',
    _COMM: 'systemd',
    MESSAGE: 'Started Session 12 of user azureuser.',
    ...over,
  };
  return JSON.stringify(Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)));
}

const CASES = [
  ...fixtures('waagent', 'waagent-log'),
  ...fixtures('system-logs', 'syslog').filter(([, f]) => !/journal|dmesg|cloud-init/.test(f)),
  ['journal-json', 'journal.json', readFileSync(new URL('../fixtures/system-logs/journal.json', import.meta.url), 'utf8')] as const,
];

describe('skimmed lines leave the analysis as their events would', () => {
  it.each(CASES)('%s: %s, in one chunk and in small ones', async (id, file, text) => {
    await expectSame(byId(id), `var/log/${file}`, text, []);
    await expectSame(byId(id), `var/log/${file}`, text, Array.from({ length: 40 }, (_, i) => (i * 97) % text.length));
  });

  it.each(Object.keys(ROUTINE))('%s: counts lines from their bytes (the routine lines exercise the path)', async (id) => {
    const parser = byId(id);
    let skims = 0;
    const counting: Parser = {
      ...parser,
      create(ctx) {
        const lp = parser.create(ctx);
        const skim = lp.skim!.bind(lp);
        lp.skim = (...args) => {
          const took = skim(...args);
          if (took) skims++;
          return took;
        };
        return lp;
      },
    };
    const text = ROUTINE[id]!.join('\n') + '\n';
    await analyse(counting, 'var/log/messages', chunks(text, []));
    expect(skims).toBeGreaterThan(3);
  });

  it('waagent-log: past the bound of remembered extension prefixes, forgotten ones come back the same way', async () => {
    // 3,000 distinct prefixes (past MAX_EXTENSION_PREFIXES), each followed by a routine line of an older one.
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      lines.push(`2024-05-02T06:00:01.${String(i).padStart(6, '0')}Z INFO ExtHandler [Contoso.Ext-1.0.${i}] Handler status: ready`);
      lines.push(`2024-05-02T06:00:02.${String(i).padStart(6, '0')}Z INFO ExtHandler [Contoso.Ext-1.0.${(i * 7) % (i + 1)}] Handler status: ready`);
    }
    const text = lines.join('\n') + '\n';
    await expectSame(byId('waagent-log'), 'var/log/waagent.log', text, [1000, 70_000, 200_000]);
  });

  it.each(Object.keys(ROUTINE))('%s: for any mix of the fixtures’ lines, cut anywhere (fast-check)', async (id) => {
    const pool = [...CASES.filter(([p]) => p === id).flatMap(([, , t]) => t.split('\n')), ...ROUTINE[id]!, ...ROUTINE[id]!];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), async (lines, cuts, crlf) => {
        await expectSame(byId(id), 'var/log/messages', lines.join(crlf ? '\r\n' : '\n') + '\n', cuts);
      }),
      { numRuns: 300 },
    );
  });
});
