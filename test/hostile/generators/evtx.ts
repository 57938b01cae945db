// Hostile EVTX files: records whose rendering is exponential or multiplicative in their size (issue 11, point 1),
// and chunks whose headers, offsets and sizes lie. Each file also holds ordinary records before and after the
// attack, in the same chunk and in a later one: the reader must report the attack and go on.
import { CHUNK_SIZE, RawChunk, T, evtxFile, nested, u8array, type Instance, type Node, type RawValue } from './evtx-raw.js';

export interface EvtxAttack {
  bytes: Uint8Array;
  /** EventRecordID of the hostile record (a problem should name it). */
  attackRecord?: number;
  /** Ordinary records the file holds: at least these many events must come out. */
  goodRecords: number;
}

/** The record ids used around an attack: distinctive, so that a problem naming one is easy to find. */
export const ATTACK_ID = 4242;
export const GOOD_PROVIDER = 'Hostile-Good';

/** good (4241), the attack (4242), good (4243) in chunk 0; good (4244) in chunk 1. */
function around(attack: (w: RawChunk) => void): EvtxAttack {
  const c0 = new RawChunk();
  c0.plainEvent(ATTACK_ID - 1, GOOD_PROVIDER, 'before the hostile record');
  c0.record(ATTACK_ID, attack);
  c0.plainEvent(ATTACK_ID + 1, GOOD_PROVIDER, 'after the hostile record');
  const c1 = new RawChunk();
  c1.plainEvent(ATTACK_ID + 2, GOOD_PROVIDER, 'in the next chunk');
  return { bytes: evtxFile([c0.finish(1), c1.finish(4)], ATTACK_ID + 3), attackRecord: ATTACK_ID, goodRecords: 3 };
}

/**
 * A template whose body uses substitution 0 (nested Binary XML) `uses` times; the value is a fragment holding an
 * instance of the SAME template (by offset) whose value is again such a fragment, `levels` deep: uses^levels
 * elements from a few hundred bytes (5 uses, 11 levels: 48 million).
 */
export function selfReferencingNested(levels = 11, uses = 5): EvtxAttack {
  return around((w) => {
    const body: Node[] = [{ el: 'Event', children: Array.from({ length: uses }, () => ({ el: 'Loop', children: [{ sub: 0, type: T.binxml }] })) }];
    // The definition goes inline with the outer instance; its offset is known before the values are written.
    const outer: Instance = { template: { body }, values: [] };
    const level = (n: number): RawValue =>
      n === 0 ? nested([{ el: 'End' }]) : { type: T.binxml, write: (cw) => nested([{ instance: { template: { ref: outer.defOffset! }, values: [level(n - 1)] } }]).write(cw) };
    outer.values.push(level(levels - 1));
    w.instance(outer);
  });
}

/**
 * Elements nested `depth` deep, each bound to the same UInt8 array of `items` items: each level repeats its element
 * once per item, so the record renders items^depth elements.
 */
export function nestedArrays(depth = 6, items = 200): EvtxAttack {
  return around((w) => {
    let inner: Node = { el: 'Leaf', children: [{ sub: 0, type: T.array | T.uint8 }] };
    for (let i = 1; i < depth; i++) inner = { el: 'Level', children: [{ sub: 0, type: T.array | T.uint8 }, inner] };
    w.instance({ template: { body: [{ el: 'Event', children: [inner] }] }, values: [u8array(items)] });
  });
}

/** `siblings` sibling `<Data>` elements bound to one array of `items` items (2,000 × 25,000: 50 million values). */
export function siblingsOnArray(siblings = 2000, items = 25000): EvtxAttack {
  const c0 = new RawChunk();
  c0.plainEvent(ATTACK_ID - 1, GOOD_PROVIDER, 'before the hostile record');
  c0.record(ATTACK_ID, (w) =>
    w.instance({
      template: {
        body: [{ el: 'Event', children: [{ el: 'EventData', children: Array.from({ length: siblings }, () => ({ el: 'Data', children: [{ sub: 0, type: T.array | T.uint8 }] })) }] }],
      },
      values: [u8array(items)],
    }),
  );
  // The hostile record nearly fills its chunk: the ordinary records after it go to the next chunk.
  const c1 = new RawChunk();
  c1.plainEvent(ATTACK_ID + 1, GOOD_PROVIDER, 'after the hostile record');
  c1.plainEvent(ATTACK_ID + 2, GOOD_PROVIDER, 'in the next chunk');
  return { bytes: evtxFile([c0.finish(1), c1.finish(3)], ATTACK_ID + 3), attackRecord: ATTACK_ID, goodRecords: 3 };
}

/**
 * Chunks that lie: a template definition that contains an instance of itself; two definitions that contain each
 * other; a name offset outside the chunk; a value count at the limit with every value empty; a record whose size
 * runs past the chunk; a free-space offset of 0xffffffff; header and data checksums wrong; a garbage slot, a zero
 * slot, a file header claiming 65535 chunks, and a last chunk cut short. The last whole chunk is ordinary.
 */
export function corruptChunks(): EvtxAttack {
  const slots: Uint8Array[] = [];
  let number = 1;
  let id = 100;
  const chunk = (fill: (c: RawChunk) => void, bad: Parameters<RawChunk['finish']>[1] = {}): void => {
    const c = new RawChunk();
    fill(c);
    slots.push(c.finish(number, bad));
    number += c.ids.length;
  };

  // A definition whose body holds an instance of itself (by its own offset).
  chunk((c) => {
    c.plainEvent(id++, GOOD_PROVIDER, 'ok');
    c.record(id++, (w) => {
      w.bytes([0x0c, 0x01]);
      w.u32(1);
      const def = w.pos + 4;
      w.u32(def);
      w.u32(0);
      w.bytes(new Uint8Array(16));
      const sizeAt = w.u32(0);
      w.bytes([0x0f, 0x01, 0x01, 0x00]);
      w.bytes([0x0c, 0x01]);
      w.u32(1);
      w.u32(def); // itself
      w.u32(0);
      w.u8(0x00);
      w.view.setUint32(sizeAt, w.pos - sizeAt - 4, true);
      w.u32(0);
    });
  });
  // A template offset far outside the chunk, a name offset outside the chunk, 4096 empty values.
  chunk((c) => {
    c.record(id++, (w) => {
      w.bytes([0x0c, 0x01]);
      w.u32(1);
      w.u32(0xfffffff0);
      w.u32(0);
    });
    c.record(id++, (w) => {
      w.u8(0x01);
      w.u32(0);
      w.u32(0x7ffffff0);
      w.u8(0x03);
    });
    c.record(id++, (w) => {
      w.instance({ template: { body: [{ el: 'Event', children: [{ sub: 4095, type: T.string }] }] }, values: [] });
      // Patch the value count to 4096 and give 4096 empty descriptors.
      w.pos -= 4;
      w.u32(4096);
      w.bytes(new Uint8Array(4 * 4096));
    });
  });
  // A record whose size runs past the chunk, with a wrong size copy.
  chunk((c) => {
    c.plainEvent(id++, GOOD_PROVIDER, 'ok');
    const at = c.plainEvent(id++, GOOD_PROVIDER, 'size lies');
    c.view.setUint32(at + 4, 0x7fffffff, true);
  });
  // Checksums wrong, free space beyond the chunk, last record offset garbage.
  chunk((c) => c.plainEvent(id++, GOOD_PROVIDER, 'bad crc'), { headerCrc: true, dataCrc: true, freeSpace: 0xffffffff, lastRecord: 0xdeadbeef });
  // A garbage slot and a zero slot.
  const garbage = new Uint8Array(CHUNK_SIZE);
  let x = 12345;
  for (let i = 0; i < garbage.length; i++) garbage[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  slots.push(garbage, new Uint8Array(CHUNK_SIZE));
  // The ordinary last chunk.
  chunk((c) => {
    c.plainEvent(9000, GOOD_PROVIDER, 'the last whole chunk');
    c.plainEvent(9001, GOOD_PROVIDER, 'the last whole chunk');
  });
  // A chunk cut short.
  const cut = new RawChunk();
  cut.plainEvent(9002, GOOD_PROVIDER, 'cut');
  slots.push(cut.finish(number).subarray(0, 3000));
  return { bytes: evtxFile(slots, 9003, { headerChunkCount: 0xffff }), goodRecords: 2 };
}
