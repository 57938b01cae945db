// The splitter hands a line's bytes to the sink (for byte header readers and `skim`) from Node Buffers and from
// plain Uint8Arrays (the browser) alike: a plain chunk is decoded once and sliced when it holds no multi-byte
// character. Both kinds of chunk must give the sink the same calls.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/text/lines.js';

type Call = { lineNo: number; text: string; how: 'line' | 'line+bytes' | 'skim' };

/** Cuts `bytes` at `cuts` into chunks, each a Buffer or a plain Uint8Array of its own. */
function cutInto(bytes: Uint8Array, cuts: number[], buffer: boolean): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) out.push(buffer ? Buffer.from(bytes.subarray(from, c)) : bytes.slice(from, c));
    from = Math.max(from, c);
  }
  return out;
}

/** Every sink call; lines starting "skip" are taken by `skim` (decoded here, to compare their text). */
async function calls(chunks: Uint8Array[]): Promise<{ calls: Call[]; total: number }> {
  const seen: Call[] = [];
  const total = await splitLines(
    (async function* () {
      yield* chunks;
    })(),
    {
      line(text, lineNo, bytes, start, end) {
        if (bytes !== undefined) expect(Buffer.from(bytes.subarray(start, end)).toString('utf8')).toBe(text);
        seen.push({ lineNo, text, how: bytes === undefined ? 'line' : 'line+bytes' });
      },
      skim(bytes, start, end, lineNo) {
        const text = Buffer.from(bytes.subarray(start, end)).toString('utf8');
        if (!text.startsWith('skip')) return false;
        seen.push({ lineNo, text, how: 'skim' });
        return true;
      },
    },
  );
  return { calls: seen, total };
}

const enc = new TextEncoder();

describe('splitLines: line bytes from plain Uint8Arrays', () => {
  it('passes an ASCII line its bytes and offers it to skim, as from a Buffer', async () => {
    const bytes = enc.encode('first line\r\nskip this one\nthird line with more text\nskip\nlast');
    const plain = await calls(cutInto(bytes, [7, 30], false));
    expect(plain.calls).toEqual([
      { lineNo: 1, text: 'first line', how: 'line' }, // cut by the chunk border: decoded through the carry
      { lineNo: 2, text: 'skip this one', how: 'skim' },
      { lineNo: 3, text: 'third line with more text', how: 'line' },
      { lineNo: 4, text: 'skip', how: 'skim' },
      { lineNo: 5, text: 'last', how: 'line' },
    ]);
    expect(await calls(cutInto(bytes, [7, 30], true))).toEqual(plain);
  });

  it('keeps a lone invalid byte as U+FFFD with its byte, as a Buffer does', async () => {
    const raw = Uint8Array.from([...enc.encode('bad '), 0xff, ...enc.encode(' byte\nnext\n')]);
    const plain = await calls([raw]);
    expect(plain.calls).toEqual([
      { lineNo: 1, text: 'bad \ufffd byte', how: 'line+bytes' },
      { lineNo: 2, text: 'next', how: 'line+bytes' },
    ]);
    expect(await calls([Buffer.from(raw)])).toEqual(plain);
  });

  it('gives a chunk with a multi-byte character its lines without bytes, decoded alike', async () => {
    const bytes = enc.encode('caf\u00e9 open\nskip \u2014 dash\nplain\n');
    const plain = await calls([bytes]);
    expect(plain.calls).toEqual([
      { lineNo: 1, text: 'caf\u00e9 open', how: 'line' },
      { lineNo: 2, text: 'skip \u2014 dash', how: 'line' },
      { lineNo: 3, text: 'plain', how: 'line' },
    ]);
  });

  it('for any text cut anywhere: the same calls from Buffers and from plain arrays', async () => {
    const piece = fc.oneof(
      fc.constantFrom('skip ', 'line ', 'x', ' ', '\n', '\r\n', '\r', 'INFO ExtHandler ', '2024-06-04T00:00:00.000000Z '),
      fc.constantFrom('\u00e9', '\u2014', '\ud83d\ude00', '\ufeff'),
      fc.constantFrom(0xff, 0xc3, 0x80, 0xe2, 0x00),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), async (pieces, cuts) => {
        const parts = pieces.map((p) => (typeof p === 'number' ? Uint8Array.of(p) : enc.encode(p)));
        const bytes = Uint8Array.from(parts.flatMap((p) => [...p]));
        const fromBuffers = await calls(cutInto(bytes, cuts, true));
        const fromPlain = await calls(cutInto(bytes, cuts, false));
        expect(fromPlain.total).toBe(fromBuffers.total);
        // Text, line numbers and the cut are always the same; where no chunk held a multi-byte character, so are
        // the bytes handed out and the lines skimmed.
        const text = (c: Call[]) => c.map(({ lineNo, text }) => [lineNo, text]);
        expect(text(fromPlain.calls)).toEqual(text(fromBuffers.calls));
        const multiByte = new TextDecoder().decode(bytes).length !== bytes.length;
        if (!multiByte) expect(fromPlain.calls).toEqual(fromBuffers.calls);
      }),
      { numRuns: 300 },
    );
  });
});
