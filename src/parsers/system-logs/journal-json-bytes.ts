// A one-line `journalctl -o json` object read from its bytes, for the journal parser's skim: where the values of the
// fields it reads are, without decoding the line or building the object. Only the plain shape journalctl writes is
// taken: no whitespace, every value a string of ASCII characters; anything else (numbers, arrays, null, non-ASCII
// text, a damaged line) is left to JSON.parse, so the skim never counts a line the parser would call unparsed.
import { bytesAre } from '../../text/bytes.js';

/** The fields the skim reads; their index in `JournalLineBytes.start`/`end`/`escaped`. */
export const JournalField = {
  Realtime: 0,
  SourceRealtime: 1,
  Message: 2,
  Transport: 3,
  SyslogIdentifier: 4,
  Comm: 5,
  Priority: 6,
  BootId: 7,
} as const;

const NAMES = ['__REALTIME_TIMESTAMP', '_SOURCE_REALTIME_TIMESTAMP', 'MESSAGE', '_TRANSPORT', 'SYSLOG_IDENTIFIER', '_COMM', 'PRIORITY', '_BOOT_ID'].map((name) =>
  new TextEncoder().encode(name),
);

const QUOTE = 34;
const BACKSLASH = 92;

/** After a backslash in a JSON string: `"`, `\`, `/`, b, f, n, r, t, or u and four hex digits. */
function escapeEnd(b: Uint8Array, at: number, end: number): number {
  const c = b[at];
  if (c === QUOTE || c === BACKSLASH || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) return at + 1;
  if (c !== 117 /* u */ || at + 5 > end) return -1;
  for (let k = at + 1; k < at + 5; k++) {
    const h = b[k]!;
    if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) return -1;
  }
  return at + 5;
}

export class JournalLineBytes {
  /** Where each field's string value starts and ends (without its quotes); -1 when the object has no such field. */
  readonly start = new Int32Array(NAMES.length);
  readonly end = new Int32Array(NAMES.length);
  /** Whether the value holds an escape (its bytes are not its text). */
  readonly escaped = new Uint8Array(NAMES.length);
  private stringEnd = 0;
  private stringEscaped = false;

  /**
   * Reads the object in `b[start, end)`: true when it is a flat JSON object of string values in ASCII with no
   * whitespace, its fields then found in `start`/`end` (the last of a repeated name, as JSON.parse keeps it).
   */
  read(b: Uint8Array, start: number, end: number): boolean {
    this.start.fill(-1);
    this.end.fill(-1);
    if (end - start < 2 || b[start] !== 123 /* { */ || b[end - 1] !== 125 /* } */) return false;
    let p = start + 1;
    for (;;) {
      if (b[p] !== QUOTE || !this.string(b, p + 1, end)) return false;
      // A name written with an escape may be one of the fields once decoded: left to JSON.parse.
      if (this.stringEscaped) return false;
      const keyStart = p + 1;
      const keyEnd = this.stringEnd;
      p = keyEnd + 1;
      if (b[p] !== 58 /* : */ || b[p + 1] !== QUOTE || !this.string(b, p + 2, end)) return false;
      this.note(b, keyStart, keyEnd, p + 2, this.stringEnd, this.stringEscaped);
      p = this.stringEnd + 1;
      const c = b[p];
      if (c === 125 /* } */) return p === end - 1;
      if (c !== 44 /* , */) return false;
      p++;
    }
  }

  /** Scans a string from `at` (after its opening quote): sets `stringEnd` (its closing quote); false when it is not one. */
  private string(b: Uint8Array, at: number, end: number): boolean {
    let escaped = false;
    for (let k = at; k < end; ) {
      const c = b[k]!;
      if (c === QUOTE) {
        this.stringEnd = k;
        this.stringEscaped = escaped;
        return true;
      }
      if (c < 0x20 || c >= 0x80) return false;
      if (c === BACKSLASH) {
        escaped = true;
        k = escapeEnd(b, k + 1, end);
        if (k < 0) return false;
      } else k++;
    }
    return false;
  }

  private note(b: Uint8Array, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, escaped: boolean): void {
    for (let f = 0; f < NAMES.length; f++) {
      if (!bytesAre(b, keyStart, keyEnd, NAMES[f]!)) continue;
      this.start[f] = valueStart;
      this.end[f] = valueEnd;
      this.escaped[f] = escaped ? 1 : 0;
      return;
    }
  }
}

/** Epoch ms of a `__REALTIME_TIMESTAMP` (µs) of 1-16 digits, as `Math.floor(Number(text) / 1000)`; NaN otherwise. */
export function microsToMs(b: Uint8Array, start: number, end: number): number {
  // Up to 16 digits below 2^53 every step is exact, so the value equals Number() of the text.
  if (end <= start || end - start > 16) return Number.NaN;
  let us = 0;
  for (let k = start; k < end; k++) {
    const d = b[k]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    us = us * 10 + d;
  }
  return us <= Number.MAX_SAFE_INTEGER ? Math.floor(us / 1000) : Number.NaN;
}
