// The file header (4096-byte block) and the chunk header (first 512 bytes of each 64 KiB chunk),
// with their checksums: ../shared/docs/evtx.md §1.2-1.3.
import { crc32 } from './crc32.js';

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
/** File and chunk flag: checksums are not maintained (seen on a format 3.2 file). */
export const FLAG_NO_CRC32 = 0x4;
export const FLAG_DIRTY = 0x1;

const FILE_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"
const CHUNK_MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // "ElfChnk\0"

export interface FileHeader {
  firstChunk: number;
  lastChunk: number;
  nextRecordId: number;
  minorVersion: number;
  majorVersion: number;
  /** Number of chunks the header claims: often wrong (§1.8), never used to stop reading. */
  chunkCount: number;
  flags: number;
  /** False when the CRC of bytes 0..119 does not match (and the no-CRC flag is not set). */
  checksumOk: boolean;
}

export interface ChunkHeader {
  firstRecordNumber: number;
  lastRecordNumber: number;
  firstRecordId: number;
  lastRecordId: number;
  lastRecordOffset: number;
  /** End of the record data, clamped to the chunk. */
  freeSpaceOffset: number;
  dataCrc: number;
  flags: number;
  headerCrc: number;
}

function hasMagic(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

export const isEvtxFile = (head: Uint8Array): boolean => hasMagic(head, FILE_MAGIC);
export const isChunk = (chunk: Uint8Array): boolean => hasMagic(chunk, CHUNK_MAGIC);

export function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** An unsigned 64-bit little-endian integer as a number (exact below 2^53, which record numbers are). */
export function u64(view: DataView, offset: number): number {
  return view.getUint32(offset + 4, true) * 0x100000000 + view.getUint32(offset, true);
}

/** Reads the file header; undefined when `bytes` does not start with `ElfFile\0` or is too short. */
export function readFileHeader(bytes: Uint8Array): FileHeader | undefined {
  if (bytes.length < 128 || !isEvtxFile(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 128);
  // Garbage high bits occur in the flags (§1.2): only the low byte means anything.
  const flags = view.getUint32(120, true) & 0xff;
  const checksumOk = (flags & FLAG_NO_CRC32) !== 0 || crc32(bytes, 0, 120) === view.getUint32(124, true);
  return {
    firstChunk: u64(view, 8),
    lastChunk: u64(view, 16),
    nextRecordId: u64(view, 24),
    minorVersion: view.getUint16(36, true),
    majorVersion: view.getUint16(38, true),
    chunkCount: view.getUint16(42, true),
    flags,
    checksumOk,
  };
}

export function readChunkHeader(view: DataView): ChunkHeader {
  const free = view.getUint32(48, true);
  return {
    firstRecordNumber: u64(view, 8),
    lastRecordNumber: u64(view, 16),
    firstRecordId: u64(view, 24),
    lastRecordId: u64(view, 32),
    lastRecordOffset: view.getUint32(44, true),
    freeSpaceOffset: free < CHUNK_HEADER_SIZE || free > CHUNK_SIZE ? CHUNK_SIZE : free,
    dataCrc: view.getUint32(52, true),
    flags: view.getUint32(120, true),
    headerCrc: view.getUint32(124, true),
  };
}

/** CRC over `[0,120) ++ [128,512)`: covers the string and template tables too. */
export function chunkHeaderChecksumOk(chunk: Uint8Array, header: ChunkHeader): boolean {
  return crc32(chunk, 128, CHUNK_HEADER_SIZE, crc32(chunk, 0, 120)) === header.headerCrc;
}

/** CRC over the record data `[512, free space offset)`. */
export function chunkDataChecksumOk(chunk: Uint8Array, header: ChunkHeader): boolean {
  return crc32(chunk, CHUNK_HEADER_SIZE, Math.min(header.freeSpaceOffset, chunk.length)) === header.dataCrc;
}
