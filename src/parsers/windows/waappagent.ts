// WaAppAgent.log, the Windows guest agent's log (../shared/docs/windows.md §1), both eras:
// current `[tid] 2024-04-17T07:19:26.812Z [LEVEL] msg` (UTC) and older `[tid] [MM/DD/YYYY HH:MM:SS.ff] [LEVEL] msg`
// (local time of the VM). Lines without a header continue the previous entry (exception stack traces, the VM health
// report block). Facts: `agent-version` role `windows-agent` and `os` Windows from `WindowsAzureGuestAgent starting.
// Version X`; `extension` (value plugin name, role version) from the plugin anchors (plugins.ts). Events about a
// plugin get `fields.plugin` (and `version`, `operation`, `result`) and `extension`; warnings and errors naming a
// host or an HTTP status get `fields.host` / `fields.httpStatus`.
import type { Level, LogEvent } from '../../model.js';
import { MultilineEntry } from '../multiline.js';
import type { LineParser, ParseContext, Parser } from '../types.js';
import { AgentAnchors, networkFields } from './plugins.js';
import { fractionMs } from './stamp.js';

export const WAAPPAGENT_ID = 'waappagent-log';

// The thread id is left out in some copies (pasted lines, other writers of the same format): optional.
const CURRENT = /^(?:\[([0-9A-Fa-f]{1,16})\] )?((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z) \[([A-Za-z]{1,12})\]\s?(.*)$/;
const OLDER = /^(?:\[([0-9A-Fa-f]{1,16})\] )?\[((\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?)\] \[([A-Za-z]{1,12})\]\s?(.*)$/;
const LOOKS_DATED = /^(?:\[[0-9A-Fa-f]{1,16}\]\s*)?\[?(?:\d{4}-\d\d-\d\dT|\d{1,2}\/\d{1,2}\/\d{4} )/;
/** Words of the agent's own lines: a file of thread-less lines is sniffed as this log only when one of them shows. */
const AGENT_WORDS = /WindowsAzureGuestAgent|WaAppAgent|GuestAgent|RdAgent|[Pp]lugin|Microsoft\.(?:Compute|Azure|CPlat|EnterpriseCloud)\./;

const LEVELS: Record<string, Level> = {
  INFO: 'info',
  INFORMATION: 'info',
  WARN: 'warning',
  WARNING: 'warning',
  ERROR: 'error',
  FATAL: 'error',
  CRITICAL: 'error',
  TRACE: 'verbose',
  VERBOSE: 'verbose',
  DEBUG: 'verbose',
};

/**
 * The agent writes some failures at [INFO]: `Plugin X reported status Error: code 1 message ...`. Such a line is an
 * error, as its words say: an INFO line reporting a plugin or operation status of Error or Failed, or a plugin
 * operation the anchors read as failed (`Failed to enable plugin X`, `Enable of plugin X failed`). Warnings stay
 * warnings and TRACE/VERBOSE lines stay verbose: only what the agent calls routine is re-read.
 */
const STATUS_ERROR = /\bstatus:? '?(?:Error|Failed)\b/i;

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59;
}

/** Adds `fields.host` / `fields.httpStatus` to a warning or an error that names them, then emits it. */
export function withNetworkFields(ev: LogEvent): LogEvent {
  if (ev.level === 'error' || ev.level === 'warning') {
    const net = networkFields(ev.message);
    if (net['host'] || net['httpStatus']) ev.fields = { ...ev.fields, ...net };
  }
  return ev;
}

class WaAppAgentLines implements LineParser {
  private readonly entry: MultilineEntry;
  private unparsed = 0;
  private readonly formats = new Set<string>();
  private readonly anchors: AgentAnchors;

  constructor(private readonly ctx: ParseContext) {
    this.entry = new MultilineEntry((ev) => ctx.emit(withNetworkFields(ev)));
    this.anchors = new AgentAnchors(ctx, WAAPPAGENT_ID);
  }

  line(text: string, lineNo: number): void {
    const current = CURRENT.exec(text);
    const older = current ? undefined : OLDER.exec(text);
    const m = current ?? older;
    let time = Number.NaN;
    if (m) {
      if (current) {
        const [y, mo, d, h, mi, sec] = [+m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!, +m[8]!];
        if (valid(y, mo, d, h, mi, sec)) time = Date.UTC(y, mo - 1, d, h, mi, sec, fractionMs(m[9]));
      } else {
        const [mo, d, y, h, mi, sec] = [+m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!, +m[8]!];
        if (valid(y, mo, d, h, mi, sec)) time = this.ctx.tz.toUtc(y, mo, d, h, mi, sec, fractionMs(m[9]));
      }
    }
    if (!m || !Number.isFinite(time)) {
      if (m || LOOKS_DATED.test(text)) this.unparsed++;
      this.entry.add(text, lineNo);
      return;
    }
    const timeText = m[2]!;
    let timeSource: LogEvent['timeSource'];
    if (current) {
      timeSource = 'utc';
      this.formats.add(m[1] === undefined ? 'iso-utc-no-thread' : 'iso-utc');
    } else {
      timeSource = this.ctx.tz.explicit ? 'tz' : 'assumed-utc';
      this.formats.add(m[1] === undefined ? 'mm/dd/yyyy-local-no-thread' : 'mm/dd/yyyy-local');
    }
    const ev: LogEvent = {
      time,
      timeText,
      timeSource,
      level: LEVELS[m[10]!.toUpperCase()] ?? 'info',
      source: WAAPPAGENT_ID,
      path: this.ctx.path,
      line: lineNo,
      message: m[11]!.replace(/^\s+/, ''),
      raw: text,
    };
    if (m[1] !== undefined) ev.thread = m[1];
    this.anchors.firstLine(ev);
    if (ev.level === 'info' && (ev.fields?.['result'] === 'failed' || STATUS_ERROR.test(ev.message))) ev.level = 'error';
    this.entry.begin(ev);
  }

  end(): void {
    this.entry.flush();
  }

  stats(): { unparsed: number; formats: string[] } {
    return { unparsed: this.unparsed, formats: [...this.formats] };
  }
}

/** A header line with a thread id; without one, a header line and a line naming the agent or a plugin. */
function sniffWaAppAgent(lines: string[]): boolean {
  let threadless = false;
  for (const l of lines) {
    const m = CURRENT.exec(l) ?? OLDER.exec(l);
    if (m && m[1] !== undefined) return true;
    if (m) threadless = true;
  }
  return threadless && lines.some((l) => AGENT_WORDS.test(l));
}

export const waAppAgentParser: Parser = {
  id: WAAPPAGENT_ID,
  description: 'Windows guest agent log (WaAppAgent.log)',
  globs: ['**/WaAppAgent*.log', '**/WaAppAgent*.log.*'],
  sniff: sniffWaAppAgent,
  samples: [
    {
      line: '[00000011] 2024-05-02T03:10:41.118Z [INFO]  Beginning enable of plugin Microsoft.Azure.RecoveryServices.VMSnapshot.',
      expect: {
        time: Date.UTC(2024, 4, 2, 3, 10, 41, 118),
        timeSource: 'utc',
        level: 'info',
        thread: '00000011',
        message: 'Beginning enable of plugin Microsoft.Azure.RecoveryServices.VMSnapshot.',
        fields: { plugin: 'Microsoft.Azure.RecoveryServices.VMSnapshot', operation: 'enable', result: 'started' },
      },
    },
    {
      line: '[00000011] 2024-05-02T03:10:41.130Z [ERROR] Microsoft.Compute.BGInfo: Error SetCPUNotification: 87',
      expect: { level: 'error', extension: { name: 'Microsoft.Compute.BGInfo' }, fields: { plugin: 'Microsoft.Compute.BGInfo' } },
    },
    {
      line: '[00000011] 2024-05-02T03:10:41.125Z [TRACE] Microsoft.Compute.BGInfo: job object already exists, reusing it',
      expect: { level: 'verbose', thread: '00000011', fields: { plugin: 'Microsoft.Compute.BGInfo' } },
    },
    {
      line: '[00000005] [03/09/2020 22:41:07.05] [WARN]  Waiting for OOBE to Complete ...',
      expect: { time: Date.UTC(2020, 2, 9, 22, 41, 7, 50), level: 'warning', timeSource: 'assumed-utc', timeText: '03/09/2020 22:41:07.05', message: 'Waiting for OOBE to Complete ...' },
    },
    {
      line: '[00000005] [03/09/2020 22:40:58.61] [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.971',
      expect: { level: 'info', fields: { agentVersion: '2.7.41491.971' } },
    },
    {
      line: "[00000010] 2024-05-02T03:10:14.220Z [INFO]  Getting plugin locations for plugin 'Microsoft.Azure.RecoveryServices.VMSnapshot'. Current Version: '1.0.74.0', Requested Version: '1.0.75.0'",
      expect: {
        extension: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshot', version: '1.0.74.0' },
        fields: { plugin: 'Microsoft.Azure.RecoveryServices.VMSnapshot', currentVersion: '1.0.74.0', requestedVersion: '1.0.75.0', version: '1.0.74.0' },
      },
    },
    {
      line: '[00000008] 2024-05-02T03:11:00.000Z [VERBOSE] Checking status file',
      expect: { level: 'verbose' },
    },
    {
      line: '2024-04-17T07:19:26.812Z [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1102',
      expect: { time: Date.UTC(2024, 3, 17, 7, 19, 26, 812), timeSource: 'utc', timeText: '2024-04-17T07:19:26.812Z', level: 'info', message: 'WindowsAzureGuestAgent starting. Version 2.7.41491.1102', fields: { agentVersion: '2.7.41491.1102' } },
    },
    {
      // Logged at INFO, read as an error: the plugin's status is Error.
      line: '[00000006] 2024-11-04T22:28:04.222Z [INFO]  Plugin Microsoft.Azure.RecoveryServices.VMSnapshot reported status Error: code 1 message VSS writer SqlServerWriter failed',
      expect: { level: 'error', fields: { plugin: 'Microsoft.Azure.RecoveryServices.VMSnapshot' } },
    },
    {
      // Logged at INFO, read as an error: a plugin operation that failed.
      line: '[00000011] 2024-05-02T03:10:44.501Z [INFO]  Failed to download plugin Microsoft.Compute.BGInfo.',
      expect: { level: 'error', fields: { plugin: 'Microsoft.Compute.BGInfo', operation: 'download', result: 'failed' } },
    },
    {
      line: '[00000006] 2024-11-04T22:28:04.222Z [INFO]  Plugin Microsoft.Azure.RecoveryServices.VMSnapshot reported status Success: code 0',
      expect: { level: 'info' },
    },
    {
      line: '[11/14/2019 05:52:13.44] [ERROR] Failed to enable plugin Microsoft.Compute.BGInfo.',
      expect: { time: Date.UTC(2019, 10, 14, 5, 52, 13, 440), timeSource: 'assumed-utc', timeText: '11/14/2019 05:52:13.44', level: 'error', fields: { plugin: 'Microsoft.Compute.BGInfo', result: 'failed' } },
    },
  ],
  create: (ctx) => new WaAppAgentLines(ctx),
};
