// A small EVTX writer for tests (../shared/docs/evtx.md §1): builds `.evtx` files holding exactly the events a
// test needs, as Windows writes them (templates with normal and optional substitutions, names and templates
// inline the first time), with valid checksums unless told to damage them.
import { crc32 } from '../../src/parsers/evtx/crc32.js';
import { CHUNK_SIZE, ChunkBuilder } from './evtx-chunk-builder.js';
import type { DataValue, XmlChild, XmlElement } from './evtx-values.js';

export type { DataValue, XmlElement, XmlChild } from './evtx-values.js';

export interface SystemSpec {
  provider: string;
  guid?: string;
  eventSourceName?: string;
  eventId: number;
  qualifiers?: number;
  version?: number;
  level: number;
  task?: number;
  opcode?: number;
  /** Hex, e.g. `0x8080000000000000`. */
  keywords?: string;
  channel: string;
  computer: string;
  userId?: string;
  processId?: number;
  threadId?: number;
  activityId?: string;
}

export interface EvtxEventSpec {
  /** EventRecordID; default: one more than the previous record's. */
  recordId?: number;
  /** TimeCreated (and the record header's written time); a bigint is FILETIME ticks (100 ns). */
  time: Date | bigint;
  system: SystemSpec;
  /** EventData: `<Data Name=key>` per entry, or unnamed `<Data>` per item. */
  data?: Record<string, DataValue> | DataValue[];
  /** `<Binary>` after the data, as classic (eventlog API) events have. */
  binary?: Uint8Array;
  /** `<UserData><name xmlns=…><key>value</key>…</name></UserData>`; `nested` stores it as a Binary XML value (0x21). */
  userData?: { name: string; xmlns?: string; values: Record<string, DataValue>; nested?: 'template' | 'plain' };
  /** Any markup after System, instead of EventData/UserData. */
  content?: XmlElement;
  /**
   * EventData, UserData or `content` written as Windows writes them: a nested Binary XML value (0x21) instantiating a
   * template of its own, right inside `<Event>` after System. Inline in the event's template otherwise.
   */
  dataInFragment?: boolean;
}

export interface WriteOptions {
  /** At most this many records per chunk (records also move on when a chunk is full). */
  recordsPerChunk?: number;
  /** The chunk count the file header claims (default: the real one). */
  headerChunkCount?: number;
  fileFlags?: number;
  chunkFlags?: number;
  badFileHeaderCrc?: boolean;
  /** Chunk numbers (0-based, before extra slots) whose header or records checksum is written wrong. */
  badChunkHeaderCrc?: number[];
  badChunkDataCrc?: number[];
  /** Slots inserted before chunk `before`: zero-filled or garbage (no chunk signature). */
  extraSlots?: { before: number; kind: 'zero' | 'garbage' }[];
}

export interface WrittenRecord {
  id: number;
  /** Slot index in the file (counting extra slots) and the record's offset in the file. */
  slot: number;
  fileOffset: number;
  size: number;
}

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const sub = (value: DataValue): XmlChild => ({ sub: value });
const opt = (t: Exclude<DataValue, string | number | null>['t'], v: unknown): { sub: DataValue } => ({ sub: { t, v: v ?? null, optional: true } });
const leaf = (el: string, child: XmlChild): XmlElement => ({ el, children: [child] });

function systemElement(s: SystemSpec, time: Date | bigint, recordId: number): XmlElement {
  return {
    el: 'System',
    children: [
      { el: 'Provider', attrs: { Name: sub(s.provider) as { sub: DataValue }, Guid: opt('guid', s.guid), ...(s.eventSourceName ? { EventSourceName: s.eventSourceName } : {}) } },
      { el: 'EventID', attrs: { Qualifiers: opt('uint16', s.qualifiers) }, children: [sub({ t: 'uint16', v: s.eventId })] },
      leaf('Version', opt('uint8', s.version)),
      leaf('Level', opt('uint8', s.level)),
      leaf('Task', opt('uint16', s.task ?? 0)),
      leaf('Opcode', opt('uint8', s.opcode ?? 0)),
      leaf('Keywords', opt('hexint64', BigInt(s.keywords ?? '0x8000000000000000'))),
      { el: 'TimeCreated', attrs: { SystemTime: opt('filetime', time) } },
      leaf('EventRecordID', opt('uint64', BigInt(recordId))),
      { el: 'Correlation', attrs: { ActivityID: opt('guid', s.activityId), RelatedActivityID: opt('guid', undefined) } },
      { el: 'Execution', attrs: { ProcessID: opt('uint32', s.processId ?? 4), ThreadID: opt('uint32', s.threadId ?? 8) } },
      leaf('Channel', opt('string', s.channel)),
      leaf('Computer', sub(s.computer)),
      { el: 'Security', attrs: { UserID: opt('sid', s.userId) } },
    ],
  };
}

function eventData(spec: EvtxEventSpec): XmlElement | undefined {
  if (spec.content) return spec.content;
  if (spec.userData) {
    const u = spec.userData;
    const plain = u.nested === 'plain';
    const inner: XmlElement = {
      el: u.name,
      ...(u.xmlns ? { attrs: { xmlns: u.xmlns } } : {}),
      children: Object.entries(u.values).map(([k, v]) => leaf(k, plain ? String(v) : sub(v))),
    };
    if (!u.nested) return { el: 'UserData', children: [inner] };
    return { el: 'UserData', children: [sub({ t: 'binxml', v: inner, template: !plain })] };
  }
  if (!spec.data && !spec.binary) return undefined;
  const data = spec.data ?? [];
  const children: XmlElement[] = Array.isArray(data)
    ? data.map((v) => leaf('Data', sub(v)))
    : Object.entries(data).map(([name, v]) => ({ el: 'Data', attrs: { Name: name }, children: [sub(v)] }));
  if (spec.binary) children.push(leaf('Binary', sub({ t: 'binary', v: spec.binary })));
  return { el: 'EventData', children };
}

/** The Binary XML body of one event: `<Event xmlns=…><System>…</System>[EventData|UserData]</Event>`. */
export function eventBody(spec: EvtxEventSpec, recordId: number): XmlElement {
  const extra = eventData(spec);
  const after: XmlChild[] = extra === undefined ? [] : spec.dataInFragment ? [sub({ t: 'binxml', v: extra, template: true, optional: true })] : [extra];
  return { el: 'Event', attrs: { xmlns: EVENT_NS }, children: [systemElement(spec.system, spec.time, recordId), ...after] };
}

export function writeEvtxFile(events: EvtxEventSpec[], options: WriteOptions = {}): { bytes: Uint8Array; records: WrittenRecord[] } {
  const chunks: ChunkBuilder[] = [new ChunkBuilder()];
  let nextId = 1;
  for (const spec of events) {
    const id = spec.recordId ?? nextId;
    nextId = id + 1;
    const record = { id, written: spec.time, body: eventBody(spec, id) };
    let chunk = chunks[chunks.length - 1]!;
    if (chunk.records.length >= (options.recordsPerChunk ?? Infinity) || !chunk.add(record)) {
      chunk = new ChunkBuilder();
      chunks.push(chunk);
      if (!chunk.add(record)) throw new Error(`record ${id} does not fit in a chunk`);
    }
  }
  const slots: Uint8Array[] = [];
  const records: WrittenRecord[] = [];
  let number = 1;
  chunks.forEach((chunk, i) => {
    for (const extra of options.extraSlots ?? []) {
      if (extra.before === i) slots.push(extra.kind === 'zero' ? new Uint8Array(CHUNK_SIZE) : garbage(i));
    }
    const slot = slots.length;
    slots.push(
      chunk.finish(number, {
        badHeaderCrc: options.badChunkHeaderCrc?.includes(i),
        badDataCrc: options.badChunkDataCrc?.includes(i),
        flags: options.chunkFlags,
      }),
    );
    for (const r of chunk.records) records.push({ id: r.id, slot, fileOffset: 4096 + slot * CHUNK_SIZE + r.offset, size: r.size });
    number += chunk.records.length;
  });
  for (const extra of options.extraSlots ?? []) if (extra.before >= chunks.length) slots.push(extra.kind === 'zero' ? new Uint8Array(CHUNK_SIZE) : garbage(extra.before));
  const bytes = new Uint8Array(4096 + slots.length * CHUNK_SIZE);
  bytes.set(fileHeader(chunks.length, nextId, options));
  slots.forEach((slot, i) => bytes.set(slot, 4096 + i * CHUNK_SIZE));
  return { bytes, records };
}

/** An EVTX file holding `events`, in order. */
export function writeEvtx(events: EvtxEventSpec[], options: WriteOptions = {}): Uint8Array {
  return writeEvtxFile(events, options).bytes;
}

function fileHeader(chunkCount: number, nextRecordId: number, options: WriteOptions): Uint8Array {
  const header = new Uint8Array(4096);
  const view = new DataView(header.buffer);
  header.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]);
  view.setBigUint64(16, BigInt(chunkCount - 1), true);
  view.setBigUint64(24, BigInt(nextRecordId), true);
  view.setUint32(32, 128, true);
  view.setUint16(36, 1, true);
  view.setUint16(38, 3, true);
  view.setUint16(40, 4096, true);
  view.setUint16(42, options.headerChunkCount ?? chunkCount, true);
  view.setUint32(120, options.fileFlags ?? 0, true);
  view.setUint32(124, (crc32(header, 0, 120) ^ (options.badFileHeaderCrc ? 1 : 0)) >>> 0, true);
  return header;
}

function garbage(seed: number): Uint8Array {
  const out = new Uint8Array(CHUNK_SIZE);
  let x = 0x9e3779b9 ^ seed;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  out[0] = 0x13; // never "ElfChnk"
  return out;
}

/** Recomputes a chunk's header and records checksums after a test edited its bytes. */
export function fixChunkChecksums(bytes: Uint8Array, slot: number): void {
  const start = 4096 + slot * CHUNK_SIZE;
  const chunk = bytes.subarray(start, start + CHUNK_SIZE);
  const view = new DataView(chunk.buffer, chunk.byteOffset, CHUNK_SIZE);
  view.setUint32(52, crc32(chunk, 512, view.getUint32(48, true)), true);
  view.setUint32(124, crc32(chunk, 128, 512, crc32(chunk, 0, 120)), true);
}
