// What a byte stream is, from its first bytes (magic first) and its name (second). Plain Uint8Array,
// no Node APIs: the CLI and the browser share these rules.

export type Magic = 'gzip' | 'zip' | 'tar' | 'zeros' | 'empty' | 'unknown';
export type NameHint = 'tgz' | 'tar' | 'zip' | 'gz' | null;
export type TopKind = 'tgz' | 'tar' | 'zip' | 'file' | 'empty';

/** Enough bytes to see a tar header (magic at 257, checksum over 512). */
export const SNIFF_BYTES = 512;

/** A tar header's checksum field (octal at 148) equals the sum of its bytes, the field counted as spaces. */
export function tarChecksumOk(b: Uint8Array): boolean {
  let field = '';
  for (let i = 148; i < 156; i++) field += String.fromCharCode(b[i]!);
  field = field.replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 8 * 0x20;
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += b[i]!;
  return sum === parseInt(field, 8);
}

/** A tar header block: `ustar` magic at 257, or (v7 tar) a valid header checksum. */
function isTarHeader(b: Uint8Array): boolean {
  if (b.length >= 262 && b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72) return true;
  return b.length >= 512 && b[0] !== 0 && tarChecksumOk(b);
}

export function isZeroBlock(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  for (let i = 0; i < 512; i++) if (b[i] !== 0) return false;
  return true;
}

export function sniff(head: Uint8Array): Magic {
  if (head.length === 0) return 'empty';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) {
    return 'zip';
  }
  if (isTarHeader(head)) return 'tar';
  if (isZeroBlock(head)) return 'zeros';
  return 'unknown';
}

/** The container a name suggests (`.tar.gz`/`.tgz`, `.tar`, `.zip`, other `.gz`). */
export function nameHint(name: string): NameHint {
  const n = name.toLowerCase();
  if (n.endsWith('.tgz') || n.endsWith('.tar.gz')) return 'tgz';
  if (n.endsWith('.tar')) return 'tar';
  if (n.endsWith('.zip')) return 'zip';
  if (n.endsWith('.gz')) return 'gz';
  return null;
}

/**
 * Given the (decompressed) first bytes and the name: 'tar' or 'zip' when the content is to be opened
 * as an archive, null for a plain file. A block of zeros is an empty tar only when the name says tar
 * (a sparse file such as `lastlog` also starts with zeros).
 */
export function archiveKind(magic: Magic, hint: NameHint): 'tar' | 'zip' | null {
  if (magic === 'tar') return 'tar';
  if (magic === 'zip') return 'zip';
  if (magic === 'zeros' && (hint === 'tar' || hint === 'tgz')) return 'tar';
  return null;
}

/** Compressed bytes looked at to sniff what a gzip holds: at most ~4 MiB out (deflate tops at 1032:1). */
export const GZIP_SNIFF_BYTES = 4096;

/** The platform's gzip decoder (zlib, fflate), run on the first GZIP_SNIFF_BYTES of an input. */
export interface GunzipProbe {
  /** What `head` decompresses to as far as it goes; throws when it is damaged. */
  partial(head: Uint8Array): Uint8Array;
  /** Throws unless `head` is a whole gzip stream, its trailer included. */
  whole(head: Uint8Array): void;
}

/**
 * The first decompressed bytes of a gzip stream's start `head` (for sniffing), or null when they cannot be had: the
 * stream is damaged, or gives fewer than SNIFF_BYTES and does not end there (a gzip cut short: nothing to sniff).
 */
function gunzipPrefix(head: Uint8Array, probe: GunzipProbe): Uint8Array | null {
  const prefix = head.subarray(0, GZIP_SNIFF_BYTES);
  let out: Uint8Array;
  try {
    out = probe.partial(prefix);
  } catch {
    return null;
  }
  if (out.length >= SNIFF_BYTES) return out;
  try {
    probe.whole(prefix); // a whole small gzip (header to trailer): what it gave is all it holds
    return out;
  } catch {
    return null;
  }
}

/**
 * What a whole input is, from its first bytes (at least GZIP_SNIFF_BYTES when there are that many)
 * and its name (null for stdin, where an archive is expected): magic first, name second.
 * A gzip is a tgz when what it holds starts like a tar; `probe` (the platform's decoder) gives the first
 * decompressed bytes of a gzip head.
 */
export function detectTopWith(head: Uint8Array, name: string | null, probe: GunzipProbe): TopKind {
  const hint = name === null ? 'tgz' : nameHint(name);
  const magic = sniff(head);
  if (magic === 'empty') return 'empty';
  if (magic === 'gzip') {
    const inner = gunzipPrefix(head, probe);
    // Nothing to tell what it holds (a gzip cut short or damaged): a tgz when the name says so (or on stdin), and
    // the tar reader then says what is wrong with it (truncated), not "not a gzip file".
    if (inner === null) return hint === 'tgz' ? 'tgz' : 'file';
    return archiveKind(sniff(inner), hint) === 'tar' ? 'tgz' : 'file';
  }
  if (magic === 'zip') return 'zip';
  return archiveKind(magic, hint === 'tar' || name === null ? 'tar' : null) === 'tar' ? 'tar' : 'file';
}
