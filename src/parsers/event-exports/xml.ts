// Windows events as XML (../shared/docs/evtx.md §4 a, b):
//   Event Viewer "Save All Events As… XML": `<?xml … standalone="yes"?>`, then `<Events>` and every
//     `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>…</Event>` back to back ON ONE LINE, each
//     with a `<RenderingInfo Culture='xx-XX'>` holding the localised message, level, task, opcode and keywords;
//   `wevtutil qe /f:xml`: the same `<Event>` elements with no root and no declaration, no RenderingInfo;
//   `wevtutil qe /f:RenderedXml`: the same with RenderingInfo (and `/e:Events` adds an `<Events>` root).
// Encoding: UTF-8 (Event Viewer), UTF-16LE with or without a BOM (`wevtutil /uni:true`), or the console code page
// (cp1252) when the bytes are not UTF-8.
//
// The file is read as a byte stream (a binary-kind parser recognised by its first bytes), not as lines: an Event
// Viewer export holds all events on one line, which can be hundreds of MB, and the line splitter cuts lines at 1 MiB.
// Events are cut out of the decoded stream between `<Event` and `</Event>` (wherever the line breaks fall) and each
// is parsed on its own (a quick reader for the plain XML Windows writes, fast-xml-parser for anything else); only the
// event being read is held. `eventXmlLineParser` is the same reader fed line by line (tests, small inputs).
//
// Each event: source `event-xml`, `line` where `<Event` starts (`endLine` where it ends), `record` = EventRecordID,
// `time` = System/TimeCreated@SystemTime (UTC), level from System/Level (1-2 error, 3 warning, 0/4 info, 5 verbose;
// the rendered level name when the number is missing), message = RenderingInfo/Message, else
// `Provider EventID: name=value; …`; `raw` = the event's XML (8 KiB at most). Fields as the EVTX parser names them
// (System values, `data.<Name>` / `data.<position>`, UserData leaves), plus RenderingInfo's `culture`, `levelName`,
// `taskName`, `opcodeName`, `channelName`, `providerDisplayName`, `keywordNames`.
import { XMLParser } from 'fast-xml-parser';
import type { Level } from '../../model.js';
import { completeUtf8Length } from '../../text/lines.js';
import type { BinaryParser, LineParser, ParseContext, Parser } from '../types.js';
import {
  Damage,
  EVENT_XML_SOURCE,
  MAX_EVENT_CHARS,
  MAX_FIELD,
  NO_TIME,
  cleanSniffLines,
  cut,
  levelFromName,
  levelFromNumber,
  makeEvent,
  messageOf,
  put,
  type TimeValue,
} from './common.js';

const EVENT_NS = 'schemas.microsoft.com/win/2004/08/events/event';

// ---------------------------------------------------------------------------------------------------------------
// Splitting a text stream into `<Event>…</Event>` pieces
// ---------------------------------------------------------------------------------------------------------------

/** Index of the next `<Event` element start (not `<EventData`, `<Events>`…) at or after `from`; -1 none; -2 undecided. */
function findEventStart(buf: string, from: number): number {
  let i = from;
  for (;;) {
    i = buf.indexOf('<Event', i);
    if (i < 0) return -1;
    const next = buf.charCodeAt(i + 6);
    if (Number.isNaN(next)) return -2; // `<Event` at the very end: the next piece decides
    // whitespace, `>`, `/`
    if (next === 32 || next === 9 || next === 10 || next === 13 || next === 62 || next === 47) return i;
    i += 6;
  }
}

function countNewlines(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Markup that may sit between events: the declaration, the `<Events>` root, comments. */
const BETWEEN = /<\?xml[^>]*\?>|<!--[\s\S]*?-->|<\/?Events(?:\s[^>]*)?\/?>|\s+/g;

export interface XmlPieceSink {
  event(text: string, line: number, endLine: number): void;
  /** Text outside any event that is not the declaration, the root or a comment. */
  stray(text: string, line: number): void;
  /** An event that never closed within the size limit, or was cut by the next `<Event`. */
  broken(line: number, why: string): void;
}

/** Cuts `<Event>…</Event>` elements out of text pushed piece by piece; tracks line numbers. */
export class EventXmlSplitter {
  /** True once an `<Events>` root was seen. */
  rooted = false;
  private buf = '';
  /** Line number of buf[0]. */
  private bufLine = 1;
  private inEvent = false;
  /** Skipping the rest of an over-long event up to its `</Event>`. */
  private skipping = false;
  private eventLine = 0;
  private searchFrom = 0;

  constructor(private readonly sink: XmlPieceSink) {}

  push(text: string): void {
    this.buf = this.buf.length > 0 ? this.buf + text : text;
    for (;;) {
      if (!this.inEvent) {
        const start = findEventStart(this.buf, this.searchFrom);
        if (start < 0) {
          // Keep a tail that may be the start of `<Event` or of markup cut by the piece boundary.
          const lt = this.buf.lastIndexOf('<');
          const keep = start === -2 || (lt >= 0 && this.buf.length - lt < 1024 && this.buf.indexOf('>', lt) < 0) ? lt : this.buf.length;
          this.between(keep);
          this.searchFrom = 0;
          return;
        }
        this.between(start);
        this.inEvent = true;
        this.eventLine = this.bufLine;
        this.searchFrom = 6;
      }
      const end = this.buf.indexOf('</Event>', this.searchFrom);
      // A new `<Event` before this one's end: this one was cut off (or, when skipping, the skip is over).
      const next = findEventStart(this.buf, this.skipping ? this.searchFrom : Math.max(6, this.searchFrom));
      if (next >= 0 && (end < 0 || next < end)) {
        if (!this.skipping) this.sink.broken(this.eventLine, 'event not closed before the next <Event>');
        this.drop(next);
        this.skipping = false;
        this.inEvent = false;
        this.searchFrom = 0;
        continue;
      }
      if (this.skipping) {
        if (end < 0) {
          this.drop(Math.max(0, this.buf.length - 7));
          this.searchFrom = 0;
          return;
        }
        this.drop(end + 8);
        this.skipping = false;
        this.inEvent = false;
        this.searchFrom = 0;
        continue;
      }
      if (end < 0) {
        if (this.buf.length > MAX_EVENT_CHARS) {
          this.sink.broken(this.eventLine, `event larger than ${MAX_EVENT_CHARS} characters`);
          this.skipping = true;
          this.drop(this.buf.length - 7);
          this.searchFrom = 0;
          return;
        }
        this.searchFrom = Math.max(6, this.buf.length - 7);
        return;
      }
      const text = this.buf.slice(0, end + 8);
      const lines = countNewlines(text);
      this.sink.event(text, this.eventLine, this.eventLine + lines);
      this.buf = this.buf.slice(end + 8);
      this.bufLine += lines;
      this.inEvent = false;
      this.searchFrom = 0;
    }
  }

  end(): void {
    if (this.inEvent && !this.skipping) this.sink.broken(this.eventLine, 'event cut off at the end of the file');
    else if (!this.inEvent) this.between(this.buf.length);
    this.buf = '';
    this.inEvent = false;
    this.skipping = false;
  }

  /** Consumes buf[0, n) that lies between events. */
  private between(n: number): void {
    if (n <= 0) return;
    const text = this.buf.slice(0, n);
    if (!this.rooted && text.includes('<Events')) this.rooted = true;
    const rest = text.replace(BETWEEN, '');
    if (rest.length > 0) this.sink.stray(rest, this.bufLine);
    this.drop(n);
  }

  private drop(n: number): void {
    this.bufLine += countNewlines(this.buf, 0, n);
    this.buf = this.buf.slice(n);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One event's XML -> LogEvent
// ---------------------------------------------------------------------------------------------------------------

// Events are parsed with a small reader for the plain XML Windows writes (elements, single- or double-quoted
// attributes, text, entities, CDATA, comments), several times faster than fast-xml-parser; anything it does not
// accept (a DOCTYPE, a stray `<`, mismatched tags) goes to fast-xml-parser, which also builds the tree shape used here:
// `{ '@Attr': 'v', '#text': 'text', Child: node | node[] }`, namespace prefixes removed.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  alwaysCreateTextNode: true,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

/** The same tree from fast-xml-parser (the fallback; exported for tests comparing the two). */
export function slowXml(text: string): unknown {
  return xml.parse(text);
}

const TOKEN = /<(\/)?([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*(\/)?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g;
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name]!;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** The quick reader; undefined when the text is not plain well-formed XML (the caller then tries fast-xml-parser). */
export function quickXml(text: string): Record<string, unknown> | undefined {
  const root: Record<string, unknown> = {};
  const stack: { name: string; node: Record<string, unknown>; text: string; children: boolean }[] = [{ name: '', node: root, text: '', children: false }];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const top = stack[stack.length - 1]!;
    if (m.index > last) {
      const between = text.slice(last, m.index);
      if (between.includes('<')) return undefined;
      top.text += decodeEntities(between);
    }
    last = TOKEN.lastIndex;
    if (m[5] !== undefined) {
      top.text += m[5];
      continue;
    }
    const tag = m[2];
    if (tag === undefined) continue; // comment, processing instruction
    const name = localName(tag);
    if (m[1] !== undefined) {
      if (stack.length === 1 || top.name !== name) return undefined;
      if (top.text !== '' || !top.children) top.node['#text'] = top.text;
      stack.pop();
      continue;
    }
    const node: Record<string, unknown> = {};
    const attrs = m[3];
    if (attrs) {
      ATTR.lastIndex = 0;
      for (let a = ATTR.exec(attrs); a !== null; a = ATTR.exec(attrs)) {
        const key = a[1]!;
        if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
        node[`@${localName(key)}`] = decodeEntities(a[2] ?? a[3] ?? '');
      }
    }
    const parent = top.node;
    top.children = true;
    const existing = parent[name];
    if (existing === undefined) parent[name] = node;
    else if (Array.isArray(existing)) existing.push(node);
    else parent[name] = [existing, node];
    if (m[4] !== undefined) node['#text'] = '';
    else stack.push({ name, node, text: '', children: false });
  }
  if (stack.length !== 1 || text.slice(last).includes('<')) return undefined;
  return root;
}

type Node = Record<string, unknown>;

function node(v: unknown): Node | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
}

function list(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Text content of an element (empty elements give ''). */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const n = node(v);
  if (!n) return undefined;
  const t = n['#text'];
  return typeof t === 'string' ? t : typeof t === 'number' ? String(t) : '';
}

function attr(v: unknown, name: string): string | undefined {
  const a = node(v)?.[`@${name}`];
  return typeof a === 'string' ? a : undefined;
}

/** Sets `data.<name>`; a name seen again in the same event adds its value after a comma (as the EVTX parser does). */
function addData(fields: Record<string, string>, name: string, value: string): void {
  const key = `data.${name}`;
  const v = cut(value.trim(), MAX_FIELD);
  const before = fields[key];
  fields[key] = before === undefined ? v : cut(`${before}, ${v}`, MAX_FIELD);
}

function childNames(n: Node): string[] {
  return Object.keys(n).filter((k) => !k.startsWith('@') && k !== '#text');
}

/**
 * UserData, flattened as the EVTX parser does: each leaf element is `data.<Element>`, attributes of elements below
 * the provider's wrapper element are `data.<Element>.<attribute>` (an empty leaf that had attributes gives only those).
 */
function flattenUserData(fields: Record<string, string>, name: string, v: unknown, depth: number): void {
  const n = node(v) ?? {};
  let attributes = false;
  if (depth > 3) {
    for (const key of Object.keys(n)) {
      if (!key.startsWith('@')) continue;
      addData(fields, `${name}.${key.slice(1)}`, String(n[key]));
      attributes = true;
    }
  }
  const children = childNames(n);
  if (children.length === 0) {
    const text = textOf(v) ?? '';
    if (depth >= 3 && !(text === '' && attributes)) addData(fields, name, text);
    return;
  }
  if (depth > 12) return;
  for (const key of children) for (const item of list(n[key])) flattenUserData(fields, key, item, depth + 1);
}

const SYSTEM_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$/;

/** `TimeCreated SystemTime` (UTC, 7 fractional digits). */
export function systemTime(text: string | undefined): TimeValue {
  if (text === undefined) return NO_TIME;
  const m = SYSTEM_TIME.exec(text.trim());
  if (!m) return { time: null, timeText: text, timeSource: 'none' };
  let time = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.replace(/[^0-9]/g, '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(time) ? { time, timeText: text, timeSource: 'utc' } : { time: null, timeText: text, timeSource: 'none' };
}

export interface XmlEventParts {
  fields: Record<string, string>;
  time: TimeValue;
  level: Level;
  message: string;
  rendered: boolean;
}

/** Reads one `<Event>` element; undefined when it is not XML or has no `<System>`. */
export function readEventXml(text: string): XmlEventParts | undefined {
  let doc: unknown = quickXml(text);
  if (doc === undefined) {
    try {
      doc = xml.parse(text);
    } catch {
      return undefined;
    }
  }
  const ev = node(node(doc)?.['Event']);
  const sys = node(ev?.['System']);
  if (!ev || !sys) return undefined;
  const fields: Record<string, string> = {};
  const provider = sys['Provider'];
  put(fields, 'provider', attr(provider, 'Name') ?? attr(provider, 'EventSourceName'));
  put(fields, 'providerGuid', attr(provider, 'Guid'));
  put(fields, 'eventSourceName', attr(provider, 'EventSourceName'));
  put(fields, 'eventId', textOf(sys['EventID']));
  put(fields, 'qualifiers', attr(sys['EventID'], 'Qualifiers'));
  put(fields, 'version', textOf(sys['Version']));
  const levelText = textOf(sys['Level'])?.trim();
  put(fields, 'levelValue', levelText);
  put(fields, 'task', textOf(sys['Task']));
  put(fields, 'opcode', textOf(sys['Opcode']));
  put(fields, 'keywords', textOf(sys['Keywords']));
  put(fields, 'recordId', textOf(sys['EventRecordID']));
  put(fields, 'activityId', attr(sys['Correlation'], 'ActivityID'));
  put(fields, 'relatedActivityId', attr(sys['Correlation'], 'RelatedActivityID'));
  put(fields, 'processId', attr(sys['Execution'], 'ProcessID'));
  put(fields, 'threadId', attr(sys['Execution'], 'ThreadID'));
  put(fields, 'channel', textOf(sys['Channel']));
  put(fields, 'computer', textOf(sys['Computer']));
  put(fields, 'userId', attr(sys['Security'], 'UserID'));

  const data = node(ev['EventData']);
  if (data) {
    // `<Data Name='x'>` -> data.x, unnamed ones by position (data.0, data.1 …), other children (Binary) by name
    let unnamed = 0;
    for (const key of childNames(data)) {
      for (const d of list(data[key])) {
        const name = key === 'Data' ? attr(d, 'Name') : key;
        addData(fields, name !== undefined && name !== '' ? name : String(unnamed++), textOf(d) ?? '');
      }
    }
  }
  // UserData (depth 2) holds the provider's element (depth 3); its leaves are the data.
  const userData = node(ev['UserData']);
  if (userData) for (const key of childNames(userData)) for (const item of list(userData[key])) flattenUserData(fields, key, item, 3);

  const info = node(ev['RenderingInfo']);
  let renderedMessage: string | undefined;
  if (info) {
    put(fields, 'culture', attr(info, 'Culture'));
    renderedMessage = textOf(info['Message']);
    put(fields, 'levelName', textOf(info['Level']));
    put(fields, 'taskName', textOf(info['Task']));
    put(fields, 'opcodeName', textOf(info['Opcode']));
    put(fields, 'channelName', textOf(info['Channel']));
    put(fields, 'providerDisplayName', textOf(info['Provider']));
    const keywords = list(node(info['Keywords'])?.['Keyword'])
      .map((k) => textOf(k)?.trim() ?? '')
      .filter((k) => k !== '');
    if (keywords.length > 0) put(fields, 'keywordNames', keywords.join(', '));
  }

  const time = systemTime(attr(sys['TimeCreated'], 'SystemTime'));
  // fast-xml-parser forgives mismatched end tags: an event with no id, or neither provider nor time, is damaged.
  if (fields.eventId === undefined || (fields.provider === undefined && time.time === null)) return undefined;
  const levelNumber = levelText !== undefined && /^\d+$/.test(levelText) ? Number(levelText) : undefined;
  const level = levelNumber !== undefined ? levelFromNumber(levelNumber) : (levelFromName(fields.levelName) ?? 'info');
  return {
    fields,
    time,
    level,
    message: messageOf(renderedMessage, fields),
    rendered: info !== undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The reader: pieces of decoded text in, events out
// ---------------------------------------------------------------------------------------------------------------

class EventXmlReader implements XmlPieceSink {
  readonly splitter = new EventXmlSplitter(this);
  private readonly damage: Damage;
  private strays = 0;
  private readonly formats = new Set<string>();

  constructor(private readonly ctx: ParseContext) {
    this.damage = new Damage(ctx);
  }

  event(text: string, line: number, endLine: number): void {
    const parts = readEventXml(text);
    if (!parts) {
      this.damage.add(`line ${line}: an <Event> element that cannot be read as XML`);
      return;
    }
    const format = this.splitter.rooted ? (parts.rendered ? 'saved-xml' : 'wevtutil-xml') : parts.rendered ? 'rendered-xml' : 'wevtutil-xml';
    this.formats.add(format);
    this.ctx.emit(makeEvent(this.ctx, EVENT_XML_SOURCE, { line, endLine, time: parts.time, level: parts.level, message: parts.message, fields: parts.fields, format, raw: text }));
  }

  stray(_text: string, _line: number): void {
    this.strays++;
  }

  broken(line: number, why: string): void {
    this.damage.add(`line ${line}: ${why}`);
  }

  stats(extraFormats: string[] = []): { unparsed: number; formats: string[] } {
    return { unparsed: this.damage.count + this.strays, formats: [...this.formats, ...extraFormats] };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Recognising the format
// ---------------------------------------------------------------------------------------------------------------

/** True when decoded text starts as an event XML export: `<Events>` of `<Event>`s, or a bare `<Event>`. */
export function sniffEventXmlText(head: string): boolean {
  let t = head.replace(/^[\s\uFEFF]+/, '');
  t = t.replace(/^<\?xml[^>]*\?>\s*/, '');
  t = t.replace(/^(?:<!--[\s\S]*?-->\s*)+/, '');
  if (/^<Events(?:\s[^>]*)?>\s*(?:<\/Events>|<Event[\s>])/.test(t)) return true;
  if (/^<Events(?:\s[^>]*)?>\s*$/.test(t)) return /standalone=["']yes["']/.test(head); // root alone in the head
  if (!/^<Event[\s>]/.test(t)) return false;
  const open = /^<Event[^>]*>/.exec(t)?.[0] ?? t.slice(0, 200);
  return open.includes(EVENT_NS) || /^<Event[^>]*>\s*<System[\s>]/.test(t);
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** BOM, else NUL-interleaving (UTF-16 without a BOM), else UTF-8 when `head` is valid UTF-8, else cp1252. */
export function xmlEncoding(head: Uint8Array): { encoding: Encoding; bom: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  const n = Math.min(head.length, 512) & ~1;
  if (n >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    if (oddNul > n / 4 && evenNul === 0) return { encoding: 'utf-16le', bom: 0 };
    if (evenNul > n / 4 && oddNul === 0) return { encoding: 'utf-16be', bom: 0 };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, completeUtf8Length(head)));
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/** True when the first byte that is not a BOM, NUL or whitespace is `<`: every XML export starts so. */
function startsWithTag(head: Uint8Array): boolean {
  const n = Math.min(head.length, 1024);
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0x3c) return true;
    if (b === 0 || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf || b === 0xff || b === 0xfe) continue;
    return false;
  }
  return false;
}

function decodeHead(head: Uint8Array): string {
  const slice = head.subarray(0, Math.min(head.length, 4096));
  const { encoding, bom } = xmlEncoding(slice);
  return new TextDecoder(encoding, { fatal: false }).decode(slice.subarray(bom));
}

// ---------------------------------------------------------------------------------------------------------------
// The parsers
// ---------------------------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const utf16le = (text: string): Uint8Array => {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 255;
    out[3 + i * 2] = c >> 8;
  }
  return out;
};

const SAMPLE_SAVED = [
  '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
  "<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='VSS'/><EventID Qualifiers='0'>8193</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2024-03-05T02:10:11.1234567Z'/><EventRecordID>4711</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>vm-sample</Computer><Security/></System><EventData><Data>RegOpenKeyExW(-2147483646,SYSTEM\\CurrentControlSet\\Services\\VSS\\Diag,...)</Data><Data>0x80070005, Access is denied.</Data></EventData><RenderingInfo Culture='en-US'><Message>Volume Shadow Copy Service error: Unexpected error calling routine RegOpenKeyExW. hr = 0x80070005, Access is denied.</Message><Level>Error</Level><Task></Task><Opcode></Opcode><Channel></Channel><Provider></Provider><Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo></Event></Events>",
].join('\r\n');

const SAMPLE_WEVTUTIL = [
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/><EventID Qualifiers='49152'>7031</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime='2024-03-05T02:11:00.5000000Z'/><EventRecordID>90210</EventRecordID><Correlation/><Execution ProcessID='700' ThreadID='1200'/><Channel>System</Channel><Computer>vm-sample</Computer><Security/></System><EventData><Data Name='param1'>Windows Azure Guest Agent</Data><Data Name='param2'>1</Data><Data Name='param3'>60000</Data><Data Name='param4'>1</Data><Data Name='param5'>Restart the service</Data></EventData></Event>",
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Kernel-General' Guid='{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}'/><EventID>1</EventID><Version>1</Version><Level>4</Level><Task>5</Task><Opcode>0</Opcode><Keywords>0x8000000000000010</Keywords><TimeCreated SystemTime='2024-03-05T02:12:00.0000000Z'/><EventRecordID>90211</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='8'/><Channel>System</Channel><Computer>vm-sample</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='NewTime'>2024-03-05T02:12:00.0000000Z</Data><Data Name='OldTime'>2024-03-05T02:11:59.9000000Z</Data></EventData></Event>",
].join('\r\n');

/** Event XML read as a byte stream: any size, any of UTF-8, UTF-16 (with or without a BOM), cp1252. */
export const eventXmlParser: BinaryParser = {
  kind: 'binary',
  id: EVENT_XML_SOURCE,
  description: 'Windows event XML export (Event Viewer "Save All Events As XML", wevtutil /f:xml, /f:RenderedXml)',
  globs: [],
  sniffBytes: (head) => startsWithTag(head) && sniffEventXmlText(decodeHead(head)),
  samples: [
    {
      name: 'Event Viewer Save All Events As XML (UTF-8, events on one line)',
      bytes: () => encoder.encode(SAMPLE_SAVED),
      expectEvents: [
        {
          source: EVENT_XML_SOURCE,
          line: 2,
          record: 4711,
          time: Date.UTC(2024, 2, 5, 2, 10, 11, 123),
          timeSource: 'utc',
          level: 'error',
          format: 'saved-xml',
          message: 'Volume Shadow Copy Service error: Unexpected error calling routine RegOpenKeyExW. hr = 0x80070005, Access is denied.',
        },
      ],
    },
    {
      name: 'wevtutil qe /f:xml /uni:true (UTF-16LE, no root)',
      bytes: () => utf16le(SAMPLE_WEVTUTIL),
      expectEvents: [
        {
          source: EVENT_XML_SOURCE,
          line: 1,
          record: 90210,
          level: 'error',
          format: 'wevtutil-xml',
          message: 'Service Control Manager 7031: param1=Windows Azure Guest Agent; param2=1; param3=60000; param4=1; param5=Restart the service',
        },
        { line: 2, record: 90211, level: 'info', time: Date.UTC(2024, 2, 5, 2, 12, 0) },
      ],
    },
  ],
  async parse(first, rest, ctx) {
    const { encoding, bom } = xmlEncoding(first);
    const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    const reader = new EventXmlReader(ctx);
    reader.splitter.push(decoder.decode(first.subarray(bom), { stream: true }));
    for await (const chunk of rest) {
      if (chunk.length > 0) reader.splitter.push(decoder.decode(chunk, { stream: true }));
    }
    reader.splitter.push(decoder.decode());
    reader.splitter.end();
    return reader.stats(encoding === 'utf-8' ? [] : [encoding]);
  },
};

/**
 * The same reader fed line by line (each line becomes text plus a newline). Not routed (the byte-stream parser
 * above is): for tests and callers that already hold lines. Lines over 1 MiB are cut by the line splitter.
 */
export const eventXmlLineParser: Parser = {
  id: EVENT_XML_SOURCE,
  description: 'Windows event XML export, read line by line',
  globs: [],
  sniff: (firstLines) => sniffEventXmlText(cleanSniffLines(firstLines).join('\n')),
  samples: [
    {
      line: SAMPLE_WEVTUTIL.split('\r\n')[0]!,
      expect: { source: EVENT_XML_SOURCE, line: 1, record: 90210, level: 'error', time: Date.UTC(2024, 2, 5, 2, 11, 0, 500), timeSource: 'utc' },
    },
    {
      line: SAMPLE_SAVED,
      expect: { line: 2, record: 4711, format: 'saved-xml', level: 'error' },
    },
  ],
  create(ctx): LineParser {
    const reader = new EventXmlReader(ctx);
    return {
      line: (text) => reader.splitter.push(`${text}\n`),
      end: () => reader.splitter.end(),
      stats: () => reader.stats(),
    };
  },
};
