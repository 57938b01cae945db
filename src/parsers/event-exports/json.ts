// PowerShell `Get-WinEvent | ConvertTo-Json` (../shared/docs/evtx.md §4 e): one JSON array of record objects (a
// single object for one event), pretty-printed over many lines (5.1 indents with two spaces after the colon) or on
// one line (`-Compress`). Windows PowerShell 5.1 writes TimeCreated as `"\/Date(1595374458918)\/"` (ms, UTC);
// PowerShell 7 as ISO 8601 with the local offset (`"2026-08-03T18:34:56.1234567+02:00"`). At the default depth
// Properties degrade to the type name `System.Diagnostics.Eventing.Reader.EventProperty` (the data is lost); with a
// larger -Depth they are `[{"Value": …}]`. Keywords is a signed 64-bit number (read from the text: JSON numbers lose
// precision past 2^53). `Select-Object` subsets of the keys are common.
//
// Streamed: braces are counted outside strings line by line and each top-level object is handed to JSON.parse
// alone, so the array is never held whole.
//
// Each object: source `event-json`, `line` where its `{` is, `endLine` where its `}` is, `record` = RecordId,
// time from TimeCreated (`utc`; an ISO time with no offset is local -> --tz), level from Level (else
// LevelDisplayName), message = Message (else the `Provider EventID` summary), raw = the object's text.
import type { LineParser, ParseContext, Parser } from '../types.js';
import {
  Damage,
  EVENT_JSON_SOURCE,
  MAX_EVENT_CHARS,
  MAX_FIELD,
  NO_TIME,
  cleanSniffLines,
  cut,
  makeEvent,
  messageOf,
  stripBom,
  type TimeValue,
} from './common.js';
import { msDate, singleTime } from './dates.js';
import { looksLikeEventRecord, psFields, psLevel } from './powershell.js';

type Json = Record<string, unknown>;

/** A JSON value as field text: strings as they are, numbers and booleans printed, SIDs and dates by their value. */
function valueText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Json;
    // SecurityIdentifier {BinaryLength, AccountDomainSid, Value}, DateTime {value, DateTime}, Guid {Guid}
    for (const key of ['Value', 'value', 'Guid']) {
      const inner = o[key];
      if (typeof inner === 'string' || typeof inner === 'number') return String(inner);
    }
    return undefined;
  }
  return undefined;
}

function dataText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return '';
  }
}

/** TimeCreated: `/Date(ms)/`, ISO 8601, or PowerShell's DateTime object `{value, DateTime}`. */
function timeCreated(v: unknown, ctx: ParseContext): { time: TimeValue | undefined; shape: string | undefined } {
  if (typeof v === 'number') return { time: { time: v, timeText: String(v), timeSource: 'utc' }, shape: undefined };
  const text = valueText(v);
  if (text === undefined) return { time: undefined, shape: undefined };
  const ms = msDate(text);
  if (ms) return { time: ms, shape: 'powershell-5.1-json' };
  const iso = singleTime(text, ctx.tz);
  return { time: iso, shape: iso && /^\d{4}-/.test(text.trim()) ? 'powershell-7-json' : undefined };
}

const KEYWORDS_TEXT = /"Keywords"\s*:\s*(-?\d{1,20})\s*[,}\n\r]/;

class PowerShellJsonLines implements LineParser {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Pieces of the object being gathered (null outside one, or while skipping an over-long one). */
  private parts: string[] | null = null;
  private partsChars = 0;
  private skipping = false;
  private objectLine = 0;
  private strays = 0;
  private readonly damage: Damage;
  private readonly formats = new Set<string>();
  private first = true;

  constructor(private readonly ctx: ParseContext) {
    this.damage = new Damage(ctx);
  }

  line(input: string, lineNo: number): void {
    const text = this.first ? stripBom(input) : input;
    this.first = false;
    let segStart = this.depth > 0 ? 0 : -1;
    let stray = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) {
        this.inString = true;
        if (this.depth === 0) stray = true;
        continue;
      }
      if (c === 123 /* { */ || (c === 91 /* [ */ && this.depth > 0)) {
        if (this.depth === 0) {
          segStart = i;
          this.parts = [];
          this.partsChars = 0;
          this.skipping = false;
          this.objectLine = lineNo;
        }
        this.depth++;
        continue;
      }
      if (c === 125 /* } */ || (c === 93 /* ] */ && this.depth > 0)) {
        if (this.depth === 0) {
          stray = true;
          continue;
        }
        this.depth--;
        if (this.depth === 0) {
          this.collect(text.slice(Math.max(segStart, 0), i + 1));
          this.finish(lineNo);
          segStart = -1;
        }
        continue;
      }
      // At the top level only the array's brackets, commas and whitespace belong.
      if (this.depth === 0 && c !== 91 && c !== 93 && c !== 44 && c !== 32 && c !== 9 && c !== 0xfeff) stray = true;
    }
    if (this.depth > 0 && segStart >= 0) this.collect(`${text.slice(segStart)}\n`);
    if (stray) this.strays++;
  }

  end(): void {
    if (this.depth > 0) this.damage.add(`line ${this.objectLine}: JSON object cut off at the end of the file`);
    this.parts = null;
    this.depth = 0;
  }

  stats(): { unparsed: number; formats: string[] } {
    return { unparsed: this.damage.count + this.strays, formats: [...this.formats] };
  }

  private collect(piece: string): void {
    if (this.skipping || this.parts === null) return;
    this.partsChars += piece.length;
    if (this.partsChars > MAX_EVENT_CHARS) {
      this.damage.add(`line ${this.objectLine}: JSON object larger than ${MAX_EVENT_CHARS} characters`);
      this.parts = null;
      this.skipping = true;
      return;
    }
    this.parts.push(piece);
  }

  private finish(endLine: number): void {
    const parts = this.parts;
    this.parts = null;
    if (this.skipping || parts === null) {
      this.skipping = false;
      return;
    }
    const text = parts.join('');
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      this.damage.add(`line ${this.objectLine}: a JSON object that cannot be parsed`);
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
    this.record(obj as Json, text, endLine);
  }

  private record(o: Json, text: string, endLine: number): void {
    const byName = new Map<string, unknown>();
    for (const [k, v] of Object.entries(o)) byName.set(k.toLowerCase(), v);
    if (!looksLikeEventRecord(byName.keys()) && !(byName.has('id') && byName.has('message') && byName.has('timecreated'))) {
      this.strays++; // some other object
      return;
    }
    const props = byName.get('properties');
    const data = Array.isArray(props) && props.some((p) => p !== null && typeof p === 'object')
      ? props.map((p) => cut(dataText(p !== null && typeof p === 'object' && !Array.isArray(p) && 'Value' in p ? (p as Json).Value : p).trim(), MAX_FIELD))
      : [];
    const keywords = KEYWORDS_TEXT.exec(text)?.[1];
    const fields = psFields((key) => (key === 'keywords' && keywords !== undefined ? keywords : valueText(byName.get(key))), data);
    const kw = byName.get('keywordsdisplaynames');
    if (Array.isArray(kw)) {
      const names = kw.filter((k): k is string => typeof k === 'string' && k !== '');
      if (names.length > 0) fields.keywordNames = cut(names.join(', '), MAX_FIELD);
    }
    const { time, shape } = timeCreated(byName.get('timecreated'), this.ctx);
    const format = shape ?? 'powershell-json';
    this.formats.add(format);
    const message = byName.get('message');
    this.ctx.emit(
      makeEvent(this.ctx, EVENT_JSON_SOURCE, {
        line: this.objectLine,
        endLine,
        time: time ?? NO_TIME,
        level: psLevel(fields),
        message: messageOf(typeof message === 'string' ? message : undefined, fields),
        fields,
        format,
        raw: text,
      }),
    );
  }
}

/** A JSON array or object whose first lines name Get-WinEvent properties (`"ProviderName"`, `"TimeCreated"` …). */
export function sniffPowerShellJson(firstLines: string[]): boolean {
  const lines = cleanSniffLines(firstLines);
  const head = lines[0]?.trimStart();
  if (head === undefined || (!head.startsWith('[') && !head.startsWith('{'))) return false;
  const keys = new Set<string>();
  for (const line of lines.slice(0, 40)) {
    for (const m of line.matchAll(/"([A-Za-z]+)"\s*:/g)) keys.add(m[1]!.toLowerCase());
  }
  return looksLikeEventRecord(keys) || (keys.has('id') && keys.has('timecreated') && keys.has('message'));
}

export const powerShellJsonParser: Parser = {
  id: EVENT_JSON_SOURCE,
  description: 'Windows events as JSON (PowerShell Get-WinEvent | ConvertTo-Json)',
  globs: [],
  sniff: sniffPowerShellJson,
  samples: [
    {
      line: [
        '[',
        '    {',
        '        "Id":  7031,',
        '        "Version":  0,',
        '        "Qualifiers":  49152,',
        '        "Level":  2,',
        '        "Keywords":  -9187343239835811840,',
        '        "RecordId":  90210,',
        '        "ProviderName":  "Service Control Manager",',
        '        "LogName":  "System",',
        '        "MachineName":  "vm-sample",',
        '        "UserId":  null,',
        '        "TimeCreated":  "\\/Date(1709604660500)\\/",',
        '        "LevelDisplayName":  "Error",',
        '        "Properties":  [',
        '                           "System.Diagnostics.Eventing.Reader.EventProperty"',
        '                       ],',
        '        "Message":  "The Windows Azure Guest Agent service terminated unexpectedly.  It has done this 1 time(s)."',
        '    }',
        ']',
      ].join('\r\n'),
      expect: {
        source: EVENT_JSON_SOURCE,
        line: 2,
        endLine: 19,
        record: 90210,
        level: 'error',
        time: Date.UTC(2024, 2, 5, 2, 11, 0, 500),
        timeSource: 'utc',
        format: 'powershell-5.1-json',
        message: 'The Windows Azure Guest Agent service terminated unexpectedly.  It has done this 1 time(s).',
        fields: { provider: 'Service Control Manager', eventId: '7031', qualifiers: '49152', keywords: '0x8080000000000000', channel: 'System', computer: 'vm-sample', levelValue: '2' },
      },
    },
    {
      line: '{"Id":8193,"Level":2,"RecordId":4711,"ProviderName":"VSS","LogName":"Application","TimeCreated":"2024-03-05T03:10:11.1234567+01:00","LevelDisplayName":"Error","Properties":[{"Value":"CoCreateInstance"},{"Value":"0x80040154"}],"Message":null}',
      expect: {
        line: 1,
        record: 4711,
        level: 'error',
        time: Date.UTC(2024, 2, 5, 2, 10, 11, 123),
        timeSource: 'utc',
        format: 'powershell-7-json',
        message: 'VSS 8193: CoCreateInstance; 0x80040154',
        fields: { 'data.0': 'CoCreateInstance', 'data.1': '0x80040154' },
      },
    },
  ],
  create: (ctx) => new PowerShellJsonLines(ctx),
};
