// Reconciles the facts parsers reported into one picture of the VM (insights-core's "combiner"):
// the agent version, the OS, and each extension with its version, desired state and last status.
import type { ExtensionInfo, Fact, Report, SourceSummary } from './model.js';
import type { Facts } from './detectors/types.js';
import { compareVersions } from './knowledge/agent-versions.js';
import { platformOf } from './platform.js';


export function buildSystem(facts: Facts, sources: readonly SourceSummary[]): Report['system'] {
  const linux = sources.some((s) => platformOf(s.parser, s.path) === 'linux');
  const windows = sources.some((s) => platformOf(s.parser, s.path) === 'windows');
  // The goal-state agent is what runs extensions; the daemon is the distro package that launched it.
  const goalState = newest(facts.all('agent-version').filter((f) => f.role === 'goal-state' || f.role === 'status-file' || f.role === 'windows-agent'));
  const daemon = facts.latest('agent-version', 'daemon');
  const agentVersion = goalState?.value ?? daemon?.value;
  const os = linux ? 'linux' : windows ? 'windows' : 'unknown';
  // The distribution name must agree with the OS the sources show (a mixed folder can name both).
  const osName = facts.all('os').filter((f) => (os === 'linux' ? f.value !== 'Windows' : os === 'windows' ? /windows/i.test(f.value) : true))
    .reduce<Fact | undefined>((best, f) => (!best || (f.time ?? -Infinity) >= (best.time ?? -Infinity) ? f : best), undefined)?.value;

  return {
    os,
    ...(osName ? { osName } : {}),
    ...(agentVersion ? { agentVersion } : {}),
    ...(daemon && daemon.value !== agentVersion ? { daemonVersion: daemon.value } : {}),
    extensions: extensions(facts),
  };
}

/** The newest version among the facts; ties go to the latest seen. */
function newest(list: Fact[]): Fact | undefined {
  let best: Fact | undefined;
  for (const f of list) if (!best || compareVersions(f.value, best.value) >= 0) best = f;
  return best;
}

function extensions(facts: Facts): ExtensionInfo[] {
  const byName = new Map<string, ExtensionInfo & { statusTime?: number }>();
  const get = (name: string): ExtensionInfo & { statusTime?: number } => {
    let info = byName.get(name);
    if (!info) byName.set(name, (info = { name }));
    return info;
  };
  const version = (info: ExtensionInfo, v: string | undefined): void => {
    if (v && (!info.version || compareVersions(v, info.version) > 0)) info.version = v;
  };
  for (const f of facts.all('extension')) version(get(f.value), f.role);
  for (const f of facts.all('extension-config')) {
    const info = get(f.value);
    version(info, f.attrs?.version);
    if (f.attrs?.state) info.state = f.attrs.state;
  }
  for (const f of facts.all('handler-state')) {
    const info = get(f.value);
    version(info, f.attrs?.version);
    info.state ??= (f.attrs?.state ?? '').toLowerCase() || undefined;
  }
  for (const f of facts.all('extension-status')) {
    const info = get(f.value);
    version(info, f.attrs?.version);
    // `outcome` is the real result: a VMSnapshotLinux status file may say success over an error code.
    const status = f.attrs?.outcome && f.attrs.outcome !== 'unknown' ? f.attrs.outcome : (f.attrs?.status ?? f.attrs?.handlerStatus);
    const time = f.time ?? -Infinity;
    if (status && (info.statusTime === undefined || time >= info.statusTime)) {
      info.status = status.toLowerCase();
      info.statusTime = time;
    }
  }
  return [...byName.values()]
    .map(({ statusTime: _, ...info }) => info)
    .sort((a, b) => a.name.localeCompare(b.name));
}
