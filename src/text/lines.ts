// Bytes -> lines, streaming, with a cap on line length so that one huge line cannot exhaust memory.

export const MAX_LINE_CHARS = 1 << 20;

export interface LineSink {
  /**
   * `text` has no line terminator. When the splitter has the line's UTF-8 bytes at hand (Node Buffers; plain
   * Uint8Arrays when their chunk holds no multi-byte character), it also passes them as `bytes[start, end)` (valid during the call only): a parser may read its header from them.
   */
  line(text: string, lineNo: number, bytes?: Uint8Array, start?: number, end?: number): void;
  /** A line longer than the cap was cut; the rest of it up to the next newline was dropped. */
  cut?(lineNo: number, droppedChars: number): void;
  /**
   * Offered each line whose UTF-8 bytes are at hand before it is decoded: true when the sink took the line from
   * its bytes alone (no `line` call follows for it). `bytes[next...]` is what follows the line's newline in the
   * same chunk (a peek at the next line; `next` may be `bytes.length`). Valid during the call only.
   */
  skim?(bytes: Uint8Array, start: number, end: number, lineNo: number, next: number): boolean;
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Picks the decoder: a byte-order mark (Windows tools write UTF-16 with one), else UTF-16 recognised by the NUL
 * halves of its ASCII characters (`utf16WithoutBom`), else UTF-8.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bomBytes: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  const utf16 = utf16WithoutBom(head);
  return { encoding: utf16 ?? 'utf-8', bomBytes: 0 };
}

/** A byte that, beside a NUL, makes a UTF-16 unit of text: printable ASCII or Latin-1, tab, line feed, CR. */
const textHalf = (b: number): boolean => (b >= 0x20 && b !== 0x7f) || b === 9 || b === 10 || b === 13;

/**
 * UTF-16 written without a byte-order mark (PowerShell's `Out-File`, .NET writers, a log copied through a UTF-16
 * tool): mostly ASCII text, so most 2-byte units of the head are a text byte beside a NUL, and always on the same
 * side (little-endian: the NUL second). UTF-16 holding little ASCII (CJK) is not recognised; it is read as UTF-8.
 */
export function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 8) return undefined;
  let le = 0;
  let be = 0;
  for (let i = 0; i < n; i += 2) {
    const a = head[i]!;
    const b = head[i + 1]!;
    if (b === 0 && a !== 0 && textHalf(a)) le++;
    else if (a === 0 && b !== 0 && textHalf(b)) be++;
  }
  const units = n / 2;
  if (le >= units * 0.6 && be <= units * 0.01) return 'utf-16le';
  if (be >= units * 0.6 && le <= units * 0.01) return 'utf-16be';
  return undefined;
}

/** File formats a log is not, by their first bytes (a gzip or an executable named `.log`). */
const MAGIC: { what: string; bytes: number[] }[] = [
  { what: 'gzip data', bytes: [0x1f, 0x8b] },
  { what: 'a zip archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { what: 'a zip archive', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { what: 'xz data', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { what: 'zstd data', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { what: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { what: 'an ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { what: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { what: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { what: 'an SQLite database', bytes: [...'SQLite format 3'].map((c) => c.charCodeAt(0)).concat(0) },
];

/** A run of at least this many NULs is a hole (a log cut by a crash, preallocated, truncated while written), not data. */
const NUL_HOLE = 4;
/** More separate NUL runs than this in the head: data laid out in binary records, not text with a hole or two. */
const MAX_NUL_RUNS = 16;

/**
 * Why the first bytes are not text, or undefined when they are: a known binary format (its magic bytes), only NUL
 * bytes, NULs scattered all through, more than 10% control bytes and stray NULs among the rest, or NULs around a
 * few bytes without a line break. Runs of NULs (holes a crash, preallocation or a truncation leave in a log) do not
 * make text binary: judged by proportion and structure, never by one NUL. UTF-16 (with a BOM, or recognised
 * without one) is text.
 */
export function binaryKind(head: Uint8Array): string | undefined {
  for (const m of MAGIC) if (m.bytes.every((b, i) => head[i] === b)) return m.what;
  // `MZ` and a NUL in its header: a Windows executable or DLL.
  if (head[0] === 0x4d && head[1] === 0x5a && head.subarray(2, 64).includes(0)) return 'a Windows executable';
  if (detectEncoding(head).encoding !== 'utf-8') return undefined;
  if (head.length === 0) return undefined;
  // A leading hole is no evidence either way: the window starts after it.
  let start = 0;
  while (start < head.length && head[start] === 0) start++;
  if (start === head.length) return 'only NUL bytes';
  if (start > 0) head = head.subarray(start);
  const n = Math.min(head.length, 8192);
  let nul = 0;
  let runs = 0;
  let strayNul = 0;
  let control = 0;
  let newlines = 0;
  let run = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) {
      run++;
      continue;
    }
    if (run > 0) {
      nul += run;
      runs++;
      if (run < NUL_HOLE) strayNul += run;
      run = 0;
    }
    if (b === 10) newlines++;
    else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  // A run the head ends in may go on: a hole, whatever its length so far.
  if (run > 0) {
    nul += run;
    runs++;
  }
  const rest = n - nul;
  if (runs > MAX_NUL_RUNS) return 'NUL bytes all through it';
  if ((control + strayNul) / rest > 0.1) return 'control bytes';
  // NULs around a few bytes that make no line (a sparse record file: lastlog): text with a hole has lines.
  if (nul > 0 && rest < 256 && newlines === 0 && head.indexOf(10, n) < 0) return 'NUL bytes around no line of text';
  return undefined;
}

/** True when the first bytes are not text (`binaryKind` says why). */
export function looksBinary(head: Uint8Array): boolean {
  return binaryKind(head) !== undefined;
}

/** `text` as a string of its own: joined to one character, it is made flat, and the slice off it holds only that. */
function flatCopy(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
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
        // A copy, not a slice of the decoded chunk: V8 keeps a slice as a view of its parent, so an event a detector
        // or the viewer keeps would hold the whole chunk (held events over a large bundle held most of its text).
        // Parsers also read flat strings faster (see sliceLines).
        let line = flatCopy(carry.length > 0 ? carry + text.slice(start, nl) : text.slice(start, nl));
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

  // Lines go to the sink one by one with their bytes, so parsers read headers from bytes and skim routine lines
  // (see LineSink). A Node Buffer decodes each line on its own (`utf8Slice`): parsers read such flat strings ~40%
  // faster than slices of one chunk-wide string. A plain Uint8Array (the browser) is decoded whole, once: when the
  // text is as long as the bytes, each byte is one UTF-16 unit (ASCII, or a lone invalid byte made U+FFFD), so byte
  // offsets are text offsets and each line is a flat copy of its slice. A chunk holding a multi-byte character goes
  // through `feed`, without bytes. Only the line that spans two chunks goes through `feed` either way.
  const sliceLines = (chunk: Uint8Array): void => {
    let start = 0;
    let nl = chunk.indexOf(10);
    if (nl < 0) return decodeUtf8(chunk);
    if (carry.length > 0 || pending !== undefined || dropping) {
      decodeUtf8(chunk.subarray(0, nl + 1));
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    let text: string | undefined;
    const base = start;
    if (nl >= 0 && !canSliceUtf8(chunk)) {
      const last = chunk.lastIndexOf(10);
      text = decoder!.decode(chunk.subarray(start, last + 1));
      if (text.length !== last + 1 - start) {
        feed(text);
        start = last + 1;
        nl = -1;
      }
    }
    const skim = sink.skim;
    // The decoded text finds newlines several times faster than a Uint8Array's indexOf (a Buffer's is native).
    for (; nl >= 0; nl = text === undefined ? chunk.indexOf(10, start) : nextNewline(text, start - base, base)) {
      const end = nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl;
      // A line the sink takes from its bytes is never decoded (bytes >= characters: under the cap too).
      if (skim !== undefined && end - start <= MAX_LINE_CHARS && skim(chunk, start, end, lineNo + 1, nl + 1)) lineNo++;
      else {
        const line = text === undefined ? (chunk as Utf8Slicing).utf8Slice(start, end) : flatCopy(text.slice(start - base, end - base));
        emitLine(line, chunk, start, end);
      }
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
    else sliceLines(chunk);
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

/** The offset of the next newline of `text` from `from`, plus `base`; -1 when there is none. */
function nextNewline(text: string, from: number, base: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? -1 : at + base;
}

/** A Node.js Buffer, seen from the core without importing Node: it decodes a byte range to a string itself. */
interface Utf8Slicing extends Uint8Array {
  utf8Slice(start: number, end: number): string;
}

function canSliceUtf8(chunk: Uint8Array): chunk is Utf8Slicing {
  return typeof (chunk as Partial<Utf8Slicing>).utf8Slice === 'function';
}

/** Decodes a whole small document (UTF-8 or UTF-16, as `detectEncoding` tells). */
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
