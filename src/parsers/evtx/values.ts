// Substitution value types and their text (../shared/docs/evtx.md §1.7). Renderings follow Windows rather than
// the reference tools where they differ: SizeT and HexInt64 in unpadded hex, FILETIME with 7 fractional digits.
import type { Value } from './nodes.js';
import { MAX_CACHED_BYTES, ValueCache } from './value-cache.js';

export const T_NULL = 0x00;
export const T_STRING = 0x01;
export const T_ANSI = 0x02;
export const T_BINXML = 0x21;
export const T_ARRAY = 0x80;

const UTF16 = new TextDecoder('utf-16le');
const ANSI = ansiDecoder();
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));
/** FILETIME seconds from 1601-01-01 to 1970-01-01. */
const EPOCH_DIFF_S = 11644473600;

function ansiDecoder(): TextDecoder {
  try {
    return new TextDecoder('windows-1252');
  } catch {
    return new TextDecoder('latin1');
  }
}

/** Reused code-unit arrays, one per length (`fromCharCode.apply` takes the whole array). */
const CODES: number[][] = Array.from({ length: 33 }, (_, n) => new Array<number>(n).fill(0));

/** `chars` UTF-16LE code units at `offset`. TextDecoder's call costs more than building a short string by hand. */
export function utf16(bytes: Uint8Array, offset: number, chars: number): string {
  if (chars > 32) return UTF16.decode(bytes.subarray(offset, offset + 2 * chars));
  if (chars <= 6) {
    let s = '';
    for (let i = offset, end = offset + 2 * chars; i < end; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
    return s;
  }
  const codes = CODES[chars]!;
  for (let i = 0; i < chars; i++) codes[i] = bytes[offset + 2 * i]! | (bytes[offset + 2 * i + 1]! << 8);
  return String.fromCharCode.apply(null, codes);
}

/** A UTF-16 string value without its trailing NULs (§1.7: writers often include one). */
function utf16Value(bytes: Uint8Array, offset: number, size: number): string {
  let chars = size >>> 1;
  while (chars > 0 && bytes[offset + 2 * chars - 2] === 0 && bytes[offset + 2 * chars - 1] === 0) chars--;
  return utf16(bytes, offset, chars);
}

function ansiValue(bytes: Uint8Array, offset: number, size: number): string {
  let end = offset + size;
  while (end > offset && bytes[end - 1] === 0) end--;
  return ANSI.decode(bytes.subarray(offset, end));
}

export function hex(bytes: Uint8Array, offset: number, size: number): string {
  let s = '';
  for (let i = offset, end = offset + size; i < end; i++) s += HEX[bytes[i]!]!;
  return s;
}

function hex64(view: DataView, offset: number): string {
  const hi = view.getUint32(offset + 4, true);
  const lo = view.getUint32(offset, true);
  return hi === 0 ? '0x' + lo.toString(16) : '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

function int64(view: DataView, offset: number, signed: boolean): string {
  const lo = view.getUint32(offset, true);
  const hi = signed ? view.getInt32(offset + 4, true) : view.getUint32(offset + 4, true);
  if (hi >= -0x200000 && hi < 0x200000) return String(hi * 0x100000000 + lo);
  return signed ? view.getBigInt64(offset, true).toString() : view.getBigUint64(offset, true).toString();
}

/** The shortest decimal that reads back as the same 32-bit float. */
function real32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let p = 1; p < 9; p++) {
    const s = value.toPrecision(p);
    if (Math.fround(Number(s)) === value) return String(Number(s));
  }
  return String(value);
}

export function guid(bytes: Uint8Array, view: DataView, o: number): string {
  const b = bytes;
  return (
    '{' +
    view.getUint32(o, true).toString(16).toUpperCase().padStart(8, '0') +
    '-' +
    view.getUint16(o + 4, true).toString(16).toUpperCase().padStart(4, '0') +
    '-' +
    view.getUint16(o + 6, true).toString(16).toUpperCase().padStart(4, '0') +
    '-' +
    HEX[b[o + 8]!]! +
    HEX[b[o + 9]!]! +
    '-' +
    HEX[b[o + 10]!]! +
    HEX[b[o + 11]!]! +
    HEX[b[o + 12]!]! +
    HEX[b[o + 13]!]! +
    HEX[b[o + 14]!]! +
    HEX[b[o + 15]!]! +
    '}'
  );
}

const TWO_DIGITS: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);
const pad2 = (n: number): string => TWO_DIGITS[n] ?? String(n);

/** The day last written by `civil` and its `YYYY-MM-DDT`: records come in time order, most of a day's together. */
let lastDays = Number.NaN;
let lastDayText = '';

/** `YYYY-MM-DDTHH:MM:SS` of a day count since 1970-01-01 and the seconds into that day (proleptic Gregorian). */
function civil(days: number, secondOfDay: number): string {
  if (days !== lastDays) {
    lastDays = days;
    lastDayText = dayText(days);
  }
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor(secondOfDay / 60) % 60;
  return lastDayText + TWO_DIGITS[hour]! + ':' + TWO_DIGITS[minute]! + ':' + TWO_DIGITS[secondOfDay % 60]!;
}

function dayText(days: number): string {
  // Days to year/month/day by 400-year eras, with March as the first month of the computing year.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return (year >= 1000 && year <= 9999 ? String(year) : String(year).padStart(4, '0')) + '-' + TWO_DIGITS[month]! + '-' + TWO_DIGITS[day]! + 'T';
}

/** FILETIME (two 32-bit halves) as ISO 8601 UTC with all 7 fractional digits (100 ns), e.g. `2010-11-21T03:55:59.6264271Z`. */
export function filetimeText(lo: number, hi: number): string {
  let seconds: number;
  let fraction: number;
  if (hi < 0x6b000000) {
    // hi * 2^32 = hi * 429 * 1e7 + hi * 4967296: both parts stay exact in a double.
    const rest = hi * 4967296 + lo;
    seconds = hi * 429 + Math.floor(rest / 1e7);
    fraction = rest % 1e7;
  } else {
    const ticks = (BigInt(hi) << 32n) | BigInt(lo);
    seconds = Number(ticks / 10000000n);
    fraction = Number(ticks % 10000000n);
  }
  const unix = seconds - EPOCH_DIFF_S;
  const days = Math.floor(unix / 86400);
  const f = String(fraction);
  const text = civil(days, unix - days * 86400) + '.' + (f.length < 7 ? '0000000'.slice(f.length) + f : f) + 'Z';
  // Four-digit years only: that is the text isoToMs reads by position, to the same milliseconds.
  if (text.length === 28) {
    lastTimeText = text;
    lastTimeMs = unix * 1000 + Math.floor(fraction / 10000);
  }
  return text;
}

/** The FILETIME text made last, and its epoch milliseconds (truncated, as isoToMs reads it). */
let lastTimeText = '';
let lastTimeMs = 0;

/**
 * The epoch milliseconds of `text` when it is the FILETIME text made last: a record's time is the text of its
 * TimeCreated value, decoded just before, so it need not be parsed back.
 */
export function lastFiletimeMs(text: string): number | undefined {
  return text === lastTimeText ? lastTimeMs : undefined;
}

export function filetime(view: DataView, offset: number): string {
  return filetimeText(view.getUint32(offset, true), view.getUint32(offset + 4, true));
}

function systemtime(view: DataView, o: number): string {
  const year = view.getUint16(o, true);
  const ms = view.getUint16(o + 14, true);
  return (
    String(year).padStart(4, '0') +
    '-' +
    pad2(view.getUint16(o + 2, true)) +
    '-' +
    pad2(view.getUint16(o + 6, true)) +
    'T' +
    pad2(view.getUint16(o + 8, true)) +
    ':' +
    pad2(view.getUint16(o + 10, true)) +
    ':' +
    pad2(view.getUint16(o + 12, true)) +
    '.' +
    String(ms).padStart(3, '0') +
    'Z'
  );
}

/** Bytes a SID takes at `offset` (8 + 4 per sub-authority), bounded by `size`. */
function sidSize(bytes: Uint8Array, offset: number, size: number): number {
  return size < 2 ? size : Math.min(size, 8 + 4 * bytes[offset + 1]!);
}

/** `S-1-5-21-…`; a truncated SID (§1.9: they exist) renders the parts that are there. */
function sid(bytes: Uint8Array, view: DataView, offset: number, size: number): string {
  if (size < 8) return size > 0 ? 'S-' + bytes[offset]! : '';
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[offset + i]!;
  let s = 'S-' + bytes[offset]! + '-' + (authority < 0x100000000 ? String(authority) : '0x' + authority.toString(16).toUpperCase().padStart(12, '0'));
  const count = Math.min(bytes[offset + 1]!, (size - 8) >>> 2);
  for (let i = 0; i < count; i++) s += '-' + view.getUint32(offset + 8 + 4 * i, true);
  return s;
}

/** Text of one scalar value of `type` (0x01-0x15); unknown types give their bytes in hex. */
export function scalar(bytes: Uint8Array, view: DataView, type: number, offset: number, size: number): string {
  switch (type) {
    case 0x01:
      return utf16Value(bytes, offset, size);
    case 0x02:
      return ansiValue(bytes, offset, size);
    case 0x03:
      return String(view.getInt8(offset));
    case 0x04:
      return String(bytes[offset]!);
    case 0x05:
      return String(view.getInt16(offset, true));
    case 0x06:
      return String(view.getUint16(offset, true));
    case 0x07:
      return String(view.getInt32(offset, true));
    case 0x08:
      return String(view.getUint32(offset, true));
    case 0x09:
      return int64(view, offset, true);
    case 0x0a:
      return int64(view, offset, false);
    case 0x0b:
      return real32(view.getFloat32(offset, true));
    case 0x0c:
      return String(view.getFloat64(offset, true));
    case 0x0d: {
      // 4 bytes in practice; values other than 0 and 1 exist (§1.7).
      const v = size >= 4 ? view.getUint32(offset, true) : size >= 2 ? view.getUint16(offset, true) : bytes[offset]!;
      return v !== 0 ? 'true' : 'false';
    }
    case 0x0f:
      return size >= 16 ? guid(bytes, view, offset) : hex(bytes, offset, size);
    case 0x10:
      return size >= 8 ? hex64(view, offset) : '0x' + view.getUint32(offset, true).toString(16);
    case 0x11:
      return filetime(view, offset);
    case 0x12:
      return systemtime(view, offset);
    case 0x13:
      return sid(bytes, view, offset, size);
    case 0x14:
      return '0x' + view.getUint32(offset, true).toString(16);
    case 0x15:
      return hex64(view, offset);
    default:
      return hex(bytes, offset, size);
  }
}

/** Minimum byte size of one value of each fixed-width scalar type. */
const WIDTH: Record<number, number> = {
  0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0a: 8, 0x0b: 4, 0x0c: 8,
  0x0d: 4, 0x0f: 16, 0x10: 4, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8,
};

/**
 * Scalar types whose text is worth remembering by their bytes (ValueCache): strings, GUIDs, SIDs, hex renderings
 * and binary data, which repeat across records and take a loop to build. Numbers in decimal are left out (the
 * engine keeps a cache of its own for those, and process and thread ids vary), as are FILETIME and SYSTEMTIME
 * (unique to each record).
 */
const REPEATING = new Uint8Array(256).fill(1);
for (const type of [0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x11, 0x12]) REPEATING[type] = 0;
const cache = new ValueCache();

/** A value of any type except nested Binary XML (0x21), which the Binary XML reader parses itself. */
export function decodeValue(bytes: Uint8Array, view: DataView, type: number, offset: number, size: number): Value {
  if (type === T_NULL || size === 0) return null;
  if ((type & T_ARRAY) === 0) {
    if (size <= MAX_CACHED_BYTES && REPEATING[type] === 1) return cache.find(bytes, type, offset, size) ?? cache.remember(scalarOrHex(bytes, view, type, offset, size));
    return scalarOrHex(bytes, view, type, offset, size);
  }
  return decodeArray(bytes, view, type & 0x7f, offset, size);
}

/** A scalar's text; a value shorter than its type's width gives its bytes in hex. */
function scalarOrHex(bytes: Uint8Array, view: DataView, type: number, offset: number, size: number): string {
  const width = WIDTH[type];
  return width !== undefined && size < width ? hex(bytes, offset, size) : scalar(bytes, view, type, offset, size);
}

function decodeArray(bytes: Uint8Array, view: DataView, base: number, offset: number, size: number): string[] {
  const items: string[] = [];
  const end = offset + size;
  if (base === T_STRING) {
    let start = offset;
    for (let i = offset; i + 1 < end; i += 2) {
      if (bytes[i] === 0 && bytes[i + 1] === 0) {
        items.push(utf16(bytes, start, (i - start) >>> 1));
        start = i + 2;
      }
    }
    if (start + 1 < end) items.push(utf16(bytes, start, (end - start) >>> 1));
  } else if (base === T_ANSI) {
    let start = offset;
    for (let i = offset; i < end; i++) {
      if (bytes[i] === 0) {
        items.push(ANSI.decode(bytes.subarray(start, i)));
        start = i + 1;
      }
    }
    if (start < end) items.push(ANSI.decode(bytes.subarray(start, end)));
  } else if (base === 0x13) {
    for (let p = offset; p + 8 <= end; ) {
      const n = sidSize(bytes, p, end - p);
      items.push(sid(bytes, view, p, n));
      p += n;
    }
  } else {
    // SizeT arrays hold 8-byte items unless the size says 4 (32-bit writers).
    const width = base === 0x10 ? (size % 8 === 0 ? 8 : 4) : WIDTH[base];
    if (width === undefined) return [hex(bytes, offset, size)];
    for (let p = offset; p + width <= end; p += width) items.push(scalar(bytes, view, base, p, width));
  }
  return items;
}
