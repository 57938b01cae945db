// Parsers for the extension logs under /var/log/azure (Linux): VMSnapshotLinux (Azure Backup) extension.log and
// shell.log, extension telemetry event files, and a generic timestamped-line parser for every other extension log.
//
// The routing order (specific -> generic: the first parser whose glob matches reads the file) is ../registry.ts.
// CommandExecution*.log (waagent lines, waagent.md §1.5) is matched by none of them.
import type { AnyParser } from '../types.js';
import { extensionEventsParser } from './events.js';
import { genericExtensionLogParser } from './generic.js';
import { vmSnapshotShellParser } from './shell.js';
import { vmSnapshotLogParser } from './vmsnapshot.js';

export { VMSNAPSHOT_SOURCE, VMSNAPSHOT_EXTENSION, VmSnapshotLineParser, vmSnapshotLogParser, sniffVmSnapshot, markerOf, isConsolePath, type VmSnapshotFormat, type BlockMarker } from './vmsnapshot.js';
export { messageFields, inferLevel } from './vmsnapshot-message.js';
export { SHELL_SOURCE, ShellLogLineParser, vmSnapshotShellParser } from './shell.js';
export { EVENTS_SOURCE, extensionEventsParser, parseExtensionEvents, eventTime, eventLevel, extensionOfEventsPath, recordLines } from './events.js';
export { GENERIC_SOURCE, genericExtensionLogParser } from './generic.js';
export { MAX_CONTINUATION_LINES, MAX_MESSAGE_CHARS } from '../multiline.js';

export const extensionLogParsers: AnyParser[] = [vmSnapshotLogParser, vmSnapshotShellParser, extensionEventsParser, genericExtensionLogParser];
