import { Buffer } from 'node:buffer';
import { beforeEach, describe, expect, it } from 'vitest';
import { looksBinary, MAX_LINE_CHARS, splitLines } from '../../src/text/lines.js';

// The splitter decodes plain Uint8Arrays (the browser) chunk-wide and Node Buffers line by line: both must agree.
const modes = [
  ['Uint8Array chunks', (b: Uint8Array) => b],
  ['Buffer chunks', (b: Uint8Array) => Buffer.from(b)],
] as const;
let wrap: (b: Uint8Array) => Uint8Array = (b) => b;

async function collect(chunks: (string | Uint8Array)[]) {
  const enc = new TextEncoder();
  const lines: [number, string][] = [];
  const cuts: [number, number][] = [];
  const source = (async function* () {
    for (const c of chunks) yield wrap(typeof c === 'string' ? enc.encode(c) : c);
  })();
  const n = await splitLines(source, { line: (t, no) => lines.push([no, t]), cut: (no, d) => cuts.push([no, d]) });
  return { n, lines, cuts };
}

describe.each(modes)('splitLines on %s', (_, wrapChunk) => {
  beforeEach(() => {
    wrap = wrapChunk;
  });

  it('splits across chunk borders and strips CR', async () => {
    const { n, lines } = await collect(['a\r\nb', 'c\nd', '\n', 'last']);
    expect(n).toBe(4);
    expect(lines).toEqual([[1, 'a'], [2, 'bc'], [3, 'd'], [4, 'last']]);
  });

  it('keeps empty lines and numbers them', async () => {
    const { lines } = await collect(['x\n\n\ny\n']);
    expect(lines.map((l) => l[1])).toEqual(['x', '', '', 'y']);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = new TextEncoder().encode('é\n');
    const { lines } = await collect([bytes.subarray(0, 1), bytes.subarray(1)]);
    expect(lines).toEqual([[1, 'é']]);
  });

  it('decodes UTF-16LE with a BOM', async () => {
    const text = 'Événement 1\r\nzwei\r\n';
    const buf = new Uint8Array(2 + text.length * 2);
    buf[0] = 0xff;
    buf[1] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      buf[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      buf[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const { lines } = await collect([buf]);
    expect(lines.map((l) => l[1])).toEqual(['Événement 1', 'zwei']);
  });

  it('cuts an over-long line, keeps the next lines, and says how much was dropped', async () => {
    const big = 'x'.repeat(MAX_LINE_CHARS + 5000);
    const { lines, cuts } = await collect([big.slice(0, 700_000), big.slice(700_000), '\nnext\n']);
    expect(lines.length).toBe(2);
    expect(lines[0]![1].length).toBe(MAX_LINE_CHARS);
    expect(lines[1]).toEqual([2, 'next']);
    expect(cuts).toEqual([[1, 5000]]);
  });

  it('ends an over-long line that a later chunk finishes, then splits the rest of that chunk', async () => {
    const big = 'y'.repeat(MAX_LINE_CHARS + 10);
    const { lines, cuts } = await collect([big, 'zz\r\na\nb\n', 'c']);
    expect(lines.map(([no, t]) => [no, t.length > 10 ? t.length : t])).toEqual([[1, MAX_LINE_CHARS], [2, 'a'], [3, 'b'], [4, 'c']]);
    expect(cuts).toEqual([[1, 13]]);
  });

  it('drops the byte-order mark that starts the file, keeps a U+FEFF anywhere else (at a chunk start too)', async () => {
    expect((await collect(['\uFEFFfirst\n', '\uFEFFsecond\n', 'x\uFEFFy\n'])).lines).toEqual([
      [1, 'first'],
      [2, '\uFEFFsecond'],
      [3, 'x\uFEFFy'],
    ]);
    expect((await collect(['a\nb', '\uFEFFc\n'])).lines).toEqual([[1, 'a'], [2, 'b\uFEFFc']]);
  });

  it('keeps a CR at a chunk border and lines that fill a chunk exactly', async () => {
    const { lines } = await collect(['one\r', '\ntwo\n', 'three\n', '\n']);
    expect(lines).toEqual([[1, 'one'], [2, 'two'], [3, 'three'], [4, '']]);
  });
});

describe('looksBinary', () => {
  it('flags NUL bytes and control noise, not text', () => {
    expect(looksBinary(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode('2024-01-01T00:00:00Z INFO x\n'))).toBe(false);
    expect(looksBinary(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe(false);
  });
});

describe.each(modes)('UTF-8 across chunk borders, %s', (_, wrapChunk) => {
  beforeEach(() => {
    wrap = wrapChunk;
  });

  it('decodes every split of multi-byte characters exactly like a whole decode', async () => {
    const text = 'a€b𝄞c é\nzwölf Ωmega 日本語\n';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      for (let cut2 = cut; cut2 < bytes.length; cut2 += 3) {
        const { lines } = await collect([bytes.subarray(0, cut), bytes.subarray(cut, cut2), bytes.subarray(cut2)]);
        expect(lines.map((l) => l[1])).toEqual(['a€b𝄞c é', 'zwölf Ωmega 日本語']);
      }
    }
  });

  it('keeps invalid bytes as replacement characters', async () => {
    const { lines } = await collect([new Uint8Array([0x61, 0xff, 0x62, 0xe2, 0x82]), new Uint8Array([0x0a])]);
    expect(lines.map((l) => l[1])).toEqual(['a\ufffdb\ufffd']);
  });
});
