// Each extension's state, decided once from every source that names it: the newest version named, the desired
// state (goal state, then the handler's own state file), and the newest status.
import { compareVersions } from '../knowledge/agent-versions.js';
import type { ExtensionInfo } from '../model.js';
import type { FactIndex } from './index-by-kind.js';
import type { FactOf } from './kinds.js';
import { byCodeUnit } from '../text/order.js';

export interface ExtensionStates {
  /** One entry per extension, by name. */
  list: ExtensionInfo[];
  /** The first fact that names the extension (a log prefix, the goal state, a status file), if any does. */
  namedBy(name: string): FactOf<'extension'> | FactOf<'extension-config'> | FactOf<'extension-status'> | undefined;
}

export function extensionStates(facts: FactIndex): ExtensionStates {
  return {
    list: reconcile(facts),
    namedBy: (name) => facts.of('extension').find((f) => f.value === name) ?? facts.of('extension-config').find((f) => f.value === name) ?? facts.of('extension-status').find((f) => f.value === name),
  };
}

/** The status a status fact stands for: `outcome` is the real result (a VMSnapshotLinux file may say success over an error code). */
export function statusOf(f: FactOf<'extension-status'>): string | undefined {
  const a = f.attrs;
  return a?.['outcome'] && a['outcome'] !== 'unknown' ? a['outcome'] : (a?.['status'] ?? a?.['handlerStatus']);
}

function reconcile(facts: FactIndex): ExtensionInfo[] {
  const byName = new Map<string, ExtensionInfo & { statusTime?: number }>();
  const get = (name: string): ExtensionInfo & { statusTime?: number } => {
    let info = byName.get(name);
    if (!info) byName.set(name, (info = { name }));
    return info;
  };
  const version = (info: ExtensionInfo, v: string | undefined): void => {
    if (v && (!info.version || compareVersions(v, info.version) > 0)) info.version = v;
  };
  for (const f of facts.of('extension')) version(get(f.value), f.role);
  for (const f of facts.of('extension-config')) {
    const info = get(f.value);
    version(info, f.attrs?.version);
    if (f.attrs?.state) info.state = f.attrs.state;
  }
  for (const f of facts.of('handler-state')) {
    const info = get(f.value);
    version(info, f.attrs?.version);
    info.state ??= (f.attrs?.state ?? '').toLowerCase() || undefined;
  }
  for (const f of facts.of('extension-status')) {
    const info = get(f.value);
    version(info, f.attrs?.['version']);
    const status = statusOf(f);
    const time = f.time ?? -Infinity;
    if (status && (info.statusTime === undefined || time >= info.statusTime)) {
      info.status = status.toLowerCase();
      info.statusTime = time;
    }
  }
  return [...byName.values()].map(({ statusTime: _, ...info }) => info).sort((a, b) => byCodeUnit(a.name, b.name));
}
