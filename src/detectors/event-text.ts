// Small readers over parsed events that several detectors share.
import type { LogEvent } from '../model.js';

export const WIRESERVER_IP = '168.63.129.16';

/**
 * The agent's self-update failing (waagent.md §4.2 U5, U11, U12; the 2.2.x install of a downloaded agent): the
 * agent-outdated detector owns these lines, whatever network error they carry.
 */
export const AGENT_UPDATE_FAILING =
  /failed to get \w+ package list|Exception retrieving agent manifests|Unable to download Agent \S+ from any URI|^\[(?:RSM|SelfUpdate)\]|Unable to update Agent|\[AgentUpdateError\]|\[AgentFamilyMissingError\]|No matching package found in the agent manifest|^Agent \S+ install failed with exception|No download channels available|^Download failed, switching to host plugin$|^Host plugin download failed$/m;

/**
 * What rules match against: the message, plus a decoded `Event:` payload when the log stored it
 * base64+zlib encoded (waagent 2.2.27-2.2.45).
 */
export function textOf(event: LogEvent): string {
  const decoded = event.fields?.encoded ? event.fields.message : undefined;
  return decoded ? `${event.message}\n${decoded}` : event.message;
}

/** The `Event:` line's handler name when it is the agent itself (`WALinuxAgent`, 2.1/2.2.0 `WALA`). */
export function isAgentEvent(event: LogEvent): boolean {
  const name = event.fields?.name;
  return name === 'WALinuxAgent' || name === 'WALA';
}

/** The extension an event is about: its `[Name-version]` prefix, or the `Event: name=` of a non-agent event. */
export function extensionOf(event: LogEvent): string | undefined {
  if (event.extension) return event.extension.version ? `${event.extension.name} ${event.extension.version}` : event.extension.name;
  const name = event.fields?.name;
  if (name && !isAgentEvent(event) && name !== 'None') return name;
  return undefined;
}

/** True for warning and error lines. */
export function isProblemLevel(event: LogEvent): boolean {
  return event.level === 'error' || event.level === 'warning';
}

/**
 * Events the state-file parsers write for the timeline (status files, waagent_status.json, error.json):
 * detectors read the same information from facts, so these events are not evidence a second time.
 */
const STATE_SOURCES = new Set(['extension-status', 'waagent-status', 'agent-error-state', 'windows-aggregate-status', 'windows-plugin-heartbeat']);

export function isStateEvent(event: LogEvent): boolean {
  return STATE_SOURCES.has(event.source);
}
