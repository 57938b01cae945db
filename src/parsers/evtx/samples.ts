// A sample EVTX file built byte by byte from the specification (../shared/docs/evtx.md §1): one chunk, one record
// whose Binary XML is plain elements and Value tokens (names inline on first use). Template instances,
// substitutions and every value type are covered by the tests' EVTX writer (test/helpers/evtx-writer.ts).
import type { BinaryParser } from '../types.js';
import { crc32 } from './crc32.js';

type Markup = [name: string, attrs: Record<string, string>, ...children: (Markup | string)[]];

const EVENT: Markup = [
  'Event', { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
  ['System', {},
    ['Provider', { Name: 'Service Control Manager', Guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}' }],
    ['EventID', { Qualifiers: '49152' }, '7034'],
    ['Level', {}, '2'],
    ['TimeCreated', { SystemTime: '2024-03-01T08:15:30.1234567Z' }],
    ['EventRecordID', {}, '42'],
    ['Channel', {}, 'System'],
    ['Computer', {}, 'vm-1'],
  ],
  ['EventData', {},
    ['Data', { Name: 'param1' }, 'Windows Azure Guest Agent'],
    ['Data', { Name: 'param2' }, '1'],
  ],
];

class Bytes {
  readonly buf = new Uint8Array(65536);
  readonly view = new DataView(this.buf.buffer);
  pos = 0;
  private readonly names = new Map<string, number>();

  u8(...values: number[]): void {
    for (const v of values) this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u32(v: number): void {
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }

  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
  }

  /** Name offset; the first use stores `next u32 | hash u16 | count u16 | UTF-16 | NUL` right after it. */
  name(s: string): void {
    const known = this.names.get(s);
    if (known !== undefined) return this.u32(known);
    this.names.set(s, this.pos + 4);
    this.u32(this.pos + 4);
    let hash = 0;
    for (let i = 0; i < s.length; i++) hash = (Math.imul(hash, 65599) + s.charCodeAt(i)) >>> 0;
    this.u32(0);
    this.u16(hash & 0xffff);
    this.u16(s.length);
    this.text(s);
    this.u16(0);
  }

  /** Value token: type 0x01 (string), char count, UTF-16LE. */
  value(s: string): void {
    this.u8(0x05, 0x01);
    this.u16(s.length);
    this.text(s);
  }

  element([name, attrs, ...children]: Markup): void {
    const list = Object.entries(attrs);
    this.u8(list.length > 0 ? 0x41 : 0x01);
    this.u32(0); // data size: unused by readers
    this.name(name);
    if (list.length > 0) this.u32(0); // attribute list size: unused by readers
    list.forEach(([attr, value], i) => {
      this.u8(i < list.length - 1 ? 0x46 : 0x06);
      this.name(attr);
      this.value(value);
    });
    if (children.length === 0) return this.u8(0x03);
    this.u8(0x02);
    for (const child of children) {
      if (typeof child === 'string') this.value(child);
      else this.element(child);
    }
    this.u8(0x04);
  }
}

/** `ElfFile` header + one `ElfChnk` chunk holding EVENT as record 42, checksums included. */
function sampleFile(): Uint8Array {
  const chunk = new Bytes();
  chunk.pos = 512;
  chunk.u8(0x2a, 0x2a, 0, 0);
  chunk.u32(0);
  chunk.u32(42);
  chunk.u32(0);
  chunk.u32(0x6752c000); // written time (FILETIME, low then high): 2024-03-01T00:00:00Z
  chunk.u32(0x01da6b6b);
  chunk.u8(0x0f, 0x01, 0x01, 0x00);
  chunk.element(EVENT);
  chunk.u8(0x00);
  const size = chunk.pos + 4 - 512;
  chunk.u32(size);
  chunk.view.setUint32(516, size, true);
  const c = chunk.view;
  chunk.buf.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]);
  [1, 1, 42, 42].forEach((n, i) => c.setUint32(8 + 8 * i, n, true));
  c.setUint32(40, 128, true);
  c.setUint32(44, 512, true);
  c.setUint32(48, chunk.pos, true);
  c.setUint32(52, crc32(chunk.buf, 512, chunk.pos), true);
  c.setUint32(120, 1, true);
  c.setUint32(124, crc32(chunk.buf, 128, 512, crc32(chunk.buf, 0, 120)), true);
  const file = new Uint8Array(4096 + 65536);
  const h = new DataView(file.buffer);
  file.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]);
  h.setUint32(24, 43, true);
  h.setUint32(32, 128, true);
  h.setUint16(36, 1, true);
  h.setUint16(38, 3, true);
  h.setUint16(40, 4096, true);
  h.setUint16(42, 1, true);
  h.setUint32(124, crc32(file, 0, 120), true);
  file.set(chunk.buf, 4096);
  return file;
}

export const evtxSamples: BinaryParser['samples'] = [
  {
    name: 'Service Control Manager 7034 (plain elements, no template)',
    bytes: sampleFile,
    expectEvents: [
      {
        source: 'evtx',
        line: 0,
        record: 42,
        level: 'error',
        timeText: '2024-03-01T08:15:30.1234567Z',
        time: Date.UTC(2024, 2, 1, 8, 15, 30, 123),
        message: 'Service Control Manager 7034: param1=Windows Azure Guest Agent; param2=1',
      },
    ],
  },
];
