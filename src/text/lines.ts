// Bytes -> lines, streaming, with a cap on line length so that one huge line cannot exhaust memory.

export const MAX_LINE_CHARS = 1 << 20;

export interface LineSink {
  /**
   * `text` has no line terminator. When the splitter has the line's UTF-8 bytes at hand (Node Buffers), it also
   * passes them as `bytes[start, end)` (valid during the call only): a parser may read its header from them.
   */
  line(text: string, lineNo: number, bytes?: Uint8Array, start?: number, end?: number): void;
  /** A line longer than the cap was cut; the rest of it up to the next newline was dropped. */
  cut?(lineNo: number, droppedChars: number): void;
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Picks the decoder from a byte-order mark (Windows tools write UTF-16 with one); UTF-8 otherwise. */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bomBytes: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  return { encoding: 'utf-8', bomBytes: 0 };
}

/**
 * True when the first bytes are not text: NUL bytes in a UTF-8 file, or mostly control bytes.
 * UTF-16 text (with a BOM) is text.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (detectEncoding(head).encoding !== 'utf-8') return false;
  const n = Math.min(head.length, 8192);
  if (n === 0) return false;
  let nul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) nul++;
    else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return nul > 0 || control / n > 0.1;
}

/**
 * Splits a byte stream into lines (`\n`, `\r\n` and a lone trailing `\r` handled) and hands each to the sink.
 * Returns the number of lines. Decoding errors become U+FFFD; they never throw.
 */
export async function splitLines(
  chunks: AsyncIterable<Uint8Array>,
  sink: LineSink,
  first?: Uint8Array,
): Promise<number> {
  let decoder: TextDecoder | undefined;
  let carry = '';
  let dropping = false; // inside an over-long line, skipping to its end
  let dropped = 0;
  let lineNo = 0;

  /** Hands a whole line to the sink, cut at the cap; its bytes go along only when it is not cut. */
  const emitLine = (line: string, bytes?: Uint8Array, start = 0, end = 0): void => {
    lineNo++;
    if (line.length > MAX_LINE_CHARS) {
      sink.line(line.slice(0, MAX_LINE_CHARS), lineNo);
      sink.cut?.(lineNo, line.length - MAX_LINE_CHARS);
    } else if (bytes !== undefined) {
      sink.line(line, lineNo, bytes, start, end);
    } else {
      sink.line(line, lineNo);
    }
  };

  const feed = (text: string): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (dropping) {
        dropped += nl - start;
        sink.cut?.(lineNo, dropped);
        dropping = false;
        dropped = 0;
      } else {
        let line = carry.length > 0 ? carry + text.slice(start, nl) : text.slice(start, nl);
        carry = '';
        if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        emitLine(line);
      }
      start = nl + 1;
    }
    if (start >= text.length) return;
    if (dropping) {
      dropped += text.length - start;
      return;
    }
    carry = carry.length > 0 ? carry + text.slice(start) : text.slice(start);
    if (carry.length > MAX_LINE_CHARS) {
      lineNo++;
      sink.line(carry.slice(0, MAX_LINE_CHARS), lineNo);
      dropping = true;
      dropped = carry.length - MAX_LINE_CHARS;
      carry = '';
    }
  };

  // UTF-8 is decoded chunk by chunk without the decoder's streaming mode (several times faster): each
  // chunk is cut after its last complete character and the few bytes left over start the next one.
  let utf8 = false;
  let pending: Uint8Array | undefined;
  const decodeUtf8 = (chunk: Uint8Array): void => {
    if (pending) {
      const joined = new Uint8Array(pending.length + chunk.length);
      joined.set(pending);
      joined.set(chunk, pending.length);
      chunk = joined;
      pending = undefined;
    }
    const end = completeUtf8Length(chunk);
    if (end < chunk.length) pending = chunk.slice(end);
    if (end > 0) feed(decoder!.decode(end === chunk.length ? chunk : chunk.subarray(0, end)));
  };

  // Node's Buffer decodes each line on its own (`utf8Slice`): parsers read such flat strings ~40% faster than
  // slices of one chunk-wide string. Only the line that spans two chunks goes through `feed`.
  const sliceLines = (chunk: Utf8Slicing): void => {
    let start = 0;
    let nl = chunk.indexOf(10);
    if (nl < 0) return decodeUtf8(chunk);
    if (carry.length > 0 || pending !== undefined || dropping) {
      decodeUtf8(chunk.subarray(0, nl + 1));
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    for (; nl >= 0; nl = chunk.indexOf(10, start)) {
      const end = nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl;
      emitLine(chunk.utf8Slice(start, end), chunk, start, end);
      start = nl + 1;
    }
    if (start < chunk.length) decodeUtf8(chunk.subarray(start));
  };

  const push = (chunk: Uint8Array): void => {
    if (!decoder) {
      const { encoding, bomBytes } = detectEncoding(chunk);
      utf8 = encoding === 'utf-8';
      // UTF-8: the file's BOM is cut off here, so the decoder keeps any other U+FEFF (each chunk is decoded on its
      // own: it would drop one at a chunk's start, which per-line decoding keeps). UTF-16 streams: it drops the BOM.
      decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: utf8 });
      if (bomBytes > 0 && utf8) chunk = chunk.subarray(bomBytes);
    }
    if (!utf8) feed(decoder.decode(chunk, { stream: true }));
    else if (canSliceUtf8(chunk)) sliceLines(chunk);
    else decodeUtf8(chunk);
  };

  if (first && first.length > 0) push(first);
  for await (const chunk of chunks) {
    if (chunk.length > 0) push(chunk);
  }
  if (decoder) feed(pending ? decoder.decode(pending) : decoder.decode());
  if (dropping) {
    sink.cut?.(lineNo, dropped);
  } else if (carry.length > 0) {
    lineNo++;
    sink.line(carry.charCodeAt(carry.length - 1) === 13 ? carry.slice(0, -1) : carry, lineNo);
  }
  return lineNo;
}

/** A Node.js Buffer, seen from the core without importing Node: it decodes a byte range to a string itself. */
interface Utf8Slicing extends Uint8Array {
  utf8Slice(start: number, end: number): string;
}

function canSliceUtf8(chunk: Uint8Array): chunk is Utf8Slicing {
  return typeof (chunk as Partial<Utf8Slicing>).utf8Slice === 'function';
}

/** Decodes a whole small document (UTF-8 or UTF-16 by its byte-order mark). */
export function decodeText(bytes: Uint8Array): string {
  const { encoding, bomBytes } = detectEncoding(bytes);
  return new TextDecoder(encoding, { fatal: false }).decode(bytes.subarray(bomBytes));
}

/** Length of the prefix of `bytes` that ends on a UTF-8 character boundary. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  // Look back over at most 3 continuation bytes (10xxxxxx) for the last lead byte.
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i]!;
    if (b < 0x80) return n; // ASCII: everything before it is complete too
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return n - i >= need ? n : i;
    }
  }
  return n; // invalid run of continuation bytes: let the decoder replace it
}
