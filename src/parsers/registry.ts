// Every parser, in routing order: the one list that decides which parser reads an entry. The router tries the
// levels in turn (a path glob, then magic bytes, then the first lines, then the generic text reader) and at each
// level the first parser in this order that claims the entry reads it. scripts/gen-parser-routing.mjs compiles
// this order and the parsers' globs into routing.ts, the table the router runs on (see it for who reads what).
import type { AnyParser } from './types.js';
import { eventCsvParser, eventViewerTextParser, eventXmlParser, powerShellJsonParser, wevtutilTextParser } from './event-exports/index.js';
import { evtxParser } from './evtx/index.js';
import { extensionEventsParser, genericExtensionLogParser, vmSnapshotLogParser, vmSnapshotShellParser } from './extension-logs/index.js';
import { genericTextParser } from './generic/index.js';
import * as state from './state/index.js';
import { cloudInitParser, dmesgParser, journalJsonParser, journalTextParser, syslogParser } from './system-logs/index.js';
import { waagentLogParser } from './waagent/index.js';
import * as windows from './windows/index.js';

export const parsers: AnyParser[] = [
  evtxParser,
  // Before every text format: `*waagent.log*` anywhere, and the strictest sniff of the agent's own lines.
  waagentLogParser,
  // Windows: WaAppAgent.log first; the generic Windows log reader last, as its globs cover the whole Logs folder.
  windows.waAppAgentParser,
  windows.vmSnapshotWindowsLogParser,
  windows.aggregateStatusParser,
  windows.seqNumberParser,
  windows.heartbeatParser,
  windows.packageInformationParser,
  windows.imageStateParser,
  windows.setupXmlParser,
  windows.windowsAgentLogParser,
  // The agent's state files: their globs do not overlap one another.
  state.goalStateParser,
  state.extensionsConfigParser,
  state.vmSettingsParser,
  state.hostingEnvironmentParser,
  state.sharedConfigParser,
  state.certificatesParser,
  state.ovfEnvParser,
  state.incarnationParser,
  state.waagentStatusParser,
  state.extensionSettingsParser,
  state.extensionStatusParser,
  state.handlerStateParser,
  state.handlerStatusParser,
  state.handlerEnvironmentParser,
  state.handlerManifestParser,
  state.mrseqParser,
  state.agentErrorParser,
  state.waagentConfParser,
  state.osReleaseParser,
  state.logCollectorParser,
  // Extension logs under /var/log/azure, specific before generic (the generic one takes the rest of that folder).
  vmSnapshotLogParser,
  vmSnapshotShellParser,
  extensionEventsParser,
  genericExtensionLogParser,
  // System logs: the strictest sniffers first, syslog (the loosest) last.
  journalJsonParser,
  cloudInitParser,
  dmesgParser,
  journalTextParser,
  syslogParser,
  // Windows event exports carry any name: they claim nothing by glob, only by content, after every format above.
  eventXmlParser,
  wevtutilTextParser,
  eventViewerTextParser,
  eventCsvParser,
  powerShellJsonParser,
  // The reader of last resort (router `fallback`): claims nothing by glob or sniff.
  genericTextParser,
];
