// The properties of a PowerShell EventLogRecord (`Get-WinEvent`), as ConvertTo-Json and Export-Csv write them
// (../shared/docs/evtx.md §4 e), mapped to the Windows event fields every event source shares.
import type { Level } from '../../model.js';
import { isNothing, keywordsHex, levelFromName, levelFromNumber, put } from './common.js';

/** PowerShell property -> event field. */
const PROPERTY_FIELDS: [string, string][] = [
  ['ProviderName', 'provider'],
  ['Id', 'eventId'],
  ['Qualifiers', 'qualifiers'],
  ['Version', 'version'],
  ['Level', 'levelValue'],
  ['Task', 'task'],
  ['Opcode', 'opcode'],
  ['RecordId', 'recordId'],
  ['ProviderId', 'providerGuid'],
  ['LogName', 'channel'],
  ['ContainerLog', 'containerLog'],
  ['ProcessId', 'processId'],
  ['ThreadId', 'threadId'],
  ['MachineName', 'computer'],
  ['UserId', 'userId'],
  ['ActivityId', 'activityId'],
  ['RelatedActivityId', 'relatedActivityId'],
  ['LevelDisplayName', 'levelName'],
  ['OpcodeDisplayName', 'opcodeName'],
  ['TaskDisplayName', 'taskName'],
  ['KeywordsDisplayNames', 'keywordNames'],
];

/** Every property name Get-WinEvent objects carry (lower case), for recognising headers and objects. */
export const PS_PROPERTIES = new Set(
  [
    'Message', 'Id', 'Version', 'Qualifiers', 'Level', 'Task', 'Opcode', 'Keywords', 'RecordId', 'ProviderName',
    'ProviderId', 'LogName', 'ProcessId', 'ThreadId', 'MachineName', 'UserId', 'TimeCreated', 'ActivityId',
    'RelatedActivityId', 'ContainerLog', 'MatchedQueryIds', 'Bookmark', 'LevelDisplayName', 'OpcodeDisplayName',
    'TaskDisplayName', 'KeywordsDisplayNames', 'Properties',
  ].map((k) => k.toLowerCase()),
);

/** Properties that identify an event record rather than any object with an `Id`. */
const DISTINCTIVE = ['providername', 'timecreated', 'leveldisplayname', 'recordid', 'logname', 'keywordsdisplaynames', 'containerlog'];

/** True when property names (lower case) look like a Get-WinEvent record: an id and a distinctive name, or five known. */
export function looksLikeEventRecord(names: Iterable<string>): boolean {
  let known = 0;
  let distinctive = 0;
  let id = false;
  for (const n of names) {
    if (PS_PROPERTIES.has(n)) known++;
    if (DISTINCTIVE.includes(n)) distinctive++;
    if (n === 'id' || n === 'recordid' || n === 'providername') id = true;
  }
  return id && ((distinctive >= 1 && known >= 3) || known >= 5);
}

/** A collection's type name written in place of its items (`System.Collections.ObjectModel.ReadOnlyCollection…`). */
function isTypeName(v: string): boolean {
  return /^System\.[\w.`[\]]+$/.test(v.trim()) || v.startsWith('System.Collections.');
}

/**
 * Fields of one record. `get` returns a property's value as text (undefined when absent or null), by its
 * lower-case name; `data` the Properties values when they survived serialisation.
 */
export function psFields(get: (key: string) => string | undefined, data: string[] = []): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [prop, field] of PROPERTY_FIELDS) {
    const v = get(prop.toLowerCase());
    if (v === undefined || isNothing(v) || isTypeName(v)) continue;
    put(fields, field, v);
  }
  put(fields, 'keywords', keywordsHex(get('keywords')));
  data.forEach((d, i) => (fields[`data.${i}`] = d));
  return fields;
}

/** Level from the numeric Level, else the display name. */
export function psLevel(fields: Record<string, string>): Level {
  const n = fields.levelValue;
  if (n !== undefined && /^\d+$/.test(n)) return levelFromNumber(Number(n));
  return levelFromName(fields.levelName) ?? 'info';
}
