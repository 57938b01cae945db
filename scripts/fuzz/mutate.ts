// Mutations of valid inputs, seeded: byte-level (bit flips, interesting values, insertions, deletions, duplicated
// chunks, truncation, splices, length fields), text-level (lines, tokens, numbers, encodings), EVTX-aware (the file
// header, chunk headers, record sizes, Binary XML tokens, then the checksums made right again so that the damage
// reaches the reader instead of a checksum test) and archive-aware (tar header fields, zip local and central
// records). Each mutation records what it did, so a failing input says how it was made.
import { crc32 } from '../../src/parsers/evtx/crc32.js';
import type { Rng } from '../../test/hostile/generators/rng.js';

export type Bytes = Uint8Array;

/** Largest input a mutation may make (the seeds are up to a few hundred KB). */
export const MAX_INPUT = 4 * 1024 * 1024;

const INTERESTING_8 = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x3c, 0x22, 0x5c];
const INTERESTING_16 = [0x0000, 0x0001, 0x7fff, 0x8000, 0xffff, 0x00ff, 0x0100, 0xfffe];
const INTERESTING_32 = [0x00000000, 0x00000001, 0x7fffffff, 0x80000000, 0xffffffff, 0x0000ffff, 0x00010000, 0xfffffffe, 0x00001000, 0x00010001];

export interface Mutated {
  bytes: Bytes;
  what: string;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function concat(...parts: Bytes[]): Bytes {
  return concatAll(parts);
}

function concatAll(parts: Bytes[]): Bytes {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `piece` `times` times, up to MAX_INPUT bytes. */
function repeat(piece: Bytes, times: number): Bytes {
  const n = Math.min(piece.length * times, MAX_INPUT);
  const out = new Uint8Array(n);
  if (piece.length === 0 || n === 0) return out;
  out.set(piece.subarray(0, n));
  for (let filled = Math.min(piece.length, n); filled < n; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, n - filled));
  return out;
}

function cap(b: Bytes): Bytes {
  return b.length > MAX_INPUT ? b.subarray(0, MAX_INPUT) : b;
}

/** A value near a length: 0, ±1, doubled, the maximum. */
function tweak(rng: Rng, value: number, max: number): number {
  switch (rng.int(7)) {
    case 0:
      return 0;
    case 1:
      return (value + 1) % (max + 1);
    case 2:
      return value === 0 ? max : value - 1;
    case 3:
      return Math.min(max, value * 2 + 1);
    case 4:
      return max;
    case 5:
      return Math.floor(value / 2);
    default:
      return rng.int(max + 1);
  }
}

function writeUint(b: Bytes, at: number, width: 1 | 2 | 4, value: number): void {
  for (let i = 0; i < width && at + i < b.length; i++) b[at + i] = (value >>> (8 * i)) & 0xff;
}

function readUint(b: Bytes, at: number, width: 1 | 2 | 4): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + (b[at + i] ?? 0);
  return v;
}

// ── Byte level ─────────────────────────────────────────────────────────────────────────────────────────────────

export type ByteMutator = (rng: Rng, b: Bytes, other: () => Bytes) => Mutated;

export const byteMutators: Record<string, ByteMutator> = {
  bitflip(rng, b) {
    if (b.length === 0) return { bytes: rng.bytes(1 + rng.int(8)), what: 'bitflip(empty)→random' };
    const out = b.slice();
    const n = 1 + rng.int(8);
    const at: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = rng.int(out.length);
      out[p] = out[p]! ^ (1 << rng.int(8));
      at.push(p);
    }
    return { bytes: out, what: `bitflip@${at.join(',')}` };
  },
  interesting(rng, b) {
    if (b.length === 0) return { bytes: new Uint8Array([rng.pick(INTERESTING_8)]), what: 'interesting(empty)' };
    const out = b.slice();
    const p = rng.int(out.length);
    const width = rng.pick([1, 2, 4] as const);
    const v = width === 1 ? rng.pick(INTERESTING_8) : width === 2 ? rng.pick(INTERESTING_16) : rng.pick(INTERESTING_32);
    writeUint(out, p, width, v);
    return { bytes: out, what: `set${width * 8}@${p}=${hex(v)}` };
  },
  insert(rng, b) {
    const p = rng.int(b.length + 1);
    const add = rng.chance(0.5) ? rng.bytes(1 + rng.int(32)) : new Uint8Array(1 + rng.int(4096)).fill(rng.pick(INTERESTING_8));
    return { bytes: cap(concat(b.subarray(0, p), add, b.subarray(p))), what: `insert@${p}+${add.length}` };
  },
  delete(rng, b) {
    if (b.length < 2) return { bytes: b, what: 'delete(nothing)' };
    const p = rng.int(b.length);
    const n = 1 + rng.int(Math.min(b.length - p, rng.chance(0.7) ? 16 : 8192));
    return { bytes: concat(b.subarray(0, p), b.subarray(p + n)), what: `delete@${p}-${n}` };
  },
  duplicate(rng, b) {
    if (b.length === 0) return { bytes: b, what: 'duplicate(nothing)' };
    const from = rng.int(b.length);
    const n = 1 + rng.int(Math.min(b.length - from, 4096));
    const to = rng.int(b.length + 1);
    const times = rng.chance(0.8) ? 1 : 2 + rng.int(200);
    const piece = b.subarray(from, from + n);
    return { bytes: cap(concat(b.subarray(0, to), repeat(piece, times), b.subarray(to))), what: `duplicate ${from}+${n} ×${times}@${to}` };
  },
  truncate(rng, b) {
    const n = rng.int(b.length + 1);
    return { bytes: b.subarray(0, n), what: `truncate@${n}` };
  },
  splice(rng, b, other) {
    const o = other();
    const p = rng.int(b.length + 1);
    const q = rng.int(o.length + 1);
    return { bytes: cap(concat(b.subarray(0, p), o.subarray(q))), what: `splice@${p} other@${q}` };
  },
  swap(rng, b) {
    if (b.length < 4) return { bytes: b, what: 'swap(nothing)' };
    const n = 1 + rng.int(Math.min(256, b.length >> 1));
    const x = rng.int(b.length - n + 1);
    const y = rng.int(b.length - n + 1);
    const out = b.slice();
    out.set(b.subarray(y, y + n), x);
    out.set(b.subarray(x, x + n), y);
    return { bytes: out, what: `swap ${x}<->${y} ${n}` };
  },
  /** A little-endian length-like field somewhere: moved near its value, to 0 or to the maximum. */
  field(rng, b) {
    if (b.length < 4) return byteMutators.interesting!(rng, b, () => b);
    const out = b.slice();
    const width = rng.pick([2, 4] as const);
    const p = rng.int(out.length - width + 1) & ~(width - 1);
    const v = tweak(rng, readUint(out, p, width), width === 2 ? 0xffff : 0xffffffff);
    writeUint(out, p, width, v);
    return { bytes: out, what: `field${width * 8}@${p}=${hex(v)}` };
  },
};

// ── Text level ─────────────────────────────────────────────────────────────────────────────────────────────────

const enc = new TextEncoder();

/** Tokens that parsers of logs, XML, JSON and CSV treat specially. */
const TOKENS: (string | Bytes)[] = [
  '\r', '\0', '\t', '\x1b[31m', '\x1b]0;t\x07', '\uFEFF', '"', "'", '<', '>', '&', '&amp;', '&#x0;', '&#65535;', '&#xD800;', ']]>', '<![CDATA[',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaa">]>', '&a;', '&undefined;', '<?xml version="1.0" encoding="utf-16"?>', '</Event>', '<Event>', '<Data Name="x">',
  '{', '}', '[', ']', ':', ',', ';', '=', '\\', '\\u0000', '\\ud800', 'null', 'true', '-1', '0', '4294967296', '1e309', '-0', 'NaN', 'Infinity',
  '9999-99-99T99:99:99.999Z', '2024-02-30T25:61:61Z', '1970-01-01T00:00:00Z', '0000-00-00 00:00:00', '2024-05-02T06:00:01.178802Z', '12/31/9999 11:59:59 PM',
  ' ERROR ', ' WARNING ', ' INFO ', 'Traceback (most recent call last):', '  File "x.py", line 1, in <module>', 'Event: name=x, op=y, message={}', '[stdout]', '[stderr]',
  'Exception', 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', 'VMSnapshotLinux-1.0.9225.0', '168.63.129.16', 'protectedSettings', 'sig=', '?sv=',
  'eJzLSM3JyVcozy/KSQEAGgQEXQ==', '\n\n\n', ' '.repeat(200), 'é', '中文', '𝔘', '\u202e', '\u0085', '\u2028',
  new Uint8Array([0xc3, 0x28]), new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array([0xff, 0xfe]), new Uint8Array([0xfe, 0xff]), new Uint8Array([0xef, 0xbb, 0xbf]),
  new Uint8Array([0xf4, 0x90, 0x80, 0x80]), new Uint8Array(16),
];

const tokenBytes = (t: string | Bytes): Bytes => (typeof t === 'string' ? enc.encode(t) : t);

/** Line starts (offsets just after each `\n`, and 0). */
function lineStarts(b: Bytes): number[] {
  const starts = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 0x0a && i + 1 < b.length) starts.push(i + 1);
  return starts;
}

function lineAt(b: Bytes, starts: number[], i: number): [number, number] {
  const s = starts[i]!;
  const next = starts[i + 1] ?? b.length;
  return [s, next];
}

export const textMutators: Record<string, ByteMutator> = {
  token(rng, b) {
    const t = tokenBytes(rng.pick(TOKENS));
    const p = rng.int(b.length + 1);
    return { bytes: cap(concat(b.subarray(0, p), t, b.subarray(p))), what: `token@${p}:${JSON.stringify(new TextDecoder().decode(t).slice(0, 30))}` };
  },
  /** A word of the input itself, somewhere else (the format's own vocabulary). */
  word(rng, b) {
    const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
    const words = text.match(/[A-Za-z_][\w.:-]{2,40}/g);
    if (!words || words.length === 0) return textMutators.token!(rng, b, () => b);
    const w = enc.encode(rng.pick(words));
    const p = rng.int(b.length + 1);
    return { bytes: cap(concat(b.subarray(0, p), w, b.subarray(p))), what: `word@${p}` };
  },
  number(rng, b) {
    const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
    const spans = [...text.matchAll(/\d+/g)];
    if (spans.length === 0) return textMutators.token!(rng, b, () => b);
    const m = rng.pick(spans);
    const v = rng.pick(['0', '-1', '99999999999999999999', '4294967295', '2147483648', '', '00', '1e999', String(Number(m[0]) + 1), '9'.repeat(400)]);
    return { bytes: cap(concat(b.subarray(0, m.index!), enc.encode(v), b.subarray(m.index! + m[0].length))), what: `number@${m.index}=${v.slice(0, 20)}` };
  },
  lineDup(rng, b) {
    const starts = lineStarts(b);
    const i = rng.int(starts.length);
    const [s, e] = lineAt(b, starts, i);
    const times = rng.chance(0.7) ? 1 : 2 + rng.int(500);
    return { bytes: cap(concat(b.subarray(0, e), repeat(b.subarray(s, e), times), b.subarray(e))), what: `line ${i + 1} ×${times + 1}` };
  },
  lineDelete(rng, b) {
    const starts = lineStarts(b);
    const i = rng.int(starts.length);
    const n = 1 + rng.int(Math.min(starts.length - i, rng.chance(0.8) ? 2 : 50));
    const s = starts[i]!;
    const e = starts[i + n] ?? b.length;
    return { bytes: concat(b.subarray(0, s), b.subarray(e)), what: `delete lines ${i + 1}+${n}` };
  },
  lineSwap(rng, b) {
    const starts = lineStarts(b);
    if (starts.length < 2) return { bytes: b, what: 'swap lines(one line)' };
    const i = rng.int(starts.length);
    const j = rng.int(starts.length);
    const [a0, a1] = lineAt(b, starts, Math.min(i, j));
    const [b0, b1] = lineAt(b, starts, Math.max(i, j));
    if (a0 === b0) return { bytes: b, what: 'swap lines(same)' };
    return { bytes: concat(b.subarray(0, a0), b.subarray(b0, b1), b.subarray(a1, b0), b.subarray(a0, a1), b.subarray(b1)), what: `swap lines ${i + 1},${j + 1}` };
  },
  /** One line made very long (repeated onto itself). */
  longLine(rng, b) {
    const starts = lineStarts(b);
    const i = rng.int(starts.length);
    const [s, e] = lineAt(b, starts, i);
    const piece = e > s ? b.subarray(s, e - (b[e - 1] === 0x0a ? 1 : 0)) : enc.encode('A');
    const target = rng.pick([4096, 65536, 1 << 20, (1 << 20) + 17]);
    const times = Math.max(1, Math.ceil(target / Math.max(1, piece.length)));
    return { bytes: cap(concat(b.subarray(0, s), repeat(piece, times), b.subarray(e - (b[e - 1] === 0x0a ? 1 : 0)))), what: `long line ${i + 1} ~${target}` };
  },
  lineEnds(rng, b) {
    const to = rng.pick(['\r\n', '\r', '\n\r', '\x00\n']);
    const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1').replace(/\r?\n/g, to);
    return { bytes: cap(new Uint8Array(Buffer.from(text, 'latin1'))), what: `line ends → ${JSON.stringify(to)}` };
  },
  encoding(rng, b) {
    const text = new TextDecoder().decode(b);
    const kind = rng.pick(['utf16le-bom', 'utf16le', 'utf16be-bom', 'latin1'] as const);
    let out: Bytes;
    if (kind === 'latin1') out = new Uint8Array(Buffer.from(text, 'latin1'));
    else {
      const le = Buffer.from(text, 'utf16le');
      if (kind === 'utf16be-bom') le.swap16();
      out = kind === 'utf16le' ? new Uint8Array(le) : concat(new Uint8Array(kind === 'utf16le-bom' ? [0xff, 0xfe] : [0xfe, 0xff]), new Uint8Array(le));
    }
    return { bytes: cap(out), what: `encoding ${kind}` };
  },
};

// ── EVTX ───────────────────────────────────────────────────────────────────────────────────────────────────────

const FILE_HEADER = 4096;
const CHUNK = 65536;
const CHUNK_HEADER = 512;

/** Offsets of chunks (`ElfChnk\0`) and of records (`**\0\0`) in an EVTX file. */
function evtxLayout(b: Bytes): { chunks: number[]; records: number[] } {
  const chunks: number[] = [];
  const records: number[] = [];
  for (let at = FILE_HEADER; at + CHUNK_HEADER <= b.length; at += CHUNK) {
    if (b[at] === 0x45 && b[at + 1] === 0x6c && b[at + 2] === 0x66 && b[at + 3] === 0x43) {
      chunks.push(at);
      const end = Math.min(b.length, at + CHUNK);
      for (let r = at + CHUNK_HEADER; r + 24 <= end; r += 8) {
        if (b[r] === 0x2a && b[r + 1] === 0x2a && b[r + 2] === 0 && b[r + 3] === 0) records.push(r);
      }
    }
  }
  return { chunks, records };
}

/** Fields of the file header and of a chunk header: [offset, width, name]. */
const FILE_FIELDS: [number, 2 | 4, string][] = [
  [16, 4, 'first-chunk'], [24, 4, 'next-record'], [32, 4, 'header-size'], [36, 2, 'minor'], [38, 2, 'major'], [40, 2, 'block-size'], [42, 2, 'chunk-count'], [120, 4, 'flags'],
];
const CHUNK_FIELDS: [number, 2 | 4, string][] = [
  [8, 4, 'first-number'], [16, 4, 'last-number'], [24, 4, 'first-id'], [32, 4, 'last-id'], [40, 4, 'header-size'], [44, 4, 'last-record'], [48, 4, 'free-space'], [120, 4, 'flags'],
];

/** Recomputes the file header's and every chunk's checksums (what a writer would), so the damage is read. */
export function fixEvtxChecksums(b: Bytes): void {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 128) view.setUint32(124, crc32(b, 0, 120), true);
  for (const at of evtxLayout(b).chunks) {
    const chunk = b.subarray(at, Math.min(b.length, at + CHUNK));
    const cv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const free = Math.min(cv.getUint32(48, true), chunk.length);
    if (free > CHUNK_HEADER) cv.setUint32(52, crc32(chunk, CHUNK_HEADER, free), true);
    cv.setUint32(124, crc32(chunk, 128, CHUNK_HEADER, crc32(chunk, 0, 120)), true);
  }
}

export const evtxMutators: Record<string, ByteMutator> = {
  fileHeader(rng, b) {
    const out = b.slice();
    const [off, width, name] = rng.pick(FILE_FIELDS);
    const v = tweak(rng, readUint(out, off, width), width === 2 ? 0xffff : 0xffffffff);
    writeUint(out, off, width, v);
    return { bytes: out, what: `evtx:file.${name}=${hex(v)}` };
  },
  chunkHeader(rng, b) {
    const { chunks } = evtxLayout(b);
    if (chunks.length === 0) return evtxMutators.fileHeader!(rng, b, () => b);
    const out = b.slice();
    const at = rng.pick(chunks);
    const [off, width, name] = rng.pick(CHUNK_FIELDS);
    const v = tweak(rng, readUint(out, at + off, width), 0xffffffff);
    writeUint(out, at + off, width, v);
    return { bytes: out, what: `evtx:chunk@${at}.${name}=${hex(v)}` };
  },
  /** The string or template table of a chunk: a bucket pointing somewhere else. */
  chunkTable(rng, b) {
    const { chunks } = evtxLayout(b);
    if (chunks.length === 0) return byteMutators.field!(rng, b, () => b);
    const out = b.slice();
    const at = rng.pick(chunks);
    const slot = 128 + 4 * rng.int(96);
    const v = rng.chance(0.5) ? tweak(rng, readUint(out, at + slot, 4), 0xffff) : rng.pick(INTERESTING_32);
    writeUint(out, at + slot, 4, v);
    return { bytes: out, what: `evtx:chunk@${at}.table[${(slot - 128) / 4}]=${hex(v)}` };
  },
  recordSize(rng, b) {
    const { records } = evtxLayout(b);
    if (records.length === 0) return evtxMutators.chunkHeader!(rng, b, () => b);
    const out = b.slice();
    const r = rng.pick(records);
    const size = readUint(out, r + 4, 4);
    const v = tweak(rng, size, 0xffffffff);
    writeUint(out, r + 4, 4, v);
    if (rng.chance(0.5) && r + size <= out.length && size >= 28) writeUint(out, r + size - 4, 4, v);
    return { bytes: out, what: `evtx:record@${r}.size=${hex(v)}` };
  },
  recordHeader(rng, b) {
    const { records } = evtxLayout(b);
    if (records.length === 0) return evtxMutators.chunkHeader!(rng, b, () => b);
    const out = b.slice();
    const r = rng.pick(records);
    const off = rng.pick([8, 12, 16, 20]);
    const v = rng.pick(INTERESTING_32);
    writeUint(out, r + off, 4, v);
    return { bytes: out, what: `evtx:record@${r}+${off}=${hex(v)}` };
  },
  /** A Binary XML token, size or offset inside a record's body. */
  binxml(rng, b) {
    const { records } = evtxLayout(b);
    if (records.length === 0) return byteMutators.field!(rng, b, () => b);
    const out = b.slice();
    const r = rng.pick(records);
    const size = Math.max(28, Math.min(readUint(out, r + 4, 4), out.length - r));
    const p = r + 24 + rng.int(Math.max(1, size - 28));
    const width = rng.pick([1, 2, 4] as const);
    const old = readUint(out, p, width);
    const v = width === 1 ? (rng.chance(0.5) ? rng.int(0x100) : rng.pick([0x00, 0x01, 0x41, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x0d, 0x0e, 0x0f, 0x21, 0x81, 0xff])) : tweak(rng, old, width === 2 ? 0xffff : 0xffffffff);
    writeUint(out, p, width, v);
    return { bytes: out, what: `evtx:binxml@${p}/${width}=${hex(v)}` };
  },
  /** A record copied over another one (templates and names then point into someone else's body). */
  recordCopy(rng, b) {
    const { records } = evtxLayout(b);
    if (records.length < 2) return evtxMutators.binxml!(rng, b, () => b);
    const out = b.slice();
    const from = rng.pick(records);
    const to = rng.pick(records);
    const size = Math.min(readUint(b, from + 4, 4), 65536, out.length - to, out.length - from);
    if (size > 0) out.set(b.subarray(from, from + size), to);
    return { bytes: out, what: `evtx:copy record@${from}→${to}` };
  },
  /** A whole chunk slot duplicated or dropped. */
  chunkSlot(rng, b) {
    const { chunks } = evtxLayout(b);
    if (chunks.length === 0) return byteMutators.truncate!(rng, b, () => b);
    const at = rng.pick(chunks);
    const slot = b.subarray(at, Math.min(b.length, at + CHUNK));
    if (rng.chance(0.5)) return { bytes: cap(concat(b.subarray(0, at), slot, b.subarray(at))), what: `evtx:duplicate chunk@${at}` };
    return { bytes: concat(b.subarray(0, at), b.subarray(at + slot.length)), what: `evtx:drop chunk@${at}` };
  },
};

// ── Archives ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Tar header fields: [offset, length, name] (octal text fields). */
const TAR_FIELDS: [number, number, string][] = [
  [100, 8, 'mode'], [124, 12, 'size'], [136, 12, 'mtime'], [148, 8, 'checksum'], [156, 1, 'type'], [157, 100, 'linkname'], [0, 100, 'name'], [345, 155, 'prefix'],
];

function tarHeaders(b: Bytes): number[] {
  const out: number[] = [];
  for (let at = 0; at + 512 <= b.length; at += 512) {
    if (b[at + 257] === 0x75 && b[at + 258] === 0x73 && b[at + 259] === 0x74 && b[at + 260] === 0x61 && b[at + 261] === 0x72) out.push(at);
  }
  return out;
}

/** Recomputes a tar header's checksum (so the damage reaches the reader). */
export function fixTarChecksum(b: Bytes, at: number): void {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (b[at + i] ?? 0);
  const text = sum.toString(8).padStart(6, '0').slice(-6) + '\0 ';
  for (let i = 0; i < 8; i++) b[at + 148 + i] = text.charCodeAt(i);
}

export const tarMutators: Record<string, ByteMutator> = {
  tarField(rng, b) {
    const headers = tarHeaders(b);
    if (headers.length === 0) return byteMutators.field!(rng, b, () => b);
    const out = b.slice();
    const at = rng.pick(headers);
    const [off, len, name] = rng.pick(TAR_FIELDS);
    let value: string;
    if (name === 'type') value = rng.pick(['0', '1', '2', '3', '4', '5', '6', '7', 'x', 'g', 'L', 'K', 'S', 'V', '\0']);
    else if (name === 'name' || name === 'linkname' || name === 'prefix') value = rng.pick(['../../../etc/passwd', '/abs/x.log', 'C:\\x.log', '', 'a'.repeat(len), 'var/log/waagent.log', 'x/\0hidden']);
    else if (rng.chance(0.2)) value = '\x80' + '\0'.repeat(len - 2) + '\x01'; // base-256
    else value = rng.pick(['0', '77777777777', '7777777', '-1', '99999999999', 'zz', ' ', String(rng.int(1 << 20).toString(8))]);
    for (let i = 0; i < len; i++) out[at + off + i] = i < value.length ? value.charCodeAt(i) & 0xff : 0;
    if (rng.chance(0.8) && name !== 'checksum') fixTarChecksum(out, at);
    return { bytes: out, what: `tar@${at}.${name}=${JSON.stringify(value.slice(0, 24))}` };
  },
};

/** Zip records: signature → fields [offset, width, name]. */
const ZIP_RECORDS: { sig: number; name: string; fields: [number, 2 | 4, string][] }[] = [
  { sig: 0x04034b50, name: 'local', fields: [[6, 2, 'flags'], [8, 2, 'method'], [14, 4, 'crc'], [18, 4, 'csize'], [22, 4, 'usize'], [26, 2, 'name-len'], [28, 2, 'extra-len']] },
  {
    sig: 0x02014b50,
    name: 'central',
    fields: [[4, 2, 'made-by'], [8, 2, 'flags'], [10, 2, 'method'], [16, 4, 'crc'], [20, 4, 'csize'], [24, 4, 'usize'], [28, 2, 'name-len'], [30, 2, 'extra-len'], [32, 2, 'comment-len'], [38, 4, 'ext-attr'], [42, 4, 'local-offset']],
  },
  { sig: 0x06054b50, name: 'end', fields: [[8, 2, 'entries-disk'], [10, 2, 'entries'], [12, 4, 'cd-size'], [16, 4, 'cd-offset'], [20, 2, 'comment-len']] },
];

export const zipMutators: Record<string, ByteMutator> = {
  zipField(rng, b) {
    const found: { at: number; rec: (typeof ZIP_RECORDS)[number] }[] = [];
    for (let i = 0; i + 4 <= b.length; i++) {
      if (b[i] !== 0x50 || b[i + 1] !== 0x4b) continue;
      const sig = readUint(b, i, 4);
      const rec = ZIP_RECORDS.find((r) => r.sig === sig);
      if (rec) found.push({ at: i, rec });
    }
    if (found.length === 0) return byteMutators.field!(rng, b, () => b);
    const out = b.slice();
    const { at, rec } = rng.pick(found);
    const [off, width, name] = rng.pick(rec.fields);
    const v = tweak(rng, readUint(out, at + off, width), width === 2 ? 0xffff : 0xffffffff);
    writeUint(out, at + off, width, v);
    return { bytes: out, what: `zip:${rec.name}@${at}.${name}=${hex(v)}` };
  },
};

/** Applies 1-4 mutations drawn from `sets` (weighted by how often each set appears). */
export function mutate(rng: Rng, seed: Bytes, sets: Record<string, ByteMutator>[], other: () => Bytes, max = 4): Mutated {
  let bytes = seed;
  const what: string[] = [];
  const n = 1 + rng.int(max);
  for (let i = 0; i < n; i++) {
    const set = rng.pick(sets);
    const names = Object.keys(set);
    const m = set[rng.pick(names)]!(rng, bytes, other);
    bytes = m.bytes;
    what.push(m.what);
  }
  return { bytes, what: what.join('; ') };
}
