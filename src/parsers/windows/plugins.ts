// What the Windows agent's logs say about plugins (extensions): the plugin a path or a line is about, the message
// anchors of windows.md §1 (install/enable/disable and their results, plugin locations, auto-upgrade), and network
// details of a failure (host, HTTP status). Shared by WaAppAgent.log and the other agent logs.
import type { FactStatement } from '../../facts/kinds.js';
import type { LogEvent } from '../../model.js';
import type { ParseContext } from '../types.js';
import { addBounded, setBounded } from '../../bounded.js';

export interface PluginRef {
  name: string;
  version?: string;
}

const RE_VERSION = /^\d+(?:\.\d+)*$/;

/**
 * The plugin a file belongs to from a `.../Plugins/<Name>/<version>/...` path (`WindowsAzure/Logs/Plugins`,
 * `Packages/Plugins`); undefined when the path has no such part.
 */
export function pluginFromPath(path: string): PluginRef | undefined {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 3; i >= 0; i--) {
    if (parts[i]!.toLowerCase() !== 'plugins') continue;
    const name = parts[i + 1];
    if (!name || !/^[A-Za-z][\w.-]*$/.test(name)) return undefined;
    const version = parts[i + 2];
    // The version folder, when it is a folder (not the file itself).
    return version && i + 2 < parts.length - 1 && RE_VERSION.test(version) ? { name, version } : { name };
  }
  return undefined;
}

/** `Publisher.Type` names: at least one dot, no spaces. */
const NAME = String.raw`[A-Za-z][\w-]*(?:\.[\w-]+)+`;
const VER = String.raw`\d+(?:\.\d+)*`;
const OPS = 'install(?:ation)?|enable|disable|uninstall(?:ation)?|update|upgrade|download|reset';

const RE_BEGIN = new RegExp(`^Beginning (${OPS}) of plugin '?(${NAME})'?`, 'i');
const RE_SUCCESS = new RegExp(`^Successfully (installed|enabled|disabled|uninstalled|updated|upgraded|downloaded|reset) (?:the )?plugin '?(${NAME})'?`, 'i');
const RE_FAILED_TO = new RegExp(`\\b(?:Failed to|Unable to|Could not|Cannot) (${OPS}) (?:the )?plugin '?(${NAME})'?`, 'i');
const RE_OP_FAILED = new RegExp(`\\b(${OPS}) (?:of|for) (?:the )?plugin '?(${NAME})'?(?: \\(version:? '?(${VER})'?\\))?[^.]*?\\bfailed`, 'i');
const RE_PLUGIN_DONE = new RegExp(`^Plugin (installed|enabled|disabled|uninstalled|updated|upgraded|downloaded)\\s*\\(name: (${NAME}), version: (${VER})\\)`, 'i');
const RE_PLUGIN_FAILED = new RegExp(`^Plugin (install|installation|enable|disable|uninstall|update|upgrade|download) failed\\s*\\(name: (${NAME}), version: (${VER})\\)`, 'i');
const RE_LOCATIONS = new RegExp(`Getting plugin locations for plugin '(${NAME})'\\. Current Version: '(${VER})?', Requested Version: '(${VER})?'`, 'i');
const RE_AUTO_UPGRADE = new RegExp(`Highest public version for plugin '(${NAME})' with requested version: '(${VER})?', is: '(${VER})?'`, 'i');
const RE_NAME_VERSION = new RegExp(`\\(name: (${NAME}), version: (${VER})\\)`, 'i');
const RE_PACKAGE_PATH = new RegExp(`[\\\\/]Plugins[\\\\/](${NAME})[\\\\/](${VER})[\\\\/]`, 'i');
/** `Falling back to installed version 1.0.74.0 of plugin <name>`. */
const RE_VERSION_OF = new RegExp(`\\bversion '?(${VER})'? of (?:the )?plugin '?(${NAME})'?`, 'i');
const RE_PLUGIN_WORD = new RegExp(`\\b(?:plugin|job object with a name of) '?(${NAME})'?`, 'i');
/** `Microsoft.CPlat.Core.RunCommandWindows: Extension CpuQuota is not set` (job-object lines). */
const RE_PREFIX = new RegExp(`^(${NAME}): `);
/** Names before a colon that are .NET types or the agent's own namespaces, not plugins. */
const RE_NOT_PLUGIN = /^(?:System|Microsoft\.WindowsAzure|Microsoft\.Azure\.Agent|Microsoft\.Win32|Newtonsoft|MS\.Internal)\.|Exception$/;

export type PluginResult = 'started' | 'success' | 'failed';

export interface PluginActivity {
  name: string;
  version?: string;
  operation?: string;
  result?: PluginResult;
  currentVersion?: string;
  requestedVersion?: string;
  highestVersion?: string;
}

const OP_NAMES: Record<string, string> = {
  installation: 'install',
  installed: 'install',
  uninstallation: 'uninstall',
  uninstalled: 'uninstall',
  enabled: 'enable',
  disabled: 'disable',
  updated: 'update',
  upgraded: 'upgrade',
  downloaded: 'download',
};

function op(word: string): string {
  const w = word.toLowerCase();
  return OP_NAMES[w] ?? w;
}

/** The plugin activity a (first) line states, if any. */
export function pluginActivity(message: string): PluginActivity | undefined {
  let m = RE_BEGIN.exec(message);
  if (m) return { name: m[2]!, operation: op(m[1]!), result: 'started' };
  m = RE_SUCCESS.exec(message);
  if (m) return { name: m[2]!, operation: op(m[1]!), result: 'success' };
  m = RE_PLUGIN_DONE.exec(message);
  if (m) return { name: m[2]!, version: m[3]!, operation: op(m[1]!), result: 'success' };
  m = RE_PLUGIN_FAILED.exec(message);
  if (m) return { name: m[2]!, version: m[3]!, operation: op(m[1]!), result: 'failed' };
  m = RE_FAILED_TO.exec(message);
  if (m) return withVersion({ name: m[2]!, operation: op(m[1]!), result: 'failed' }, message);
  m = RE_OP_FAILED.exec(message);
  if (m) return withVersion(withCaptured({ name: m[2]!, operation: op(m[1]!), result: 'failed' }, { version: m[3] }), message);
  m = RE_LOCATIONS.exec(message);
  if (m) return withCaptured({ name: m[1]! }, { currentVersion: m[2], requestedVersion: m[3] });
  m = RE_AUTO_UPGRADE.exec(message);
  if (m) return withCaptured({ name: m[1]! }, { requestedVersion: m[2], highestVersion: m[3] });
  m = RE_NAME_VERSION.exec(message) ?? RE_PACKAGE_PATH.exec(message);
  if (m) return { name: m[1]!, version: m[2]! };
  m = RE_VERSION_OF.exec(message);
  if (m) return { name: m[2]!, version: m[1]! };
  m = RE_PLUGIN_WORD.exec(message);
  if (m) return withVersion({ name: m[1]! }, message);
  m = RE_PREFIX.exec(message);
  if (m && !RE_NOT_PLUGIN.test(m[1]!)) return withVersion({ name: m[1]! }, message);
  return undefined;
}

type VersionKey = 'version' | 'currentVersion' | 'requestedVersion' | 'highestVersion';

/** `a` with the versions its pattern captured, in the order given; an optional group that matched nothing sets none. */
function withCaptured(a: PluginActivity, versions: Partial<Record<VersionKey, string | undefined>>): PluginActivity {
  for (const key of Object.keys(versions) as VersionKey[]) {
    const version = versions[key];
    if (version) a[key] = version;
  }
  return a;
}

function withVersion(a: PluginActivity, message: string): PluginActivity {
  if (a.version) return a;
  const m = RE_NAME_VERSION.exec(message) ?? RE_PACKAGE_PATH.exec(message);
  if (m && m[1]!.toLowerCase() === a.name.toLowerCase()) a.version = m[2]!;
  return a;
}

// ---------------------------------------------------------------------------------------------------------------
// Network details of a failure

const RE_URL_HOST = /\bhttps?:\/\/(?:[^@/\s?#'"]*@)?([^/\s?#:'"<>)]+)/i;
const RE_IP = /(?<![\w.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?::\d{1,5})?(?![\w.]*\d)/g;
/** Text before a dotted number that makes it a version, not an address. */
const RE_VERSION_BEFORE = /(?:version|ver|v)\W{0,3}$/i;
const RE_HTTP_STATUS = [
  /\((\d{3})\)\s+[A-Z][A-Za-z ]+/, // .NET WebException: "The remote server returned an error: (403) Forbidden."
  /\bStatus ?Code\s*[:=]\s*'?(\d{3})\b/i,
  /\bHTTP(?:\/\d\.\d)?\s+(?:status(?: code)?\s*[:=]?\s*)?(\d{3})\b/i,
  /\bstatus code\s*[:=]?\s*'?(\d{3})\b/i,
  /\bHTTP (?:error|Error|ERROR)\s*[:=]?\s*(\d{3})\b/,
];

/** The host (URL host or IP, never a path or query) and HTTP status a message names, as event fields. */
export function networkFields(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  const url = RE_URL_HOST.exec(message);
  let host = url?.[1];
  if (!host) {
    for (const m of message.matchAll(RE_IP)) {
      if (RE_VERSION_BEFORE.test(message.slice(Math.max(0, m.index - 12), m.index))) continue;
      host = m[1];
      break;
    }
  }
  if (host) out['host'] = host.toLowerCase();
  for (const re of RE_HTTP_STATUS) {
    const m = re.exec(message);
    const code = m ? Number(m[1]) : 0;
    if (code >= 100 && code <= 599) {
      out['httpStatus'] = String(code);
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Facts and fields from the agent's lines

const RE_AGENT_START = /WindowsAzureGuestAgent starting\. Version (\d+(?:\.\d+)+)/;
const MAX_FACT_TEXT = 300;
/**
 * Keys remembered in each of AgentAnchors' maps and sets (plugins, plugin+version announcements, plugin+operation
 * results): a VM has a dozen plugins with a few versions and operations each; past this the key first seen longest
 * ago goes, and a forgotten fact is stated again (the entry's fact collector bounds what is kept).
 */
export const MAX_PLUGIN_KEYS = 1024;

/**
 * Reads the anchors of one agent log (per entry): the agent's version at start, plugin activity. Sets `fields` and
 * `extension` on the events and reports the facts (`agent-version` role `windows-agent`, `os` Windows, `extension`).
 */
export class AgentAnchors {
  /** Last version seen per plugin (lower-cased name) in this file. */
  private readonly versions = new Map<string, string>();
  /** Plugins with a fact already, and the fact keys reported. */
  private readonly named = new Set<string>();
  private readonly emitted = new Set<string>();
  /** Last result per plugin+operation, to report a result fact when it changes (not on every retry). */
  private readonly lastResult = new Map<string, string>();
  private lastAgentVersion: string | undefined;
  private osReported = false;

  constructor(
    private readonly ctx: ParseContext,
    private readonly source: string,
  ) {}

  /** Looks at an event's first line (`ev.message` before continuation lines are added). */
  firstLine(ev: LogEvent): void {
    const message = ev.message;
    const start = RE_AGENT_START.exec(message);
    if (start) {
      const version = start[1]!;
      (ev.fields ??= {})['agentVersion'] = version;
      if (version !== this.lastAgentVersion) {
        this.lastAgentVersion = version;
        this.fact({ kind: 'agent-version', value: version, role: 'windows-agent', attrs: { source: this.source } }, ev);
      }
      if (!this.osReported) {
        this.osReported = true;
        this.fact({ kind: 'os', value: 'Windows' }, ev);
      }
      return;
    }
    const a = pluginActivity(message);
    if (!a) return;
    const key = a.name.toLowerCase();
    // The version a line is about: the one it names, else the installed one a locations line gives (the requested
    // one may never arrive: a failed download leaves the installed version running), else the requested one.
    // An auto-upgrade line's requested version is a major.minor pattern (`1.0`), not a version that runs.
    const version = a.version ?? a.currentVersion ?? (a.highestVersion === undefined ? a.requestedVersion : undefined);
    if (version) setBounded(this.versions, key, version, MAX_PLUGIN_KEYS);
    const known = version ?? this.versions.get(key);
    const fields = (ev.fields ??= {});
    fields['plugin'] = a.name;
    if (known) fields['version'] = known;
    if (a.operation) fields['operation'] = a.operation;
    if (a.result) fields['result'] = a.result;
    if (a.currentVersion) fields['currentVersion'] = a.currentVersion;
    if (a.requestedVersion) fields['requestedVersion'] = a.requestedVersion;
    if (a.highestVersion) fields['highestVersion'] = a.highestVersion;
    ev.extension = known ? { name: a.name, version: known } : { name: a.name };

    const attrs: Record<string, string> = { source: this.source };
    if (a.currentVersion) attrs['currentVersion'] = a.currentVersion;
    if (a.requestedVersion) attrs['requestedVersion'] = a.requestedVersion;
    if (a.highestVersion) attrs['highestVersion'] = a.highestVersion;
    if (a.result === 'success' || a.result === 'failed') {
      // A result fact when the result changes (not on every retry of the same failure).
      const rk = `${key}\u0000${a.operation ?? ''}`;
      const value = `${known ?? ''}\u0000${a.result}`;
      if (this.lastResult.get(rk) === value) return;
      setBounded(this.lastResult, rk, value, MAX_PLUGIN_KEYS);
      addBounded(this.named, key, MAX_PLUGIN_KEYS);
      this.fact({ kind: 'extension', value: a.name, ...(known ? { role: known } : {}), attrs: { ...attrs, ...(a.operation ? { operation: a.operation } : {}), result: a.result } }, ev);
      return;
    }
    // Otherwise one fact per plugin and version, and one per distinct version announcement; not one per line.
    if (!known && this.named.has(key)) return;
    const plainKey = `${key}\u0000${known ?? ''}`;
    const announced = a.currentVersion !== undefined || a.requestedVersion !== undefined || a.highestVersion !== undefined;
    const factKey = announced ? [key, known, a.currentVersion, a.requestedVersion, a.highestVersion].join('\u0000') : plainKey;
    if (this.emitted.has(factKey) || (!announced && this.emitted.has(plainKey))) return;
    addBounded(this.emitted, factKey, MAX_PLUGIN_KEYS);
    addBounded(this.emitted, plainKey, MAX_PLUGIN_KEYS);
    addBounded(this.named, key, MAX_PLUGIN_KEYS);
    this.fact({ kind: 'extension', value: a.name, ...(known ? { role: known } : {}), attrs }, ev);
  }

  /** Keys held in the largest map or set (for tests of the bound). */
  get remembered(): number {
    return Math.max(this.versions.size, this.named.size, this.emitted.size, this.lastResult.size);
  }

  private fact(f: FactStatement, ev: LogEvent): void {
    const raw = ev.raw ?? ev.message;
    // Callers leave out an empty role and attrs.
    this.ctx.fact({ ...f, time: ev.time, path: this.ctx.path, line: ev.line, text: raw.length > MAX_FACT_TEXT ? raw.slice(0, MAX_FACT_TEXT) + '…' : raw });
  }
}
