// Bytes -> lines, streaming, with a cap on line length so that one huge line cannot exhaust memory.

export const MAX_LINE_CHARS = 1 << 20;

export interface LineSink {
  line(text: string, lineNo: number): void;
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
        lineNo++;
        if (line.length > MAX_LINE_CHARS) {
          sink.line(line.slice(0, MAX_LINE_CHARS), lineNo);
          sink.cut?.(lineNo, line.length - MAX_LINE_CHARS);
        } else {
          sink.line(line, lineNo);
        }
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

  const push = (chunk: Uint8Array): void => {
    if (!decoder) {
      const { encoding, bomBytes } = detectEncoding(chunk);
      decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
      if (bomBytes > 0 && encoding === 'utf-8') chunk = chunk.subarray(bomBytes);
    }
    feed(decoder.decode(chunk, { stream: true }));
  };

  if (first && first.length > 0) push(first);
  for await (const chunk of chunks) {
    if (chunk.length > 0) push(chunk);
  }
  if (decoder) feed(decoder.decode());
  if (dropping) {
    sink.cut?.(lineNo, dropped);
  } else if (carry.length > 0) {
    lineNo++;
    sink.line(carry.charCodeAt(carry.length - 1) === 13 ? carry.slice(0, -1) : carry, lineNo);
  }
  return lineNo;
}

/** Decodes a whole small document (UTF-8 or UTF-16 by its byte-order mark). */
export function decodeText(bytes: Uint8Array): string {
  const { encoding, bomBytes } = detectEncoding(bytes);
  return new TextDecoder(encoding, { fatal: false }).decode(bytes.subarray(bomBytes));
}
