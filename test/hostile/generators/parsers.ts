// Hostile content for the text parsers: event exports (XML entity expansion, deep nesting, external entities; CSV
// huge fields, unclosed quotes, endless rows; PowerShell JSON huge and deep), agent state files, and plain text
// (very long lines, NUL bytes, invalid UTF-8, UTF-16 without a BOM, an endless multi-line entry).
import { gzipRepeated, MiB } from './streams.js';

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** One `<Event>` of a wevtutil / Event Viewer XML export, with `data` as its only Data value (raw XML, not escaped). */
export function xmlEvent(record: number, provider: string, data: string): string {
  return (
    `<Event xmlns='${EVENT_NS}'><System><Provider Name='${provider}'/><EventID Qualifiers='0'>8193</EventID><Level>2</Level>` +
    `<TimeCreated SystemTime='2024-06-11T03:02:01.0000000Z'/><EventRecordID>${record}</EventRecordID><Channel>Application</Channel>` +
    `<Computer>hostile-vm</Computer></System><EventData><Data>${data}</Data></EventData></Event>`
  );
}

/** Nested entities: each level `fan` references of the previous one, `levels` deep (10 × 10: 10^10 "lol"s). */
export function billionLaughs(levels = 10, fan = 10): string {
  const defs = ['<!ENTITY l0 "lol">'];
  for (let i = 1; i < levels; i++) defs.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(fan)}">`);
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE Events [\n${defs.join('\n')}\n]>\n<Events>` +
    xmlEvent(1, 'VSS', 'before') +
    xmlEvent(2, 'VSS', `&l${levels - 1};`) +
    xmlEvent(3, 'VSS', 'after') +
    '</Events>\n'
  );
}

/** One big entity referenced many times: size × uses characters (100 KB × 10,000: 1 GB). */
export function quadraticBlowup(size = 100_000, uses = 10_000): string {
  return (
    `<?xml version="1.0"?>\n<!DOCTYPE Events [<!ENTITY big "${'x'.repeat(size)}">]>\n<Events>` +
    xmlEvent(1, 'VSS', '&big;'.repeat(uses)) +
    xmlEvent(2, 'VSS', 'after') +
    '</Events>\n'
  );
}

/** An external entity naming a local file: its content must never be read. */
export function externalEntity(target = 'file:///etc/passwd'): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE Events [<!ENTITY xxe SYSTEM "${target}">]>\n<Events>${xmlEvent(1, 'VSS', '&xxe;')}${xmlEvent(2, 'VSS', 'after')}</Events>\n`;
}

/** `depth` nested elements inside one event's data. */
export function deepXml(depth = 100_000): string {
  return `<Events>${xmlEvent(1, 'VSS', 'before')}${xmlEvent(2, 'VSS', '<a>'.repeat(depth) + 'deep' + '</a>'.repeat(depth))}${xmlEvent(3, 'VSS', 'after')}</Events>\n`;
}

/** A goal-state style document (GoalState.xml, ExtensionsConfig.xml) whose DOCTYPE expands as `billionLaughs`. */
export function stateXmlBomb(root: string, levels = 10, fan = 10): string {
  const defs = ['<!ENTITY l0 "lol">'];
  for (let i = 1; i < levels; i++) defs.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(fan)}">`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE ${root} [\n${defs.join('\n')}\n]>\n<${root}><Incarnation>&l${levels - 1};</Incarnation></${root}>\n`;
}

const CSV_HEADER = 'Level,Date and Time,Source,Event ID,Task Category\r\n';
const csvRow = (source: string, message: string): string => `Error,6/11/2024 3:00:00 AM,${source},8193,None,"${message}"\r\n`;

/** An Event Viewer CSV export with one message field of `size` bytes between ordinary rows. */
export async function csvHugeField(size = 64 * MiB): Promise<Buffer> {
  return gzipRepeated(size, 'A very long message field. ', {
    head: CSV_HEADER + csvRow('VSS', 'before') + 'Error,6/11/2024 3:00:01 AM,VSS,8193,None,"',
    tail: '"\r\n' + csvRow('VSS', 'after'),
  });
}

/** An Event Viewer CSV export whose second row opens a quote that never closes, over `size` bytes of rows. */
export async function csvUnclosedQuote(size = 64 * MiB): Promise<Buffer> {
  return gzipRepeated(size, 'Error,6/11/2024 3:00:00 AM,VSS,8193,None,more text of the same field\r\n', {
    head: CSV_HEADER + csvRow('VSS', 'before') + 'Error,6/11/2024 3:00:01 AM,VSS,8193,None,"never closed\r\n',
  });
}

/** An Event Viewer CSV export with one row of `columns` empty columns. */
export async function csvManyColumns(columns = 10_000_000): Promise<Buffer> {
  return gzipRepeated(columns, ',', { head: CSV_HEADER + csvRow('VSS', 'before') + 'Error,6/11/2024 3:00:01 AM,VSS,8193,None', tail: '\r\n' + csvRow('VSS', 'after') });
}

const psEvent = (id: number, message: string): string =>
  `{"Id":8193,"Level":2,"RecordId":${id},"ProviderName":"VSS","LogName":"Application","MachineName":"hostile-vm","TimeCreated":"\\/Date(1718075400000)\\/","LevelDisplayName":"Error","Message":"${message}"}`;

/** A PowerShell JSON export with one Message of `size` bytes. */
export async function jsonHugeString(size = 64 * MiB): Promise<Buffer> {
  return gzipRepeated(size, 'a long message ', { head: `[${psEvent(1, 'before')},{"Id":8193,"Level":2,"RecordId":2,"ProviderName":"VSS","Message":"`, tail: `"},${psEvent(3, 'after')}]\n` });
}

/** A PowerShell JSON export with a Properties value nested `depth` arrays deep. */
export function jsonDeep(depth = 1_000_000): string {
  return `[${psEvent(1, 'before')},{"Id":8193,"RecordId":2,"ProviderName":"VSS","Properties":${'['.repeat(depth)}1${']'.repeat(depth)}},${psEvent(3, 'after')}]\n`;
}

/** A PowerShell JSON export cut inside a string that never ends (`size` bytes of it). */
export async function jsonUnclosedString(size = 16 * MiB): Promise<Buffer> {
  return gzipRepeated(size, 'no end ', { head: `[${psEvent(1, 'before')},{"Id":8193,"RecordId":2,"ProviderName":"VSS","Message":"` });
}

/** A JSON state file (waagent_status.json, VmSettings.json) nested `depth` objects deep. */
export function jsonStateDeep(depth = 1_000_000): string {
  return '{"agentName":"waagent","x":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}\n';
}

const WAAGENT_LINE = '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Wire server endpoint:168.63.129.16\n';
const WAAGENT_ERROR =
  '2024-05-02T07:10:07.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made\n';

/** A gzipped log whose one line is `size` bytes long, between ordinary lines. */
export async function longLine(size = 256 * MiB, unit = 'A'): Promise<Buffer> {
  return gzipRepeated(size, unit, { head: WAAGENT_LINE, tail: '\n' + WAAGENT_ERROR });
}

/** A gzipped log of `size` bytes with carriage returns and no line feed at all. */
export async function carriageReturnsOnly(size = 64 * MiB): Promise<Buffer> {
  return gzipRepeated(size, '2024-05-02T06:00:01.178802Z INFO Daemon Daemon a line ended by CR only\r');
}

/** A waagent ERROR entry followed by `size` bytes of traceback continuation lines: one entry that never ends. */
export async function endlessEntry(size = 256 * MiB): Promise<Buffer> {
  return gzipRepeated(size, '  File "/usr/lib/python3/dist-packages/azurelinuxagent/common/utils/restutil.py", line 123, in _http_request\n', {
    head: WAAGENT_LINE + '2024-05-02T07:10:07.421905Z ERROR ExtHandler ExtHandler Unexpected error: Traceback (most recent call last):\n',
    tail: WAAGENT_ERROR,
  });
}

/** A waagent.log with `nuls` NUL bytes in its first 4 KB (a log cut by a crash leaves them), then ordinary lines. */
export function waagentWithNuls(nuls = 16, lines = 200): string {
  return WAAGENT_LINE + '\0'.repeat(nuls) + WAAGENT_LINE.repeat(lines) + WAAGENT_ERROR;
}

/** A waagent.log whose lines carry invalid UTF-8 (lone continuation bytes, overlong forms, surrogates, 0xff). */
export function waagentInvalidUtf8(lines = 200): Buffer {
  const bad = Buffer.from([0x80, 0xbf, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff, 0xfe, 0xf8, 0x88, 0x80, 0x80, 0x80, 0xc3, 0x28]);
  const parts: Buffer[] = [];
  for (let i = 0; i < lines; i++) parts.push(Buffer.from('2024-05-02T06:00:01.178802Z INFO Daemon Daemon odd bytes: '), bad, Buffer.from('\n'));
  parts.push(Buffer.from(WAAGENT_ERROR));
  return Buffer.concat(parts);
}

/** A syslog written as UTF-16LE without a byte-order mark. */
export function utf16NoBom(lines = 200): Buffer {
  const text = 'May  2 07:10:07 hostile-vm kernel: [ 1234.5678] Out of memory: Killed process 4242 (python3)\n'.repeat(lines);
  return Buffer.from(text, 'utf16le');
}

/** `size` bytes of NUL in a file named like a log. */
export async function nulFlood(size = 64 * MiB): Promise<Buffer> {
  return gzipRepeated(size, '\0');
}

/** A VMSnapshot extension log line, for the log's name and format. */
export const VMSNAPSHOT_LINE = '2024-05-02 07:10:07 [Error]: Freeze failed: timed out waiting for fsfreeze\n';
