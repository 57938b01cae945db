// A parsed record becomes a LogEvent: System values become fields, EventData/UserData become `data.<Name>`,
// and the XML is rendered only when someone reads `raw`.
import { EVTX_MESSAGE_MAX_CHARS, type Level, type LogEvent } from '../../model.js';
import type { XmlNode } from './nodes.js';
import { renderXml } from './render-xml.js';
import { recordFields } from './field-plan.js';
import { filetimeText, lastFiletimeMs } from './values.js';
import { WorkBudget } from './work.js';

const MAX_MESSAGE = EVTX_MESSAGE_MAX_CHARS;
const ISO = /^(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z$/;
const WHITESPACE_BREAK = /\s*[\r\n]+\s*|\t/g;
const BREAK = /[\r\n\t]/;
/** System/Level: 1 critical and 2 error → error, 3 → warning, 4 and 0 (LogAlways) → info, 5 → verbose. */
export function levelOf(value: string | undefined): Level {
  switch (value) {
    case '1':
    case '2':
      return 'error';
    case '3':
      return 'warning';
    case '5':
      return 'verbose';
    default:
      return 'info';
  }
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/** Epoch ms of an ISO UTC time with any number of fractional digits; null when it is not one. */
export function isoToMs(text: string): number | null {
  // Fast path for the FILETIME text this parser writes: `YYYY-MM-DDTHH:MM:SS.fffffffZ`.
  if (text.length === 28 && text.charCodeAt(19) === 46 && text.charCodeAt(27) === 90) {
    const year = two(text, 0) * 100 + two(text, 2);
    const ms = digit(text, 20) * 100 + two(text, 21);
    const t = Date.UTC(year, two(text, 5) - 1, two(text, 8), two(text, 11), two(text, 14), two(text, 17), ms);
    if (Number.isFinite(t)) return t;
  }
  const m = ISO.exec(text);
  if (!m) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
  return Number.isFinite(t) ? t : null;
}

/** 1601-01-01T00:00:00Z, the FILETIME epoch. */
const FILETIME_ZERO_MS = Date.UTC(1601, 0, 1);

export interface RecordHeader {
  /** EventRecordID from the record header (used when the XML has none). */
  id: number;
  /** The record header's written time as FILETIME halves (used when the XML has no TimeCreated). */
  writtenLow: number;
  writtenHigh: number;
  /** What walking the record may spend (the reader's share of the file's allowance); one record's limits when absent. */
  budget?: WorkBudget;
}

/** The LogEvent of a parsed record; `raw` renders its XML the first time it is read. */
export function recordEvent(nodes: XmlNode[], header: RecordHeader, path: string): LogEvent {
  const c = recordFields(nodes, header.budget ?? new WorkBudget());
  const fields = c.fields;
  if (!fields.recordId) fields.recordId = String(header.id);
  let summary = '';
  const { names, values, positional } = c;
  for (let i = 0; i < names.length; i++) {
    const value = values[i]!;
    if (summary.length < MAX_MESSAGE) {
      if (summary.length > 0) summary += '; ';
      summary += positional[i] ? value : names[i]! + '=' + value;
    }
  }
  let message = (fields.provider ?? '') + ' ' + (fields.eventId ?? '');
  if (summary.length > 0) message += ': ' + summary;
  if (BREAK.test(message)) message = message.replace(WHITESPACE_BREAK, ' ');
  if (message.length > MAX_MESSAGE) message = message.slice(0, MAX_MESSAGE) + ' …';
  const timeText = c.timeCreated ?? filetimeText(header.writtenLow, header.writtenHigh);
  const recordNumber = Number(fields.recordId);
  return new EvtxEvent(
    lastFiletimeMs(timeText) ?? isoToMs(timeText),
    timeText,
    levelOf(c.levelValue),
    path,
    Number.isSafeInteger(recordNumber) ? recordNumber : header.id,
    message,
    fields,
    nodes,
  );
}

/**
 * An EVTX event. `raw` is an own enumerable accessor that renders the record's XML once, when first read: spreads
 * and structured clones (worker messages) still see it. Defined with one shared descriptor, because an object
 * literal with its own getter costs several times more to create.
 */
class EvtxEvent implements LogEvent {
  static readonly RAW: PropertyDescriptor = {
    get(this: EvtxEvent): string {
      return (this.#xml ??= renderXml(this.#nodes));
    },
    set(this: EvtxEvent, value: string) {
      this.#xml = value;
    },
    enumerable: true,
    configurable: true,
  };

  readonly timeSource: 'utc' | 'none';
  readonly source = 'evtx';
  readonly line = 0;
  #nodes: XmlNode[];
  #xml: string | undefined;

  constructor(
    public time: number | null,
    public timeText: string,
    public level: Level,
    public path: string,
    public record: number,
    public message: string,
    public fields: Record<string, string>,
    nodes: XmlNode[],
  ) {
    // A zero FILETIME (1601-01-01, garbage or wiped records) is no time at all.
    if (time !== null && time <= FILETIME_ZERO_MS) this.time = null;
    this.timeSource = this.time === null ? 'none' : 'utc';
    this.#nodes = nodes;
    Object.defineProperty(this, 'raw', EvtxEvent.RAW);
  }
}
