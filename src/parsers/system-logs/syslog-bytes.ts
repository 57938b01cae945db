// The parts of a syslog line that `SyslogLineParser.skim` reads from its UTF-8 bytes: whether a line starts an entry
// (so nothing after it joins the entry before), and the host and tag columns. Each mirrors the string reading of
// syslog.ts `line`, which stays the reference; test/parsers/skim.test.ts checks both give the same analysis.
import { monthAtBytes } from '../../time/calendar.js';
import { digitByteAt, isDigit, twoDigitBytesAt } from '../../text/chars.js';
import type { IsoZonedReader } from './clock.js';

/** Longest tag (`proc[pid]`) looked for before the `: ` (syslog.ts). */
export const MAX_TAG = 64;

/** Process names read apart from the rest (the kernel's uptime column, systemd-shutdown's lines), as bytes. */
export const KERNEL = new TextEncoder().encode('kernel');
export const SYSTEMD_SHUTDOWN = new TextEncoder().encode('systemd-shutdown');

/** True when the bytes at `p` before `end` hold a `Mmm dd HH:MM:SS` stamp in range (read without any state). */
function rfc3164At(b: Uint8Array, p: number, end: number): boolean {
  if (p + 15 > end || b[p + 3] !== 32 || b[p + 6] !== 32 || b[p + 9] !== 58 || b[p + 12] !== 58 || monthAtBytes(b, p) === 0) return false;
  const d = b[p + 4] === 32 ? digitByteAt(b, p + 5) : twoDigitBytesAt(b, p + 4);
  const h = twoDigitBytesAt(b, p + 7);
  const mi = twoDigitBytesAt(b, p + 10);
  const sec = twoDigitBytesAt(b, p + 13);
  return d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60;
}

/**
 * Where the RFC 3164 stamp at `p` ends (the precise form's fraction included), counted from `p`: syslog.ts reads
 * up to 9 fraction digits after a `.` at 15.
 */
export function rfc3164End(b: Uint8Array, p: number, end: number): number {
  if (b[p + 15] !== 46 /* . */ || p + 15 >= end) return 15;
  let q = p + 16;
  while (q < end && q < p + 25 && isDigit(b[q]!)) q++;
  return q - p;
}

/**
 * True when the line at `p` (its bytes up to the chunk's end) is one syslog.ts `line` reads as a header or a journal
 * comment: either ends the entry before it. False when the chunk ends too soon to tell, and for the forms it reads
 * apart (`journalctl -o short-full`, NUL-led lines). `iso` is a reader of its own (its `out` is overwritten).
 */
export function startsSyslogEntry(b: Uint8Array, p: number, iso: IsoZonedReader): boolean {
  const nl = b.indexOf(10, p);
  if (nl < 0) return false;
  const end = nl > p && b[nl - 1] === 13 ? nl - 1 : nl;
  const c0 = b[p]!;
  let tsEnd: number;
  if (c0 >= 65 && c0 <= 90) {
    if (b[p + 8] === 45 || !rfc3164At(b, p, end)) return false;
    tsEnd = rfc3164End(b, p, end);
  } else if (c0 >= 48 && c0 <= 57) {
    if (!iso.readBytes(b, p, end)) return false;
    tsEnd = iso.out.end;
  } else {
    return c0 === 45 && b[p + 1] === 45 && b[p + 2] === 32; // `-- ` comment
  }
  return p + tsEnd >= end || b[p + tsEnd] === 32;
}

/** The columns after the stamp, as `readColumns` finds them (offsets from the line's start). */
export interface Columns {
  hostStart: number;
  hostEnd: number;
  /** The tag `proc` (without `[pid]`): `procStart === procEnd` when there is no tag. */
  procStart: number;
  procEnd: number;
  msgStart: number;
}

/** The host and tag after the stamp ending at `tsEnd` of the line `b[start, end)`, as syslog.ts `line` reads them. */
export function readColumns(b: Uint8Array, start: number, end: number, tsEnd: number, out: Columns): Columns {
  const len = end - start;
  const hStart = tsEnd + 1;
  let hEnd = hStart < len ? b.indexOf(32, start + hStart) - start : -1;
  if (hEnd < 0 || hEnd > len) hEnd = len;
  const tStart = hEnd + 1;
  let colon = -1;
  let blanks = 0;
  const lim = Math.min(len, tStart + MAX_TAG);
  for (let k = tStart; k < lim; k++) {
    const c = b[start + k];
    if (c === 58 /* : */) {
      if (k > tStart && (k + 1 === len || b[start + k + 1] === 32)) colon = k;
      break;
    }
    if (c === 32 && ++blanks > 1) break;
  }
  out.hostStart = hStart;
  out.hostEnd = hEnd;
  out.procStart = out.procEnd = tStart;
  out.msgStart = Math.min(tStart, len);
  if (colon > 0) {
    out.msgStart = Math.min(colon + 2, len);
    let tagEnd = colon;
    if (b[start + colon - 1] === 93 /* ] */) {
      const lb = b.lastIndexOf(91 /* [ */, start + colon - 1) - start;
      if (lb > tStart && lb < colon - 2) {
        let ok = true;
        for (let k = lb + 1; k < colon - 1; k++) if (!isDigit(b[start + k]!)) ok = false;
        if (ok) tagEnd = lb;
      }
    }
    out.procEnd = tagEnd;
  }
  return out;
}

/** After a kernel line's `[ 123.456789] ` uptime at `at` (syslog.ts `uptime`), or `at` when there is none. */
export function afterUptime(b: Uint8Array, start: number, end: number, at: number): number {
  let p = start + at + 1;
  while (p < end && b[p] === 32) p++;
  const digits = p;
  while (p < end && isDigit(b[p]!)) p++;
  if (p === digits || p >= end || b[p] !== 46) return at;
  p++;
  while (p < end && isDigit(b[p]!)) p++;
  if (p >= end || b[p] !== 93) return at;
  return (p + 1 < end && b[p + 1] === 32 ? p + 2 : p + 1) - start;
}
