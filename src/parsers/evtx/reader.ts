// Walking an EVTX file (../shared/docs/evtx.md §1.1, §1.8): the header, then EVERY 64 KiB chunk slot to the end of
// the data whatever the header's chunk count says, each chunk's records in order. Damage is reported and skipped
// per chunk or per record; the rest of the file is still read. Bytes arrive in any piece sizes and are assembled
// into one 64 KiB chunk at a time: the whole file is never held.
import { BinXmlReader, ChunkContext } from './binxml.js';
import {
  CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_HEADER_SIZE, FLAG_NO_CRC32,
  chunkDataChecksumOk, chunkHeaderChecksumOk, isAllZero, isChunk, isEvtxFile, readChunkHeader, readFileHeader, u64,
  type FileHeader,
} from './header.js';
import type { XmlNode } from './nodes.js';
import { FileAllowance, type WorkBudget } from './work.js';

const RECORD_MAGIC = 0x00002a2a;
const RECORD_HEADER_SIZE = 24;
const MIN_RECORD_SIZE = 28;

export interface EvtxRecord {
  /** Chunk slot index (0-based) and the record's offset in the file. */
  chunk: number;
  fileOffset: number;
  /** EventRecordID from the record header. */
  id: number;
  /** The record header's written time (FILETIME halves; `filetimeText` renders it). */
  writtenLow: number;
  writtenHigh: number;
  nodes: XmlNode[];
  /** What expanding this record may spend: walk it with this budget (recordEvent does). */
  budget: WorkBudget;
}

export interface EvtxHandlers {
  record(record: EvtxRecord): void;
  problem(message: string): void;
}

export interface EvtxStats {
  records: number;
  /** Records whose header or Binary XML could not be read. */
  unparsed: number;
  /** Chunk slots holding a chunk (whole ones). */
  chunks: number;
  header: FileHeader | undefined;
}

const hex = (n: number): string => '0x' + n.toString(16);
const recordAt = (chunk: string, offset: number): string => `${chunk}: record at chunk offset ${hex(offset)}`;

/** Decodes an EVTX file block by block: `header` with the first 4096 bytes, then `chunk` once per slot. */
export class EvtxDecoder {
  readonly stats: EvtxStats = { records: 0, unparsed: 0, chunks: 0, header: undefined };
  private fileFlags = 0;
  private readonly allowance = new FileAllowance();

  constructor(private readonly handlers: EvtxHandlers) {}

  header(block: Uint8Array): void {
    if (block.length < FILE_HEADER_SIZE) {
      if (block.length === 0) this.handlers.problem('file is empty');
      else if (isEvtxFile(block)) this.handlers.problem(`file ends inside its header (${block.length} of ${FILE_HEADER_SIZE} bytes)`);
      else this.handlers.problem(`file too short for an EVTX file (${block.length} bytes)`);
      return;
    }
    const header = readFileHeader(block);
    this.stats.header = header;
    if (!header) {
      this.handlers.problem('file header: no ElfFile signature; looking for chunks anyway');
      return;
    }
    this.fileFlags = header.flags;
    if (!header.checksumOk) this.handlers.problem('file header: checksum mismatch; chunks are read anyway');
  }

  /** One chunk slot; `block` is shorter than 64 KiB only for the last, truncated slot. */
  chunk(index: number, block: Uint8Array): void {
    const fileOffset = FILE_HEADER_SIZE + index * CHUNK_SIZE;
    const where = `chunk ${index} at offset ${hex(fileOffset)}`;
    if (!isChunk(block)) {
      if (!isAllZero(block)) {
        this.handlers.problem(
          block.length < CHUNK_SIZE ? `${block.length} bytes after the last chunk are not a chunk` : `${where}: no ElfChnk signature; slot skipped`,
        );
      }
      return;
    }
    if (block.length < CHUNK_SIZE) {
      // The reference tools read no record of a cut chunk; its records checksum cannot be checked either.
      this.handlers.problem(`${where}: truncated (${block.length} of ${CHUNK_SIZE} bytes); its records are not read`);
      return;
    }
    this.stats.chunks++;
    const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const header = readChunkHeader(view);
    if (((this.fileFlags | header.flags) & FLAG_NO_CRC32) === 0) {
      if (!chunkHeaderChecksumOk(block, header)) this.handlers.problem(`${where}: header checksum mismatch (string or template tables damaged); records read anyway`);
      if (!chunkDataChecksumOk(block, header)) this.handlers.problem(`${where}: event records checksum mismatch; records read anyway`);
    }
    this.records(index, block, view, header.freeSpaceOffset, where);
  }

  private records(index: number, block: Uint8Array, view: DataView, limit: number, where: string): void {
    const chunk = new ChunkContext(block);
    const reader = new BinXmlReader(chunk);
    const base = FILE_HEADER_SIZE + index * CHUNK_SIZE;
    let offset = CHUNK_HEADER_SIZE;
    while (offset + MIN_RECORD_SIZE <= limit) {
      const magic = view.getUint32(offset, true);
      if (magic === 0) break; // zero fill ends the chunk (§1.8)
      if (magic !== RECORD_MAGIC) {
        this.bad(`${recordAt(where, offset)}: no record signature; rest of the chunk skipped`);
        return;
      }
      const size = view.getUint32(offset + 4, true);
      if (size < MIN_RECORD_SIZE || offset + size > CHUNK_SIZE) {
        this.bad(`${recordAt(where, offset)}: invalid record size ${size}; rest of the chunk skipped`);
        return;
      }
      if (view.getUint32(offset + size - 4, true) !== size) {
        this.handlers.problem(`${recordAt(where, offset)}: record size ${size} does not match its copy`);
      }
      const id = u64(view, offset + 8);
      const budget = this.allowance.budgetFor(size);
      try {
        const nodes = reader.read(offset + RECORD_HEADER_SIZE, offset + size - 4);
        this.handlers.record({
          chunk: index,
          fileOffset: base + offset,
          id,
          writtenLow: view.getUint32(offset + 16, true),
          writtenHigh: view.getUint32(offset + 20, true),
          nodes,
          budget,
        });
        this.stats.records++;
      } catch (error) {
        this.bad(`${recordAt(where, offset)} (EventRecordID ${id}): ${error instanceof Error ? error.message : String(error)}`);
      }
      this.allowance.charge(budget);
      offset += size;
    }
  }

  private bad(message: string): void {
    this.stats.unparsed++;
    this.handlers.problem(message);
  }
}

/** Cuts incoming pieces into the header block and 64 KiB chunk blocks, each copied into one reused buffer. */
export class BlockAssembler {
  private readonly buffer = new Uint8Array(CHUNK_SIZE);
  private filled = 0;
  /** -1 while the header block is being assembled. */
  private index = -1;

  constructor(private readonly decoder: EvtxDecoder) {}

  private get size(): number {
    return this.index < 0 ? FILE_HEADER_SIZE : CHUNK_SIZE;
  }

  push(piece: Uint8Array): void {
    let p = 0;
    while (p < piece.length) {
      const size = this.size;
      // Every block is copied into the one buffer, even when a piece holds it whole: the parser then reads a plain
      // Uint8Array only, never a Buffer (a subclass), and its byte reads stay monomorphic (~15% of the parse).
      const n = Math.min(size - this.filled, piece.length - p);
      this.buffer.set(piece.subarray(p, p + n), this.filled);
      this.filled += n;
      p += n;
      if (this.filled === size) {
        this.filled = 0;
        this.block(this.buffer.subarray(0, size));
      }
    }
  }

  end(): void {
    if (this.filled > 0 || this.index < 0) {
      const rest = this.buffer.subarray(0, this.filled);
      this.filled = 0;
      this.block(rest);
    }
  }

  private block(bytes: Uint8Array): void {
    if (this.index < 0) this.decoder.header(bytes);
    else this.decoder.chunk(this.index, bytes);
    this.index++;
  }
}

/** Reads a whole EVTX file held in memory (tests, the viewer). */
export function readEvtxBytes(bytes: Uint8Array, handlers: EvtxHandlers): EvtxStats {
  const decoder = new EvtxDecoder(handlers);
  const assembler = new BlockAssembler(decoder);
  assembler.push(bytes);
  assembler.end();
  return decoder.stats;
}

/** Reads an EVTX byte stream chunk by chunk. */
export async function readEvtx(first: Uint8Array, rest: AsyncIterable<Uint8Array>, handlers: EvtxHandlers): Promise<EvtxStats> {
  const decoder = new EvtxDecoder(handlers);
  const assembler = new BlockAssembler(decoder);
  assembler.push(first);
  for await (const piece of rest) assembler.push(piece);
  assembler.end();
  return decoder.stats;
}
