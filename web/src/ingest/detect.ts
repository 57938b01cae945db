// What a byte stream is, from its first bytes (magic first) and its name (second). The same rules as
// src/ingest/detect.ts, on Uint8Array (that module uses Node's Buffer and zlib).

export type Magic = 'gzip' | 'zip' | 'tar' | 'zeros' | 'empty' | 'unknown';
export type NameHint = 'tgz' | 'tar' | 'zip' | 'gz' | null;

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
 * 'tar' or 'zip' when content that starts with `magic` is to be opened as an archive, null for a plain
 * file. A block of zeros is an empty tar only when the name says tar (a sparse `lastlog` starts with zeros).
 */
export function archiveKind(magic: Magic, hint: NameHint): 'tar' | 'zip' | null {
  if (magic === 'tar') return 'tar';
  if (magic === 'zip') return 'zip';
  if (magic === 'zeros' && (hint === 'tar' || hint === 'tgz')) return 'tar';
  return null;
}
