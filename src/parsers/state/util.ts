// Helpers shared by the agent-state parsers: line lookup in a whole document, safe JSON/XML reading with clear
// problems, UTC times, extension identity from a path, fact and event builders. Core module: no Node imports.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Fact, Level, LogEvent, TimeSource } from '../../model.js';
import type { ParseContext } from '../types.js';
import { utcFromFields } from '../../time/fields.js';

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** Longest message kept in a fact attribute or an event (characters). */
export const MAX_MESSAGE = 500;
/** Longest `raw` line quoted by an event or a fact `text`. */
const MAX_RAW = 300;

// ---------------------------------------------------------------------------------------------------------------
// Untyped JSON / XML values

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** An array as is; a single value as a one-item array (fast-xml-parser gives one child as an object); nothing as []. */
export function arr(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

/** A scalar as a string (numbers and booleans too); objects, arrays, null and '' as undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** Text of an XML element read by fast-xml-parser: a plain string or the `#text` of an element with attributes. */
export function text(v: unknown): string | undefined {
  const o = obj(v);
  return o ? str(o['#text']) : str(v)?.trim() || undefined;
}

/** An attribute of an XML element (`@_name`). */
export function attr(v: unknown, name: string): string | undefined {
  return str(obj(v)?.[`@_${name}`]);
}

export function cut(s: string, max = MAX_MESSAGE): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** Attributes with the empty values left out. */
export function attrs(values: Record<string, string | undefined | null>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = v;
    any = true;
  }
  return any ? out : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines of a whole document

/** Line starts of a text, to turn an offset into a 1-based line number and to quote a line. */
export class TextIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The line (without its terminator); a long line is cut to a window around `offset` when given. */
  lineText(line: number, offset?: number): string {
    const start = this.starts[line - 1] ?? 0;
    const next = this.starts[line];
    let s = this.text.slice(start, next === undefined ? this.text.length : next - 1);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    s = s.trim();
    if (s.length <= MAX_RAW) return s;
    const at = offset === undefined ? 0 : Math.max(0, offset - start - 40);
    return (at > 0 ? '…' : '') + s.slice(at, at + MAX_RAW) + '…';
  }

  /** First match of `re` at or after `from` (the regex gets the `g` flag), or undefined. */
  find(re: RegExp, from = 0): { line: number; index: number } | undefined {
    const g = re.global ? re : new RegExp(re.source, re.flags + 'g');
    g.lastIndex = from;
    const m = g.exec(this.text);
    return m ? { line: this.lineAt(m.index), index: m.index } : undefined;
  }
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Finds where things are in a document, moving forward as repeated items (plugins, handlers) are read in order:
 * each lookup starts after the previous hit, and falls back to the start of the text, then to line 1.
 */
export class Locator {
  readonly index: TextIndex;
  private cursor = 0;

  constructor(text: string) {
    this.index = new TextIndex(text);
  }

  /** Line of the first of `res` found (after the cursor, else anywhere); moves the cursor when `advance`. */
  line(res: RegExp[], advance = false): number {
    return this.hit(res, advance)?.line ?? 1;
  }

  hit(res: RegExp[], advance = false): { line: number; index: number } | undefined {
    for (const re of res) {
      const h = this.index.find(re, this.cursor) ?? this.index.find(re, 0);
      if (h) {
        if (advance) this.cursor = h.index + 1;
        return h;
      }
    }
    return undefined;
  }

  /** Line of a JSON member `"key": value` (value optional). */
  json(key: string, value?: string, advance = false): number {
    return this.line(jsonRes(key, value), advance);
  }

  /** Line of a JSON member and the text there (a window of a long line, e.g. a one-line JSON file). */
  jsonQuote(key: string, value?: string, advance = false): { line: number; raw: string } {
    const h = this.hit(jsonRes(key, value), advance);
    return h ? { line: h.line, raw: this.index.lineText(h.line, h.index) } : { line: 1, raw: this.index.lineText(1) };
  }

  /** Line of an XML element `<Tag` or of an attribute `name="value"`. */
  xml(tag: string, attrName?: string, attrValue?: string, advance = false): number {
    const res: RegExp[] = [];
    if (attrName && attrValue !== undefined) res.push(new RegExp(`<(?:\\w+:)?${escapeRe(tag)}\\b[^>]*\\b${escapeRe(attrName)}="${escapeRe(xmlEscape(attrValue))}"`));
    res.push(new RegExp(`<(?:\\w+:)?${escapeRe(tag)}\\b`));
    return this.line(res, advance);
  }

  raw(line: number): string {
    return this.index.lineText(line);
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function jsonRes(key: string, value?: string): RegExp[] {
  const k = `"${escapeRe(key)}"\\s*:\\s*`;
  const res: RegExp[] = [];
  if (value !== undefined) {
    const quoted = JSON.stringify(value).slice(1, -1);
    res.push(new RegExp(`${k}"?${escapeRe(quoted)}`));
  }
  res.push(new RegExp(k));
  return res;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading documents without throwing

/**
 * Parses JSON; on failure reports a problem that says where (line, column) but never quotes the text (a settings
 * file can hold secrets) and returns undefined.
 */
export function parseJson(text: string, ctx: ParseContext, what: string): unknown {
  const r = tryJson(text, what);
  if ('error' in r) {
    ctx.problem(r.error);
    return undefined;
  }
  return r.value;
}

/** JSON.parse without throwing: the value, or a one-line reason that never quotes the text. */
export function tryJson(text: string, what: string): { value: unknown } | { error: string } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { error: `empty file: no ${what} in it` };
  try {
    return { value: JSON.parse(body) };
  } catch (error) {
    return { error: `${what} is not valid JSON (${jsonErrorPlace(body, error)})` };
  }
}

function jsonErrorPlace(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
  if (offset >= text.trimEnd().length || /end of (JSON|data)/i.test(message)) return 'the text ends early: cut or truncated file';
  if (offset < 0) return 'malformed';
  const index = new TextIndex(text);
  const line = index.lineAt(offset);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Offset of the first JSON syntax error, found by a small scanner (V8's messages give no position for some errors,
 * and quote the text for others); -1 when the scanner sees none.
 */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') fail();
        string();
        ws();
        if (s[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      for (let k = 0; k < word.length; k++, i++) if (s[i] !== word[k]) fail();
    } else {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const string = (): void => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) i += 2;
      else if (c < 32) fail();
      else i++;
    }
    fail();
  };
  try {
    value(0);
    ws();
    return i < s.length ? i : -1;
  } catch (at) {
    return typeof at === 'number' ? at : -1;
  }
}

/** JSON that must be an object (`{...}`); otherwise a problem and undefined. */
export function parseJsonObject(text: string, ctx: ParseContext, what: string): Obj | undefined {
  const parsed = parseJson(text, ctx, what);
  if (parsed === undefined) return undefined;
  const o = obj(parsed);
  if (!o) ctx.problem(`${what} is JSON but not an object: not the expected format`);
  return o;
}

/** JSON that must be an array (`[...]`, the extension status/manifest shape); otherwise a problem and undefined. */
export function parseJsonArray(text: string, ctx: ParseContext, what: string): unknown[] | undefined {
  const parsed = parseJson(text, ctx, what);
  if (parsed === undefined) return undefined;
  if (!Array.isArray(parsed)) {
    ctx.problem(`${what} is JSON but not an array: not the expected format`);
    return undefined;
  }
  return parsed;
}

const XML = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

/** The 2.8+ stand-in for goal-state files the agent no longer keeps in its lib dir. */
export function isPlaceholder(text: string): boolean {
  return /^\s*<xml>\s*empty placeholder file\s*<\/xml>\s*$/i.test(text);
}

/**
 * Parses XML after checking it is well-formed (fast-xml-parser reads broken XML without complaint); a problem
 * names the line and the parser's reason. `scrub` cleans that reason (ovf-env.xml: never quote a password).
 */
export function parseXml(text: string, ctx: ParseContext, what: string, scrub: (s: string) => string = (s) => s): Obj | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    ctx.problem(`empty file: no ${what} in it`);
    return undefined;
  }
  let verdict: ReturnType<typeof XMLValidator.validate>;
  try {
    verdict = XMLValidator.validate(body);
  } catch (error) {
    ctx.problem(`${what} is not well-formed XML`);
    return undefined;
  }
  if (verdict !== true) {
    const err = verdict.err;
    ctx.problem(scrub(`${what} is not well-formed XML (line ${err.line}${err.col ? `, column ${err.col}` : ''}: ${err.msg})`));
    return undefined;
  }
  try {
    return obj(XML.parse(body)) ?? {};
  } catch (error) {
    ctx.problem(scrub(`${what} cannot be read as XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`));
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Times

export interface DocTime {
  time: number | null;
  timeText: string;
  timeSource: TimeSource;
}

export const NO_TIME: DocTime = { time: null, timeText: '', timeSource: 'none' };

const RE_ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]00:?00)?$/;
const RE_MS_DATE = /^\\?\/?Date\((\d+)\)\\?\/?$/;

/** A `timestampUTC`-style time: ISO 8601 (`Z` or not: the field says UTC) or the .NET `\/Date(ms)\/`. */
export function utcTime(value: unknown): DocTime {
  const s = str(value)?.trim();
  if (!s) return NO_TIME;
  const m = RE_ISO.exec(s);
  if (m) {
    const frac = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
    const t = utcFromFields(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, frac);
    return Number.isFinite(t) && +m[2]! >= 1 && +m[2]! <= 12 ? { time: t, timeText: s, timeSource: 'utc' } : { time: null, timeText: s, timeSource: 'none' };
  }
  const d = RE_MS_DATE.exec(s);
  if (d) return { time: Number(d[1]), timeText: s, timeSource: 'utc' };
  return { time: null, timeText: s, timeSource: 'none' };
}

/** .NET ticks (100 ns since 0001-01-01 UTC) to epoch ms; null when not a plausible tick count. */
export function ticksToMs(value: unknown): number | null {
  const s = str(value);
  if (!s || !/^\d{15,19}$/.test(s)) return null;
  const ms = Number(BigInt(s) / 10000n - 62135596800000n);
  return ms > 0 ? ms : null;
}

/** Epoch seconds (as the agent's error.json writes them) to ms. */
export function secondsToMs(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(str(value));
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : null;
}

const RE_HISTORY = /(?:^|\/)history\/(\d{4})-(\d\d)-(\d\d)T(\d\d)[-:](\d\d)[-:](\d\d)(?:\.(\d{1,6}))?(?:__([^/]+?)|_incarnation_(\d+))?(?:\.zip)?\//i;

/**
 * The goal-state history folder a file sits in (`history/2024-05-01T10-00-00__3.zip/`, legacy
 * `history/2018-04-06T08:21:37.142697_incarnation_1/`): when the agent archived it (UTC) and its tag
 * (incarnation or FastTrack eTag).
 */
export function historyOf(path: string): { time: number; tag?: string } | undefined {
  const m = RE_HISTORY.exec(path);
  if (!m) return undefined;
  const frac = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  const time = utcFromFields(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, frac);
  const tag = m[8] ?? m[9];
  return { time, ...(tag ? { tag } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Extension identity from a path

export interface ExtensionRef {
  name: string;
  version?: string;
}

/** `Publisher.Type-1.2.3` split at the last `-` followed by a digit; no such dash: the whole name. */
export function splitNameVersion(dir: string): ExtensionRef {
  for (let i = dir.length - 2; i > 0; i--) {
    if (dir.charCodeAt(i) === 45 /* - */) {
      const c = dir.charCodeAt(i + 1);
      if (c >= 48 && c <= 57) return { name: dir.slice(0, i), version: dir.slice(i + 1) };
    }
  }
  return { name: dir };
}

/**
 * The extension a file belongs to, from the folder `depth` levels above the file (0: `<ext>/file`,
 * 1: `<ext>/config/file`). Linux: `<Publisher.Type>-<version>`; Windows plugin layout: `<Name>/<version>`.
 */
export function extensionFromPath(path: string, depth: number): ExtensionRef | undefined {
  const parts = path.split('/');
  const dir = parts[parts.length - 2 - depth];
  if (!dir) return undefined;
  const split = splitNameVersion(dir);
  if (split.version !== undefined) return split;
  const parent = parts[parts.length - 3 - depth];
  if (/^\d+(?:\.\d+)+$/.test(dir) && parent) return { name: parent, version: dir };
  return split;
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Builders

export interface FactInput {
  role?: string | undefined;
  attrs?: Record<string, string> | undefined;
  time?: number | null;
  line?: number;
  text?: string;
}

/** Reports a fact; skips it when the value is empty. */
export function fact(ctx: ParseContext, kind: string, value: string | undefined, input: FactInput = {}): void {
  if (value === undefined || value === '') return;
  const f: Fact = { kind, value, time: input.time ?? null, path: ctx.path, line: input.line ?? 1 };
  if (input.role) f.role = input.role;
  if (input.attrs && Object.keys(input.attrs).length > 0) f.attrs = input.attrs;
  f.text = input.text ?? `${kind}=${value}`;
  ctx.fact(f);
}

export interface EventInput extends DocTime {
  level: Level;
  line: number;
  raw: string;
  message: string;
  extension?: ExtensionRef | undefined;
  fields?: Record<string, string> | undefined;
  format?: string;
}

export function emit(ctx: ParseContext, source: string, input: EventInput): void {
  const e: LogEvent = {
    time: input.time,
    timeText: input.timeText,
    timeSource: input.timeSource,
    level: input.level,
    source,
    path: ctx.path,
    line: input.line,
    message: input.message,
    raw: input.raw,
  };
  if (input.extension) e.extension = input.extension.version ? { name: input.extension.name, version: input.extension.version } : { name: input.extension.name };
  if (input.fields && Object.keys(input.fields).length > 0) e.fields = input.fields;
  if (input.format) e.format = input.format;
  ctx.emit(e);
}

/** Keys of the public settings, never their values (a `commandToExecute` or a storage key can hide there). */
export function publicSettingsKeys(value: unknown): string | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  const o = obj(v);
  if (!o) return undefined;
  const keys = Object.keys(o);
  return keys.length > 0 ? keys.join(',') : undefined;
}

/** Host of a URL, never its path or query (a SAS token would be in the query). */
export function urlHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i.exec(value.trim());
  return m?.[1];
}
