// The other Windows agent and extension logs, read with one generic timestamped-line parser (stamp.ts): Telemetry.log,
// TransparentInstaller.log, AppAgentRuntime.log, MonitoringAgent.log and the rest of `WindowsAzure/Logs/` (formats
// not documented, windows.md §1), the per-plugin logs under `WindowsAzure/Logs/Plugins/<Name>/<version>/`
// (CommandExecution.log, Install.log, Update.log, Heartbeat.log...; `extension` from the path) and the VMSnapshot
// plugin's `IaaSBcdrExtension*.log` (format unverified: same reader, own source id).
// A line that starts with a time opens an entry; every other line continues it. The level is the one the line names
// (`[ERROR]`, `ERROR`, `[Err]`...), else guessed from its words (error/exception/failed -> error; warn/timeout/
// unable to -> warning) so that failures reach the timeline.
import type { LogEvent } from '../../model.js';
import { MultilineEntry } from '../multiline.js';
import type { LineParser, ParseContext, Parser } from '../types.js';
import type { PluginRef } from './plugins.js';
import { AgentAnchors, pluginFromPath } from './plugins.js';
import { RE_LOOKS_DATED, inferLevel, readHeader } from './stamp.js';
import { withNetworkFields } from './waappagent.js';

export const WINDOWS_AGENT_LOG_ID = 'windows-agent-log';
export const VMSNAPSHOT_WINDOWS_ID = 'vmsnapshot-windows-log';
export const VMSNAPSHOT_WINDOWS_NAME = 'Microsoft.Azure.RecoveryServices.VMSnapshot';

const MAX_FACT_TEXT = 300;

interface Options {
  source: string;
  /** The extension when the path names none (the VMSnapshot logs). */
  defaultExtension?: PluginRef;
}

class WindowsLogLines implements LineParser {
  private readonly entry: MultilineEntry;
  /** Entries whose line named no level: theirs is guessed from the whole message when they end. */
  private readonly guess = new WeakSet<LogEvent>();
  private unparsed = 0;
  private readonly formats = new Set<string>();
  private readonly plugin: PluginRef | undefined;
  private pluginReported = false;
  private readonly anchors: AgentAnchors | undefined;

  constructor(
    private readonly ctx: ParseContext,
    private readonly options: Options,
  ) {
    this.entry = new MultilineEntry((ev) => {
      if (this.guess.has(ev)) ev.level = inferLevel(ev.message);
      ctx.emit(withNetworkFields(ev));
    });
    this.plugin = pluginFromPath(ctx.path) ?? options.defaultExtension;
    // The agent's own logs (not a plugin's) carry the agent and plugin anchors WaAppAgent.log has.
    this.anchors = this.plugin ? undefined : new AgentAnchors(ctx, options.source);
  }

  line(text: string, lineNo: number): void {
    const h = readHeader(text, this.ctx.tz);
    if (!h) {
      if (h === null || RE_LOOKS_DATED.test(text)) this.unparsed++;
      this.entry.add(text, lineNo);
      return;
    }
    this.formats.add(h.format);
    const ev: LogEvent = {
      time: h.time,
      timeText: h.timeText,
      timeSource: h.timeSource,
      level: h.level ?? 'info',
      source: this.options.source,
      path: this.ctx.path,
      line: lineNo,
      message: h.message,
      raw: text,
    };
    if (h.thread !== undefined) ev.thread = h.thread;
    if (h.level === undefined) this.guess.add(ev);
    if (this.plugin) {
      ev.extension = { ...this.plugin };
      ev.fields = { plugin: this.plugin.name, ...(this.plugin.version ? { version: this.plugin.version } : {}) };
      if (!this.pluginReported) this.reportPlugin(ev);
    } else this.anchors?.firstLine(ev);
    this.entry.begin(ev);
  }

  private reportPlugin(ev: LogEvent | undefined): void {
    if (!this.plugin || this.pluginReported) return;
    this.pluginReported = true;
    const raw = ev?.raw ?? '';
    this.ctx.fact({
      kind: 'extension',
      value: this.plugin.name,
      ...(this.plugin.version ? { role: this.plugin.version } : {}),
      attrs: { source: this.options.source, from: 'path' },
      time: ev?.time ?? null,
      path: this.ctx.path,
      line: ev?.line ?? 1,
      text: raw.length > MAX_FACT_TEXT ? raw.slice(0, MAX_FACT_TEXT) + '…' : raw || this.ctx.path,
    });
  }

  end(): void {
    this.entry.flush();
    // A plugin log with no dated line still says the plugin was there.
    if (this.plugin && !this.pluginReported) this.reportPlugin(undefined);
  }

  stats(): { unparsed: number; formats: string[] } {
    return { unparsed: this.unparsed, formats: [...this.formats] };
  }
}

/** `[1748+00000001] [05/13/2020 12:15:46.64] [INFO] msg`: the Windows extension handler log format. */
const RE_HANDLER_LINE = /^\[\d{1,10}\+[0-9A-Fa-f]{1,16}\] \[\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d(?:\.\d+)?\] \[[A-Za-z]+\]/;

export const windowsAgentLogParser: Parser = {
  id: WINDOWS_AGENT_LOG_ID,
  description: 'Windows agent and plugin logs (Telemetry, TransparentInstaller, AppAgentRuntime, MonitoringAgent, Plugins/<Name>/<version>/*.log)',
  globs: [
    '**/WindowsAzure/Logs/*.log',
    '**/WindowsAzure/Logs/*.log.*',
    '**/WindowsAzure/Logs/**/*.log',
    '**/Logs/Plugins/**/*.log',
    '**/Logs/Plugins/**/*.log.*',
    '**/Logs/Telemetry*.log',
    '**/TransparentInstaller*.log',
    '**/AppAgentRuntime*.log',
    '**/MonitoringAgent*.log',
  ],
  sniff: (lines) => lines.some((l) => RE_HANDLER_LINE.test(l)),
  samples: [
    {
      line: '[00000008] 2024-04-17T07:19:30.125Z [ERROR] Failed to enable plugin Microsoft.Compute.BGInfo.',
      expect: { time: Date.UTC(2024, 3, 17, 7, 19, 30, 125), timeSource: 'utc', level: 'error', thread: '00000008', fields: { plugin: 'Microsoft.Compute.BGInfo', operation: 'enable', result: 'failed' } },
    },
    {
      line: '[00000006] [11/14/2019 05:52:13.44] [WARN]  Agent runtime configuration changed',
      expect: { time: Date.UTC(2019, 10, 14, 5, 52, 13, 440), timeSource: 'assumed-utc', level: 'warning', message: 'Agent runtime configuration changed' },
    },
    {
      line: '2024-04-17T07:19:26.812Z Telemetry event upload failed: The remote server returned an error: (503) Server Unavailable.',
      expect: { time: Date.UTC(2024, 3, 17, 7, 19, 26, 812), level: 'error', fields: { httpStatus: '503' } },
    },
    {
      line: '2024-04-17 07:19:26,812 ERROR Installing MSI package failed with exit code 1603',
      expect: { time: Date.UTC(2024, 3, 17, 7, 19, 26, 812), timeSource: 'assumed-utc', level: 'error', message: 'Installing MSI package failed with exit code 1603' },
    },
    {
      line: '4/17/2024 7:19:26 PM Monitoring agent heartbeat sent',
      expect: { time: Date.UTC(2024, 3, 17, 19, 19, 26), level: 'info', message: 'Monitoring agent heartbeat sent' },
    },
    {
      line: '[1748+00000001] [05/13/2020 12:15:46.64] [INFO] Starting IaaS ScriptHandler Extension v1',
      expect: { time: Date.UTC(2020, 4, 13, 12, 15, 46, 640), thread: '1748+00000001', level: 'info', message: 'Starting IaaS ScriptHandler Extension v1' },
    },
    {
      line: '2024-04-17T09:19:26.812+02:00 [Warning] Retrying download of package',
      expect: { time: Date.UTC(2024, 3, 17, 7, 19, 26, 812), timeSource: 'utc', level: 'warning', message: 'Retrying download of package' },
    },
  ],
  create: (ctx) => new WindowsLogLines(ctx, { source: WINDOWS_AGENT_LOG_ID }),
};

export const vmSnapshotWindowsLogParser: Parser = {
  id: VMSNAPSHOT_WINDOWS_ID,
  description: 'VMSnapshot (Azure Backup) plugin logs on Windows (Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/<ver>/IaaSBcdrExtension*.log)',
  globs: ['**/IaaSBcdrExtension*.log', '**/IaaSBcdrExtension*.log.*'],
  samples: [
    {
      line: '[2316+00000005] [03/02/2024 01:10:44.12] [ERROR] Snapshot operation failed: VSS writer timed out',
      expect: {
        time: Date.UTC(2024, 2, 2, 1, 10, 44, 120),
        level: 'error',
        thread: '2316+00000005',
        extension: { name: VMSNAPSHOT_WINDOWS_NAME },
        fields: { plugin: VMSNAPSHOT_WINDOWS_NAME },
      },
    },
    {
      line: '2024-03-02T01:10:44.120Z Taking snapshot of the disks',
      expect: { time: Date.UTC(2024, 2, 2, 1, 10, 44, 120), timeSource: 'utc', level: 'info' },
    },
  ],
  create: (ctx) => new WindowsLogLines(ctx, { source: VMSNAPSHOT_WINDOWS_ID, defaultExtension: { name: VMSNAPSHOT_WINDOWS_NAME } }),
};
