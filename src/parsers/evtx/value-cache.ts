// The text of small substitution values, remembered by their bytes. Most values of a log repeat from record to record
// (provider GUIDs, keywords, channel and computer names, levels, tasks, services' names and states): looking their
// bytes up costs less than building the string again, and every repeat shares one string instead of making garbage.
// A value's text depends on its type and bytes alone, so a hit gives exactly what decoding would.

/** Values up to this many bytes are remembered (a GUID is 16, a short name a few dozen). */
export const MAX_CACHED_BYTES = 64;
const SLOTS = 4096;

/**
 * A direct-mapped table: each slot holds the last value whose bytes hashed there (a collision replaces it), so its
 * size is fixed whatever the input: SLOTS strings and SLOTS * MAX_CACHED_BYTES bytes of keys.
 */
export class ValueCache {
  private readonly keys = new Uint8Array(SLOTS * MAX_CACHED_BYTES);
  /** (type << 8 | size) + 1 of the value in each slot; 0 for an empty slot. */
  private readonly kinds = new Int32Array(SLOTS);
  private readonly texts: string[] = new Array<string>(SLOTS).fill('');

  private slot = 0;
  private kind = 0;
  private bytes: Uint8Array = this.keys;
  private offset = 0;
  private size = 0;

  /** The text remembered for the value of `type` in `bytes[offset, offset + size)` (size <= MAX_CACHED_BYTES). */
  find(bytes: Uint8Array, type: number, offset: number, size: number): string | undefined {
    const kind = ((type << 8) | size) + 1;
    let h = Math.imul(kind, 0x9e3779b1);
    for (let i = offset, end = offset + size; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    this.slot = slot;
    this.kind = kind;
    this.bytes = bytes;
    this.offset = offset;
    this.size = size;
    if (this.kinds[slot] !== kind) return undefined;
    const keys = this.keys;
    const base = slot * MAX_CACHED_BYTES;
    for (let i = 0; i < size; i++) if (keys[base + i] !== bytes[offset + i]) return undefined;
    return this.texts[slot];
  }

  /** Remembers `text` for the value the last `find` missed. */
  remember(text: string): string {
    const slot = this.slot;
    this.kinds[slot] = this.kind;
    this.keys.set(this.bytes.subarray(this.offset, this.offset + this.size), slot * MAX_CACHED_BYTES);
    this.texts[slot] = text;
    return text;
  }
}
