// Substitution values for the test EVTX writer: what a test writes, and its bytes and type code
// (../shared/docs/evtx.md §1.7).

/** Scalar type names and their codes; `<name>[]` is the array type (code | 0x80). */
export const TYPE_CODES = {
  null: 0x00, string: 0x01, ansi: 0x02, int8: 0x03, uint8: 0x04, int16: 0x05, uint16: 0x06, int32: 0x07, uint32: 0x08,
  int64: 0x09, uint64: 0x0a, real32: 0x0b, real64: 0x0c, bool: 0x0d, binary: 0x0e, guid: 0x0f, sizet: 0x10,
  filetime: 0x11, systemtime: 0x12, sid: 0x13, hexint32: 0x14, hexint64: 0x15, binxml: 0x21,
} as const;
export type ScalarType = Exclude<keyof typeof TYPE_CODES, 'binxml'>;
export type ValueType = ScalarType | `${ScalarType}[]` | 'binxml';

/** Markup inside a template body or a nested Binary XML value. */
export type XmlChild =
  | XmlElement
  | string
  | { entity: string }
  | { charRef: number }
  | { cdata: string }
  | { pi: string; data?: string }
  /** A substitution (template bodies only): the value goes into the instance. */
  | { sub: DataValue }
  /** Another substitution of value number `again` of the same instance (crafted inputs: one value used many times). */
  | { again: number; t: ValueType };
export interface XmlElement {
  el: string;
  attrs?: Record<string, string | { sub: DataValue } | { entity: string }>;
  children?: XmlChild[];
}

/**
 * A value as a test writes it: a string (UTF-16 string), a number (UInt32 if whole and >= 0, else Real64), null
 * (NULL in a normal substitution: empty element), or typed. `optional` makes an optional substitution (0x0E),
 * which drops its element or attribute when the value is NULL. `binxml` nests Binary XML: `template` puts a
 * template instance inside (substitutions allowed), otherwise plain elements.
 */
export type DataValue =
  | string
  | number
  | null
  | { t: ValueType; v?: unknown; optional?: boolean; size?: number }
  | { t: 'binxml'; v: XmlElement; template?: boolean; optional?: boolean };

export type TypedValue = Exclude<DataValue, string | number | null>;

export function typed(value: DataValue): TypedValue {
  if (value === null) return { t: 'null' };
  if (typeof value === 'string') return { t: 'string', v: value };
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { t: 'uint32', v: value } : { t: 'real64', v: value };
  return value;
}

export function typeCode(t: ValueType): number {
  if (t.endsWith('[]')) return 0x80 | TYPE_CODES[t.slice(0, -2) as ScalarType];
  return TYPE_CODES[t as keyof typeof TYPE_CODES];
}

export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >>> 8;
  }
  return out;
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** FILETIME ticks of a Date, or the ticks themselves (for 100 ns precision). */
export function filetimeTicks(time: Date | bigint): bigint {
  return typeof time === 'bigint' ? time : BigInt(time.getTime()) * 10000n + FILETIME_UNIX_EPOCH;
}

export function guidBytes(text: string): Uint8Array {
  const hex = text.replace(/[{}-]/g, '');
  const raw = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  const out = new Uint8Array(16);
  out.set([raw[3]!, raw[2]!, raw[1]!, raw[0]!, raw[5]!, raw[4]!, raw[7]!, raw[6]!]);
  out.set(raw.subarray(8), 8);
  return out;
}

export function sidBytes(text: string): Uint8Array {
  const [, revision, authority, ...subs] = text.split('-').map(Number);
  const out = new Uint8Array(8 + 4 * subs.length);
  const view = new DataView(out.buffer);
  out[0] = revision!;
  out[1] = subs.length;
  view.setUint16(2, Math.floor(authority! / 2 ** 32));
  view.setUint32(4, authority! >>> 0);
  subs.forEach((s, i) => view.setUint32(8 + 4 * i, s!, true));
  return out;
}

function fixed(size: number, write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(size);
  write(new DataView(out.buffer));
  return out;
}

/** Bytes of one scalar value (the `binxml` type is written by the chunk builder, in place). */
export function scalarBytes(t: ScalarType, v: unknown, size?: number): Uint8Array {
  switch (t) {
    case 'null':
      return new Uint8Array(0);
    case 'string':
      return utf16le(v as string);
    case 'ansi':
      return Uint8Array.from(v as string, (c) => c.charCodeAt(0) & 0xff);
    case 'int8':
      return fixed(1, (d) => d.setInt8(0, v as number));
    case 'uint8':
      return fixed(1, (d) => d.setUint8(0, v as number));
    case 'int16':
      return fixed(2, (d) => d.setInt16(0, v as number, true));
    case 'uint16':
      return fixed(2, (d) => d.setUint16(0, v as number, true));
    case 'int32':
      return fixed(4, (d) => d.setInt32(0, v as number, true));
    case 'uint32':
    case 'hexint32':
      return fixed(4, (d) => d.setUint32(0, v as number, true));
    case 'int64':
      return fixed(8, (d) => d.setBigInt64(0, BigInt(v as bigint), true));
    case 'uint64':
    case 'hexint64':
      return fixed(8, (d) => d.setBigUint64(0, BigInt(v as bigint), true));
    case 'sizet':
      return size === 4 ? fixed(4, (d) => d.setUint32(0, Number(v), true)) : fixed(8, (d) => d.setBigUint64(0, BigInt(v as bigint), true));
    case 'real32':
      return fixed(4, (d) => d.setFloat32(0, v as number, true));
    case 'real64':
      return fixed(8, (d) => d.setFloat64(0, v as number, true));
    case 'bool':
      return fixed(4, (d) => d.setUint32(0, typeof v === 'number' ? v : v ? 1 : 0, true));
    case 'binary':
      return v as Uint8Array;
    case 'guid':
      return guidBytes(v as string);
    case 'filetime':
      return fixed(8, (d) => d.setBigUint64(0, filetimeTicks(v as Date | bigint), true));
    case 'systemtime': {
      const date = v as Date;
      const parts = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDay(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()];
      return fixed(16, (d) => parts.forEach((p, i) => d.setUint16(2 * i, p, true)));
    }
    case 'sid':
      return sidBytes(v as string);
  }
}

/** Bytes of an array value: NUL-terminated strings, or the items back to back. */
export function arrayBytes(t: ScalarType, items: unknown[]): Uint8Array {
  if (t === 'string') return utf16le(items.map((s) => `${s as string}\0`).join(''));
  if (t === 'ansi') return scalarBytes('ansi', items.map((s) => `${s as string}\0`).join(''));
  const parts = items.map((item) => scalarBytes(t, item));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
