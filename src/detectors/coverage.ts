// Which sources can show each category: the verdict's `checked` lists a category only when the bundle held a
// source its detectors read (a bundle without the backup extension's log says nothing about fsfreeze). A text log
// no format claims (`text-log`) counts for what its lines can say: network, crashes, extensions, resources, DHCP.
// Keys are parser ids (`SourceSummary.parser`). Core: no Node imports.
import type { Category } from '../model.js';

/** Windows events, binary or exported, in every form a parser reads. */
const WINDOWS_EVENTS = ['evtx', 'event-xml', 'event-text', 'event-text-viewer', 'event-csv', 'event-json'];
const SYSTEM_LOGS = ['syslog', 'journal', 'journal-json'];
const AGENT_LOGS = ['waagent-log', 'waappagent-log', 'windows-agent-log'];

export const CATEGORY_SOURCES: Readonly<Partial<Record<Category, ReadonlySet<string>>>> = {
  network: new Set(['text-log', 'generic-log', ...AGENT_LOGS, 'vmsnapshot-log', 'vmsnapshot-windows-log', 'extension-status', ...WINDOWS_EVENTS]),
  'agent-outdated': new Set([...AGENT_LOGS, 'waagent-status', 'goal-state', 'extensions-config', 'vm-settings', 'agent-error-state', 'waagent-conf']),
  'agent-crash': new Set(['text-log', ...AGENT_LOGS, 'agent-error-state', ...SYSTEM_LOGS, ...WINDOWS_EVENTS]),
  'extension-failure': new Set([
    'text-log',
    'generic-log',
    ...AGENT_LOGS,
    'extension-status',
    'handler-state',
    'handler-status',
    'extension-settings',
    'waagent-conf',
    'vmsnapshot-shell',
    'windows-aggregate-status',
    ...WINDOWS_EVENTS,
  ]),
  vss: new Set(['vmsnapshot-windows-log', ...WINDOWS_EVENTS]),
  fsfreeze: new Set(['vmsnapshot-log']),
  'resource-pressure': new Set(['text-log', 'waagent-log', 'waappagent-log', ...SYSTEM_LOGS, 'dmesg', ...WINDOWS_EVENTS]),
  dhcp: new Set(['text-log', 'waagent-log', 'waappagent-log', 'cloud-init-log', ...SYSTEM_LOGS, ...WINDOWS_EVENTS]),
  'vm-shutdown': new Set([...SYSTEM_LOGS, 'dmesg', ...WINDOWS_EVENTS]),
  'snapshot-timeout': new Set(['vmsnapshot-log', 'extension-status']),
  'snapshot-failure': new Set(['vmsnapshot-log', 'vmsnapshot-windows-log', 'extension-status']),
  provisioning: new Set(['waagent-log', 'cloud-init-log', 'ovf-env', 'waappagent-log', 'windows-setup-log', 'windows-image-state']),
};

/** The categories the bundle's sources could show, in the contract's order. */
export function checkedCategories(parsers: Iterable<string>, order: readonly Category[]): Category[] {
  const seen = [...new Set(parsers)];
  return order.filter((c) => {
    const sources = CATEGORY_SOURCES[c];
    return sources !== undefined && seen.some((p) => sources.has(p));
  });
}
