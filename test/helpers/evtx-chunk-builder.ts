// One 64 KiB chunk of the test EVTX writer: records written as Binary XML with templates and substitutions
// (../shared/docs/evtx.md §1.3-1.6). Names and template definitions are stored inline the first time and referenced
// by chunk offset afterwards, as Windows does.
import { crc32 } from '../../src/parsers/evtx/crc32.js';
import {
  arrayBytes, filetimeTicks, scalarBytes, typeCode, typed, utf16le,
  type DataValue, type ScalarType, type XmlChild, type XmlElement,
} from './evtx-values.js';

export const CHUNK_SIZE = 65536;

export interface RecordInput {
  id: number;
  written: Date | bigint;
  /** The record's template body: substitutions (`{ sub }`) become the instance values. */
  body: XmlElement;
}

/** Writes records into one chunk; `add` returns false (and leaves the chunk unchanged) when one does not fit. */
export class ChunkBuilder {
  private readonly buf = new Uint8Array(2 * CHUNK_SIZE);
  private readonly view = new DataView(this.buf.buffer);
  private pos = 512;
  private names = new Map<string, number>();
  private templates = new Map<string, number>();
  readonly records: { id: number; offset: number; size: number }[] = [];
  private lastRecordOffset = 0;

  get empty(): boolean {
    return this.records.length === 0;
  }

  add(record: RecordInput): boolean {
    const start = this.pos;
    const names = new Map(this.names);
    const templates = new Map(this.templates);
    this.bytes([0x2a, 0x2a, 0, 0]);
    const sizeAt = this.u32(0);
    this.u64(BigInt(record.id));
    this.u64(filetimeTicks(record.written));
    this.bytes([0x0f, 0x01, 0x01, 0x00]);
    this.instance(record.body);
    this.u8(0x00);
    const size = this.pos + 4 - start;
    this.u32(size);
    this.view.setUint32(sizeAt, size, true);
    if (this.pos > CHUNK_SIZE) {
      this.buf.fill(0, start, this.pos);
      this.pos = start;
      this.names = names;
      this.templates = templates;
      return false;
    }
    this.records.push({ id: record.id, offset: start, size });
    this.lastRecordOffset = start;
    return true;
  }

  /** The finished chunk: header, string and template tables, checksums. */
  finish(firstNumber: number, options: { badHeaderCrc?: boolean; badDataCrc?: boolean; flags?: number } = {}): Uint8Array {
    const chunk = this.buf.slice(0, CHUNK_SIZE);
    const view = new DataView(chunk.buffer);
    chunk.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]);
    const ids = this.records.map((r) => r.id);
    view.setBigUint64(8, BigInt(firstNumber), true);
    view.setBigUint64(16, BigInt(firstNumber + ids.length - 1), true);
    view.setBigUint64(24, BigInt(ids[0] ?? 0), true);
    view.setBigUint64(32, BigInt(ids[ids.length - 1] ?? 0), true);
    view.setUint32(40, 128, true);
    view.setUint32(44, this.lastRecordOffset, true);
    view.setUint32(48, this.pos, true);
    // Hash tables: 64 string buckets at 128, 32 template buckets at 384, chained through each entry's first u32.
    for (const offset of [...this.names.values()].sort((a, b) => a - b)) {
      const bucket = 128 + 4 * (view.getUint16(offset + 4, true) % 64);
      view.setUint32(offset, view.getUint32(bucket, true), true);
      view.setUint32(bucket, offset, true);
    }
    for (const offset of [...this.templates.values()].sort((a, b) => a - b)) {
      const bucket = 384 + 4 * (view.getUint32(offset + 4, true) % 32);
      view.setUint32(offset, view.getUint32(bucket, true), true);
      view.setUint32(bucket, offset, true);
    }
    view.setUint32(52, (crc32(chunk, 512, this.pos) ^ (options.badDataCrc ? 1 : 0)) >>> 0, true);
    view.setUint32(120, options.flags ?? 1, true);
    view.setUint32(124, (crc32(chunk, 128, 512, crc32(chunk, 0, 120)) ^ (options.badHeaderCrc ? 1 : 0)) >>> 0, true);
    return chunk;
  }

  private u8(v: number): void {
    this.buf[this.pos++] = v;
  }

  private u16(v: number): void {
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  /** Writes a u32 and returns where, for patching. */
  private u32(v: number): number {
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this.pos - 4;
  }

  private u64(v: bigint): void {
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }

  private bytes(b: ArrayLike<number>): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A name reference: the first use of a name stores it inline, right after its offset. */
  private name(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const at = this.pos + 4;
    this.u32(at);
    this.names.set(name, at);
    let hash = 0;
    for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 65599) + name.charCodeAt(i)) >>> 0;
    this.u32(0);
    this.u16(hash & 0xffff);
    this.u16(name.length);
    this.bytes(utf16le(name));
    this.u16(0);
  }

  private counted(text: string): void {
    this.u16(text.length);
    this.bytes(utf16le(text));
  }

  /** A template instance; its definition is written inline the first time its shape occurs in this chunk. */
  private instance(body: XmlElement): void {
    const values: DataValue[] = [];
    const key = shapeKey(body);
    let defOffset = this.templates.get(key);
    this.bytes([0x0c, 0x01]);
    const id = hashOf(key);
    this.u32(id);
    if (defOffset !== undefined) {
      this.u32(defOffset);
      collectValues(body, values);
    } else {
      defOffset = this.pos + 4;
      this.u32(defOffset);
      this.templates.set(key, defOffset);
      this.u32(0); // next template in the bucket (set in finish)
      const guid = new DataView(new ArrayBuffer(16));
      for (let i = 0; i < 4; i++) guid.setUint32(4 * i, i === 0 ? id : hashOf(key + i), true);
      this.bytes(new Uint8Array(guid.buffer));
      const sizeAt = this.u32(0);
      this.bytes([0x0f, 0x01, 0x01, 0x00]);
      this.element(body, values, true);
      this.u8(0x00);
      this.view.setUint32(sizeAt, this.pos - sizeAt - 4, true);
    }
    this.u32(values.length);
    const descriptors = this.pos;
    this.pos += 4 * values.length;
    values.forEach((value, i) => {
      const start = this.pos;
      const v = typed(value);
      // `{ t, v: null }` is a NULL value in a substitution declared as type `t`.
      const isNull = v.t === 'null' || ('v' in v && v.v === null);
      if (!isNull) this.value(v);
      this.view.setUint16(descriptors + 4 * i, this.pos - start, true);
      this.buf[descriptors + 4 * i + 2] = isNull ? 0 : typeCode(v.t);
    });
  }

  private value(v: Exclude<DataValue, string | number | null>): void {
    if (v.t === 'binxml') {
      // Nested Binary XML: a fragment with a template instance, or plain elements (no dependency ids).
      const nested = v as { v: XmlElement; template?: boolean };
      this.bytes([0x0f, 0x01, 0x01, 0x00]);
      if (nested.template) this.instance(nested.v);
      else this.element(nested.v, null, false);
      this.u8(0x00);
    } else if (v.t.endsWith('[]')) this.bytes(arrayBytes(v.t.slice(0, -2) as ScalarType, v.v as unknown[]));
    else this.bytes(scalarBytes(v.t as ScalarType, v.v, 'size' in v ? v.size : undefined));
  }

  /** An element; `values` collects substitution values (null outside templates, where `{ sub }` is not allowed). */
  private element(el: XmlElement, values: DataValue[] | null, template: boolean): void {
    const attrs = Object.entries(el.attrs ?? {});
    this.u8(attrs.length > 0 ? 0x41 : 0x01);
    if (template) this.u16(0xffff);
    const sizeAt = this.u32(0);
    this.name(el.el);
    if (attrs.length > 0) {
      const listAt = this.u32(0);
      attrs.forEach(([name, value], i) => {
        this.u8(i < attrs.length - 1 ? 0x46 : 0x06);
        this.name(name);
        this.child(value, values);
      });
      this.view.setUint32(listAt, this.pos - listAt - 4, true);
    }
    const children = el.children ?? [];
    if (children.length === 0) this.u8(0x03);
    else {
      this.u8(0x02);
      for (const child of children) this.child(child, values);
      this.u8(0x04);
    }
    this.view.setUint32(sizeAt, this.pos - sizeAt - 4, true);
  }

  private child(child: XmlChild, values: DataValue[] | null): void {
    if (typeof child === 'string') {
      this.bytes([0x05, 0x01]);
      this.counted(child);
    } else if ('el' in child) this.element(child, values, values !== null);
    else if ('entity' in child) {
      this.u8(0x09);
      this.name(child.entity);
    } else if ('charRef' in child) {
      this.u8(0x08);
      this.u16(child.charRef);
    } else if ('cdata' in child) {
      this.u8(0x07);
      this.counted(child.cdata);
    } else if ('pi' in child) {
      this.u8(0x0a);
      this.name(child.pi);
      this.u8(0x0b);
      this.counted(child.data ?? '');
    } else if ('again' in child) {
      this.u8(0x0d);
      this.u16(child.again);
      this.u8(typeCode(child.t));
    } else {
      if (values === null) throw new Error('a substitution outside a template');
      const v = typed(child.sub);
      this.u8(v.optional ? 0x0e : 0x0d);
      this.u16(values.length);
      this.u8(v.t === 'null' ? 0x01 : typeCode(v.t));
      values.push(child.sub);
    }
  }
}

/** The template shape: the body with each substitution reduced to its declared type and kind. */
function shapeKey(body: XmlElement): string {
  return JSON.stringify(body, (key, value: unknown) => {
    if (key !== 'sub') return value;
    const v = typed(value as DataValue);
    return `${v.optional ? 'opt' : 'sub'}:${v.t === 'null' ? 'string' : v.t}`;
  });
}

function collectValues(node: unknown, values: DataValue[]): void {
  if (typeof node !== 'object' || node === null) return;
  if ('sub' in node) values.push(node.sub as DataValue);
  if ('el' in node) {
    const el = node as XmlElement;
    for (const a of Object.values(el.attrs ?? {})) collectValues(a, values);
    for (const c of el.children ?? []) collectValues(c, values);
  }
}

function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
