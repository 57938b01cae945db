// One `<Event>` element's XML -> the parts of a LogEvent (xml.ts adds the line numbers, format and raw text):
// `time` = System/TimeCreated@SystemTime (UTC), level from System/Level (1-2 error, 3 warning, 0/4 info, 5 verbose;
// the rendered level name when the number is missing), message = RenderingInfo/Message, else
// `Provider EventID: name=value; …`. Fields as the EVTX parser names them (System values, `data.<Name>` /
// `data.<position>`, UserData leaves), plus RenderingInfo's `culture`, `levelName`, `taskName`, `opcodeName`,
// `channelName`, `providerDisplayName`, `keywordNames`.
import type { Level } from '../../model.js';
import { MAX_FIELD, NO_TIME, cut, levelFromName, levelFromNumber, messageOf, put, type TimeValue } from './common.js';
import { quickXml, slowXml } from './xml-tree.js';

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
      doc = slowXml(text);
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
