// The EVTX parser's shortcuts give what the long way gives: the value cache the decoded text, the FILETIME memo the
// milliseconds isoToMs reads from the text.
import { describe, expect, it } from 'vitest';
import { isoToMs } from '../../../src/parsers/evtx/record.js';
import { ValueCache, MAX_CACHED_BYTES } from '../../../src/parsers/evtx/value-cache.js';
import { decodeValue, filetimeText, hex, lastFiletimeMs } from '../../../src/parsers/evtx/values.js';

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const utf16le = (s: string): Uint8Array => new Uint8Array(Array.from(s).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));

describe('value cache', () => {
  it('gives back the text remembered for the same type and bytes, and nothing for other bytes or another type', () => {
    const cache = new ValueCache();
    const bytes = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0xff, 0xfe]);
    expect(cache.find(bytes, 0x0f, 0, 16)).toBeUndefined();
    cache.remember('sixteen');
    expect(cache.find(bytes, 0x0f, 0, 16)).toBe('sixteen');
    // The same bytes elsewhere in another buffer.
    expect(cache.find(new Uint8Array([9, ...bytes]), 0x0f, 1, 16)).toBe('sixteen');
    expect(cache.find(bytes, 0x0e, 0, 16)).toBeUndefined();
    expect(cache.find(bytes, 0x0f, 0, 15)).toBeUndefined();
    expect(cache.find(bytes, 0x0f, 2, 16)).toBeUndefined();
  });

  it('holds a fixed number of values: a colliding value replaces the one in its slot', () => {
    const cache = new ValueCache();
    const texts = new Map<number, string>();
    for (let i = 0; i < 20_000; i++) {
      const bytes = new Uint8Array([i & 0xff, i >> 8, 7]);
      const found = cache.find(bytes, 0x0e, 0, 3);
      if (found === undefined) cache.remember(`v${i}`);
      else expect(found).toBe(texts.get(i));
      texts.set(i, `v${i}`);
    }
    let kept = 0;
    for (let i = 0; i < 20_000; i++) if (cache.find(new Uint8Array([i & 0xff, i >> 8, 7]), 0x0e, 0, 3) === `v${i}`) kept++;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(4096);
  });

  it('makes decodeValue give what decoding gives, first time and every repeat', () => {
    const values: [number, Uint8Array][] = [
      [0x01, utf16le('Service Control Manager\0')],
      [0x01, utf16le('running')],
      [0x0f, new Uint8Array([0xd1, 0x08, 0x59, 0x55, 0xd7, 0xa6, 0x95, 0x46, 0x8e, 0x1e, 0x26, 0x93, 0x1d, 0x20, 0x12, 0xf4])],
      [0x15, new Uint8Array([0, 0, 0, 0, 0, 0, 0x80, 0x80])],
      [0x0e, new Uint8Array([0x77, 0, 0x75, 0])],
      [0x0f, new Uint8Array([1, 2, 3])], // shorter than a GUID: its bytes in hex
      [0x01, utf16le('x'.repeat(MAX_CACHED_BYTES))], // longer than the cache takes
    ];
    const expected = ['Service Control Manager', 'running', '{555908D1-A6D7-4695-8E1E-26931D2012F4}', '0x8080000000000000', '77007500', '010203', 'x'.repeat(MAX_CACHED_BYTES)];
    for (let round = 0; round < 3; round++) {
      values.forEach(([type, bytes], i) => expect(decodeValue(bytes, view(bytes), type, 0, bytes.length)).toBe(expected[i]));
    }
    expect(hex(new Uint8Array([0xab]), 0, 1)).toBe('AB');
  });
});

describe('FILETIME milliseconds', () => {
  it('are those isoToMs reads from the text, for the text made last only', () => {
    const ticks = [0n, 1n, 116444736000000000n, 129347853596264271n, 133600000009999999n, 2650467743999999999n, 2650467744000000000n, 0x7fffffffffffffffn];
    for (const t of ticks) {
      const text = filetimeText(Number(t & 0xffffffffn), Number(t >> 32n));
      const memo = lastFiletimeMs(text);
      // Years of four digits are remembered; others (after 9999) are read by isoToMs's general path.
      if (text.length === 28) expect(memo).toBe(isoToMs(text));
      else expect(memo).toBeUndefined();
    }
    const first = filetimeText(1, 30000000);
    filetimeText(2, 30000000);
    expect(lastFiletimeMs(first)).toBeUndefined();
  });
});

describe('CRC-32', () => {
  it('is the same read by words (aligned) and by bytes (unaligned), over any range, empty and reversed ones included', async () => {
    const { crc32 } = await import('../../../src/parsers/evtx/crc32.js');
    const data = new Uint8Array(1000).map((_, i) => (i * 131 + 7) & 0xff);
    // The same bytes at an odd offset of another buffer: every read there goes byte by byte.
    const shifted = new Uint8Array(1001);
    shifted.set(data, 1);
    const unaligned = shifted.subarray(1);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    for (const [start, end] of [[0, 1000], [4, 996], [8, 16], [0, 7], [3, 999], [12, 12], [20, 10]] as const) {
      expect(crc32(data, start, end)).toBe(crc32(unaligned, start, end));
    }
    expect(crc32(data, 0, 1000)).toBe(crc32(data, 500, 1000, crc32(data, 0, 500)));
  });
});

describe('FILETIME text', () => {
  it('is right whether the day is the one written last or not (times in order, back and forth, across days)', () => {
    const reference = (t: bigint): string => {
      const ms = Number(t / 10_000n) - 11_644_473_600_000;
      return new Date(ms).toISOString().slice(0, 19) + '.' + String(t % 10_000_000n).padStart(7, '0') + 'Z';
    };
    const day = 864_000_000_000n;
    const start = 133_600_000_000_000_000n;
    const ticks: bigint[] = [];
    for (let i = 0n; i < 50n; i++) ticks.push(start + i * (day / 7n) + i);
    ticks.push(start, start + 40n * day, start, 0n, start + day - 1n, start + day, 2_650_467_743_999_999_999n);
    for (const t of ticks) expect(filetimeText(Number(t & 0xffffffffn), Number(t >> 32n))).toBe(reference(t));
  });
});
