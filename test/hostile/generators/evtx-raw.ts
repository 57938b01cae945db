// EVTX chunks written token by token (../shared/docs/evtx.md §1.3-1.6), for records the test writer
// (test/helpers/evtx-writer.ts) cannot express: one substitution used many times, template instances inside nested
// Binary XML that point back at the template being expanded, arrays bound to many elements, offsets that point
// anywhere. Names and template definitions are stored inline the first time, referenced by offset after.
import { crc32 } from '../../../src/parsers/evtx/crc32.js';
import { utf16le } from '../../helpers/evtx-values.js';

export const CHUNK_SIZE = 65536;
export const FILE_HEADER_SIZE = 4096;
const CHUNK_HEADER_SIZE = 512;

export const T = {
  string: 0x01,
  uint8: 0x04,
  uint16: 0x06,
  uint32: 0x08,
  uint64: 0x0a,
  filetime: 0x11,
  binxml: 0x21,
  array: 0x80,
} as const;

/** A substitution value: its type code and a writer for its bytes (nested Binary XML is written in place). */
export interface RawValue {
  type: number;
  write(w: RawChunk): void;
}

/** Markup inside a template body or a nested fragment. */
export type Node =
  | { el: string; attrs?: [string, Node[]][]; children?: Node[] }
  | { text: string }
  | { sub: number; type: number; optional?: boolean }
  | { instance: Instance };

export interface Instance {
  /** A new definition (written inline) or the chunk offset of one written before. */
  template: { body: Node[] } | { ref: number };
  values: RawValue[];
  /** Where the definition went (set when written inline): for later references. */
  defOffset?: number;
}

const FT_2024 = 133485408000000000n; // 2024-01-01T00:00:00Z as FILETIME

export const str = (text: string): RawValue => ({ type: T.string, write: (w) => w.bytes(utf16le(text)) });
export const u32v = (n: number): RawValue => ({ type: T.uint32, write: (w) => w.u32(n) });
export const u64v = (n: number): RawValue => ({ type: T.uint64, write: (w) => w.u64(BigInt(n)) });
export const filetime = (ms: number): RawValue => ({ type: T.filetime, write: (w) => w.u64(BigInt(ms) * 10000n + 116444736000000000n) });
/** A UInt8 array of `n` items: an element holding it is repeated `n` times. */
export const u8array = (n: number): RawValue => ({ type: T.array | T.uint8, write: (w) => w.bytes(new Uint8Array(n).fill(7)) });
/** Nested Binary XML holding `nodes` (template instances allowed). */
export const nested = (nodes: Node[]): RawValue => ({
  type: T.binxml,
  write: (w) => {
    w.bytes([0x0f, 0x01, 0x01, 0x00]);
    for (const n of nodes) w.node(n, false);
    w.u8(0x00);
  },
});

/** One 64 KiB chunk, written front to back. */
export class RawChunk {
  readonly buf = new Uint8Array(CHUNK_SIZE * 2);
  readonly view = new DataView(this.buf.buffer);
  pos = CHUNK_HEADER_SIZE;
  readonly ids: number[] = [];
  private lastRecord = 0;
  /** Names written so far, by text: referenced by offset after their first (inline) use. */
  private readonly names = new Map<string, number>();

  u8(v: number): void {
    this.buf[this.pos++] = v;
  }
  u16(v: number): void {
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  u32(v: number): number {
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this.pos - 4;
  }
  u64(v: bigint): void {
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }
  bytes(b: ArrayLike<number>): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  get full(): boolean {
    return this.pos > CHUNK_SIZE;
  }

  /** A name: inline (its offset field points right after itself) the first time, by offset after. */
  name(text: string): void {
    const known = this.names.get(text);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    this.names.set(text, this.pos + 4);
    this.u32(this.pos + 4);
    this.u32(0);
    this.u16(0);
    this.u16(text.length);
    this.bytes(utf16le(text));
    this.u16(0);
  }

  node(n: Node, inTemplate: boolean): void {
    if ('el' in n) {
      const attrs = n.attrs ?? [];
      this.u8(attrs.length > 0 ? 0x41 : 0x01);
      if (inTemplate) this.u16(0xffff);
      const sizeAt = this.u32(0);
      this.name(n.el);
      if (attrs.length > 0) {
        const listAt = this.u32(0);
        attrs.forEach(([name, value], i) => {
          this.u8(i < attrs.length - 1 ? 0x46 : 0x06);
          this.name(name);
          for (const part of value) this.node(part, inTemplate);
        });
        this.view.setUint32(listAt, this.pos - listAt - 4, true);
      }
      const children = n.children ?? [];
      if (children.length === 0) this.u8(0x03);
      else {
        this.u8(0x02);
        for (const c of children) this.node(c, inTemplate);
        this.u8(0x04);
      }
      this.view.setUint32(sizeAt, this.pos - sizeAt - 4, true);
    } else if ('text' in n) {
      this.bytes([0x05, 0x01]);
      this.u16(n.text.length);
      this.bytes(utf16le(n.text));
    } else if ('sub' in n) {
      this.u8(n.optional ? 0x0e : 0x0d);
      this.u16(n.sub);
      this.u8(n.type);
    } else this.instance(n.instance);
  }

  /** A template instance: the definition inline (new) or by offset, then the values. */
  instance(inst: Instance): void {
    this.bytes([0x0c, 0x01]);
    this.u32(0x1234abcd);
    if ('ref' in inst.template) {
      this.u32(inst.template.ref);
    } else {
      const defOffset = this.pos + 4;
      inst.defOffset = defOffset;
      this.u32(defOffset);
      this.u32(0); // next in bucket
      this.bytes(new Uint8Array(16).fill(0x5a)); // GUID
      const sizeAt = this.u32(0);
      this.bytes([0x0f, 0x01, 0x01, 0x00]);
      for (const n of inst.template.body) this.node(n, true);
      this.u8(0x00);
      this.view.setUint32(sizeAt, this.pos - sizeAt - 4, true);
    }
    this.u32(inst.values.length);
    const descriptors = this.pos;
    this.pos += 4 * inst.values.length;
    inst.values.forEach((v, i) => {
      const start = this.pos;
      v.write(this);
      this.view.setUint16(descriptors + 4 * i, Math.min(0xffff, this.pos - start), true);
      this.buf[descriptors + 4 * i + 2] = v.type;
    });
  }

  /** A record: header, Binary XML fragment with `body`, size copy. Returns the record's chunk offset. */
  record(id: number, body: (w: RawChunk) => void): number {
    const start = this.pos;
    this.u32(0x00002a2a);
    const sizeAt = this.u32(0);
    this.u64(BigInt(id));
    this.u64(FT_2024);
    this.bytes([0x0f, 0x01, 0x01, 0x00]);
    body(this);
    this.u8(0x00);
    const size = this.pos + 4 - start;
    this.u32(size);
    this.view.setUint32(sizeAt, size, true);
    if (this.full) throw new Error(`record ${id} does not fit in the chunk (${this.pos} bytes)`);
    this.ids.push(id);
    this.lastRecord = start;
    return start;
  }

  /** An ordinary event (provider, id, level, time, one data value): the record the file must still give. */
  plainEvent(id: number, provider: string, message: string): number {
    return this.record(id, (w) =>
      w.instance({
        template: {
          body: [
            {
              el: 'Event',
              attrs: [['xmlns', [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]]],
              children: [
                {
                  el: 'System',
                  children: [
                    { el: 'Provider', attrs: [['Name', [{ sub: 0, type: T.string }]]] },
                    { el: 'EventID', children: [{ sub: 1, type: T.uint32 }] },
                    { el: 'Level', children: [{ text: '2' }] },
                    { el: 'TimeCreated', attrs: [['SystemTime', [{ sub: 2, type: T.filetime }]]] },
                    { el: 'EventRecordID', children: [{ sub: 3, type: T.uint64 }] },
                    { el: 'Channel', children: [{ text: 'Application' }] },
                    { el: 'Computer', children: [{ text: 'hostile-vm' }] },
                  ],
                },
                { el: 'EventData', children: [{ el: 'Data', children: [{ sub: 4, type: T.string }] }] },
              ],
            },
          ],
        },
        values: [str(provider), u32v(1000), filetime(Date.UTC(2024, 4, 1, 10, 0, id % 60)), u64v(id), str(message)],
      }),
    );
  }

  /** The chunk: header with record numbers, offsets and checksums (right unless `bad` says otherwise). */
  finish(firstNumber: number, bad: { headerCrc?: boolean; dataCrc?: boolean; freeSpace?: number; lastRecord?: number } = {}): Uint8Array {
    const chunk = this.buf.slice(0, CHUNK_SIZE);
    const view = new DataView(chunk.buffer);
    chunk.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]);
    view.setBigUint64(8, BigInt(firstNumber), true);
    view.setBigUint64(16, BigInt(firstNumber + this.ids.length - 1), true);
    view.setBigUint64(24, BigInt(this.ids[0] ?? 0), true);
    view.setBigUint64(32, BigInt(this.ids[this.ids.length - 1] ?? 0), true);
    view.setUint32(40, 128, true);
    view.setUint32(44, bad.lastRecord ?? this.lastRecord, true);
    view.setUint32(48, bad.freeSpace ?? this.pos, true);
    view.setUint32(52, (crc32(chunk, CHUNK_HEADER_SIZE, this.pos) ^ (bad.dataCrc ? 1 : 0)) >>> 0, true);
    view.setUint32(120, 1, true);
    view.setUint32(124, (crc32(chunk, 128, CHUNK_HEADER_SIZE, crc32(chunk, 0, 120)) ^ (bad.headerCrc ? 1 : 0)) >>> 0, true);
    return chunk;
  }
}

/** An EVTX file of finished chunks (and any other 64 KiB slots), with a valid file header. */
export function evtxFile(slots: Uint8Array[], nextRecordId: number, opts: { headerChunkCount?: number; badHeaderCrc?: boolean } = {}): Uint8Array {
  const header = new Uint8Array(FILE_HEADER_SIZE);
  const view = new DataView(header.buffer);
  header.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]);
  view.setBigUint64(16, BigInt(Math.max(0, slots.length - 1)), true);
  view.setBigUint64(24, BigInt(nextRecordId), true);
  view.setUint32(32, 128, true);
  view.setUint16(36, 1, true);
  view.setUint16(38, 3, true);
  view.setUint16(40, 4096, true);
  view.setUint16(42, opts.headerChunkCount ?? slots.length, true);
  view.setUint32(124, (crc32(header, 0, 120) ^ (opts.badHeaderCrc ? 1 : 0)) >>> 0, true);
  const out = new Uint8Array(FILE_HEADER_SIZE + slots.reduce((n, s) => n + s.length, 0));
  out.set(header);
  let at = FILE_HEADER_SIZE;
  for (const s of slots) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}
