// Parsers for the Windows guest: the agent's logs (WaAppAgent.log and the rest of WindowsAzure/Logs), the plugin logs
// and small plugin files, the aggregate status, provisioning evidence (state.ini, WaSetup.xml, VmAgentInstaller.xml),
// and the bundle layout test (windows.md §1-2, bundles.md §2-3).
import type { AnyParser } from '../types.js';
import { aggregateStatusParser } from './aggregate-status.js';
import { vmSnapshotWindowsLogParser, windowsAgentLogParser } from './generic.js';
import { heartbeatParser, packageInformationParser, seqNumberParser } from './plugin-state.js';
import { imageStateParser, setupXmlParser } from './setup.js';
import { waAppAgentParser } from './waappagent.js';

export { aggregateStatusParser, heartbeatParser, imageStateParser, packageInformationParser, seqNumberParser, setupXmlParser, vmSnapshotWindowsLogParser, waAppAgentParser, windowsAgentLogParser };
export { AGGREGATE_STATUS_ID } from './aggregate-status.js';
export { VMSNAPSHOT_WINDOWS_ID, WINDOWS_AGENT_LOG_ID } from './generic.js';
export { HEARTBEAT_ID, PACKAGE_INFO_ID, SEQNUMBER_ID } from './plugin-state.js';
export { IMAGE_STATE_ID, SETUP_LOG_ID } from './setup.js';
export { WAAPPAGENT_ID } from './waappagent.js';
export { detectLayout, type BundleLayout } from './layout.js';
export { pluginFromPath, pluginActivity, networkFields } from './plugins.js';

/** The Windows parsers, for tests and tools that take one family; the routing order is ../registry.ts. */
export const windowsParsers: AnyParser[] = [
  waAppAgentParser,
  vmSnapshotWindowsLogParser,
  aggregateStatusParser,
  seqNumberParser,
  heartbeatParser,
  packageInformationParser,
  imageStateParser,
  setupXmlParser,
  windowsAgentLogParser,
];
