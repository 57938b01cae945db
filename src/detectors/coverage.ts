// Which sources can show each category: the verdict's `checked` lists a category only when the bundle held a
// source its detectors read (a bundle without the backup extension's log says nothing about fsfreeze).
// Keys are parser ids (`SourceSummary.parser`). Core: no Node imports.
import type { Category } from '../model.js';

export const CATEGORY_SOURCES: Readonly<Partial<Record<Category, RegExp>>> = {
  network: /^(?:waagent-log|waappagent-log|windows-agent-log|vmsnapshot-log|vmsnapshot-windows-log|extension-status|evtx|event-(?:xml|text|csv|json))$/,
  'agent-outdated': /^(?:waagent-log|waagent-status|waappagent-log|windows-agent-log|goal-state|extensions-config|vm-settings|agent-error-state|waagent-conf)$/,
  'agent-crash': /^(?:waagent-log|waappagent-log|windows-agent-log|agent-error-state|syslog|journal|journal-json|evtx|event-(?:xml|text|csv|json))$/,
  'extension-failure': /^(?:waagent-log|waappagent-log|windows-agent-log|extension-status|handler-state|handler-status|extension-settings|waagent-conf|vmsnapshot-shell|windows-aggregate-status|evtx|event-(?:xml|text|csv|json))$/,
  vss: /^(?:vmsnapshot-windows-log|evtx|event-(?:xml|text|csv|json))$/,
  fsfreeze: /^vmsnapshot-log$/,
  'resource-pressure': /^(?:waagent-log|waappagent-log|syslog|journal|journal-json|dmesg|evtx|event-(?:xml|text|csv|json))$/,
  dhcp: /^(?:waagent-log|waappagent-log|cloud-init-log|syslog|journal|journal-json|evtx|event-(?:xml|text|csv|json))$/,
  'vm-shutdown': /^(?:syslog|journal|journal-json|dmesg|evtx|event-(?:xml|text|csv|json))$/,
  'snapshot-timeout': /^(?:vmsnapshot-log|extension-status)$/,
  'snapshot-failure': /^(?:vmsnapshot-log|vmsnapshot-windows-log|extension-status)$/,
  provisioning: /^(?:waagent-log|cloud-init-log|ovf-env|waappagent-log|windows-setup-log|windows-image-state)$/,
};

/** The categories the bundle's sources could show, in the contract's order. */
export function checkedCategories(parsers: Iterable<string>, order: readonly Category[]): Category[] {
  const seen = [...new Set(parsers)];
  return order.filter((c) => {
    const sources = CATEGORY_SOURCES[c];
    return sources !== undefined && seen.some((p) => sources.test(p));
  });
}
