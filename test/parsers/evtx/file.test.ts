// The file level (../shared/docs/evtx.md §1.1-1.4, §1.8): chunk slots, streaming, checksums, damage and recovery.
import { describe, expect, it } from 'vitest';
import type { LogEvent, Problem } from '../../../src/model.js';
import { openEntry, parseEntry } from '../../../src/entry-reader.js';
import { router } from '../../../src/parsers/index.js';
import { evtxParser } from '../../../src/parsers/evtx/index.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { fixChunkChecksums, writeEvtxFile, type EvtxEventSpec, type WriteOptions } from '../../helpers/evtx-writer.js';
import { parseEvtx, spec, T0 } from './read.js';

/** `n` events of about 1 KiB each: some 60 per chunk. */
function many(n: number): EvtxEventSpec[] {
  return Array.from({ length: n }, (_, i) =>
    spec({ time: new Date(T0.getTime() + i * 1000), system: { eventId: 7036 }, data: { param1: `Service ${i} `.padEnd(400, '.'), param2: 'running', n: i } }),
  );
}

function file(n: number, options: WriteOptions = {}) {
  return writeEvtxFile(many(n), options);
}

const ids = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('evtx files', () => {
  it('reads every record of a file spanning several chunks, in order', async () => {
    const { bytes, records } = file(200);
    expect(new Set(records.map((r) => r.slot)).size).toBeGreaterThanOrEqual(3);
    const { events, problems, stats } = await parseEvtx(bytes);
    expect(problems).toEqual([]);
    expect(stats).toEqual({ unparsed: 0, formats: ['evtx'] });
    expect(events.map((e) => e.record)).toEqual(ids(200));
    expect(events[199]!.fields?.['data.n']).toBe('199');
  });

  it.each([1, 7, 4096, 65536 + 3])('yields the same events when the bytes arrive in %i-byte pieces', async (size) => {
    const { bytes } = file(size === 1 ? 70 : 200);
    const whole = await parseEvtx(bytes);
    const pieces = await parseEvtx(bytes, size);
    expect(pieces.problems).toEqual([]);
    expect(pieces.events.map((e) => [e.record, e.message])).toEqual(whole.events.map((e) => [e.record, e.message]));
  });

  it('walks every chunk slot whatever the header count says, skipping zero-filled slots', async () => {
    const { bytes } = file(200, { headerChunkCount: 1, extraSlots: [{ before: 1, kind: 'zero' }, { before: 9, kind: 'zero' }] });
    const { events, problems } = await parseEvtx(bytes);
    expect(problems).toEqual([]);
    expect(events.map((e) => e.record)).toEqual(ids(200));
  });

  it('reports a chunk with bad checksums and still reads its records and the other chunks', async () => {
    const { bytes } = file(200, { badChunkDataCrc: [1], badChunkHeaderCrc: [2] });
    const { events, problems } = await parseEvtx(bytes);
    expect(problems).toEqual([
      'chunk 1 at offset 0x11000: event records checksum mismatch; records read anyway',
      'chunk 2 at offset 0x21000: header checksum mismatch (string or template tables damaged); records read anyway',
    ]);
    expect(events).toHaveLength(200);
  });

  it('reports a chunk of garbage records and reads the other chunks', async () => {
    const { bytes, records } = file(200);
    const inChunk1 = records.filter((r) => r.slot === 1);
    // Overwrite the chunk's records from the fourth one on with noise (checksums left stale, as a damaged disk would).
    const from = inChunk1[3]!.fileOffset;
    for (let i = from; i < from + 3000; i++) bytes[i] = (i * 7919) & 0xff;
    const { events, problems, stats } = await parseEvtx(bytes);
    expect(problems[0]).toBe('chunk 1 at offset 0x11000: event records checksum mismatch; records read anyway');
    expect(problems[1]).toMatch(/^chunk 1 at offset 0x11000: record at chunk offset 0x[0-9a-f]+: no record signature; rest of the chunk skipped$/);
    expect(stats.unparsed).toBe(1);
    const read = new Set(events.map((e) => e.record));
    for (const r of records) expect(read.has(r.id), `record ${r.id}`).toBe(r.slot !== 1 || r.fileOffset < from);
  });

  it('reports a slot holding no chunk and reads the chunks after it', async () => {
    const { bytes } = file(200, { extraSlots: [{ before: 1, kind: 'garbage' }] });
    const { events, problems } = await parseEvtx(bytes);
    expect(problems).toEqual(['chunk 1 at offset 0x11000: no ElfChnk signature; slot skipped']);
    expect(events).toHaveLength(200);
  });

  it('reports a record of size 0 and stops that chunk without looping', async () => {
    const { bytes, records } = file(10);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setUint32(records[4]!.fileOffset + 4, 0, true);
    fixChunkChecksums(bytes, 0);
    const { events, problems, stats } = await parseEvtx(bytes);
    expect(events.map((e) => e.record)).toEqual(ids(4));
    expect(problems).toEqual([expect.stringMatching(/record at chunk offset 0x[0-9a-f]+: invalid record size 0; rest of the chunk skipped$/)]);
    expect(stats.unparsed).toBe(1);
  });

  it('reports a record whose size copy disagrees but still reads it', async () => {
    const { bytes, records } = file(3);
    const r = records[1]!;
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(r.fileOffset + r.size - 4, 12345, true);
    fixChunkChecksums(bytes, 0);
    const { events, problems } = await parseEvtx(bytes);
    expect(events.map((e) => e.record)).toEqual([1, 2, 3]);
    expect(problems).toEqual([expect.stringMatching(/record size \d+ does not match its copy$/)]);
  });

  it('reads the whole chunks of a truncated file and reports the cut one', async () => {
    const { bytes, records } = file(200);
    const cut = bytes.subarray(0, 4096 + 2 * 65536 + 30000);
    const { events, problems } = await parseEvtx(cut);
    expect(events.map((e) => e.record)).toEqual(records.filter((r) => r.slot < 2).map((r) => r.id));
    expect(problems).toEqual(['chunk 2 at offset 0x21000: truncated (30000 of 65536 bytes); its records are not read']);
  });

  it('survives files cut inside the header, empty files and files that are not EVTX', async () => {
    const { bytes } = file(3);
    expect(await parseEvtx(bytes.subarray(0, 100))).toMatchObject({ events: [], problems: ['file ends inside its header (100 of 4096 bytes)'] });
    expect(await parseEvtx(new Uint8Array(0))).toMatchObject({ events: [], problems: ['file is empty'] });
    const text = new TextEncoder().encode('not an event log at all\n'.repeat(5000));
    const other = await parseEvtx(text);
    expect(other.events).toEqual([]);
    expect(other.problems[0]).toBe('file header: no ElfFile signature; looking for chunks anyway');
  });

  it('checks the file header checksum, and no checksum at all when the no-CRC flag is set', async () => {
    expect((await parseEvtx(file(3, { badFileHeaderCrc: true }).bytes)).problems).toEqual(['file header: checksum mismatch; chunks are read anyway']);
    const noCrc = await parseEvtx(file(3, { fileFlags: 0x4, badFileHeaderCrc: true, badChunkDataCrc: [0], badChunkHeaderCrc: [0] }).bytes);
    expect(noCrc.problems).toEqual([]);
    expect(noCrc.events).toHaveLength(3);
    const chunkNoCrc = await parseEvtx(file(3, { chunkFlags: 0x5, badChunkDataCrc: [0] }).bytes);
    expect(chunkNoCrc.problems).toEqual([]);
  });

  it('lists at most 25 problems per file and counts the rest', async () => {
    const { bytes } = file(3, { extraSlots: Array.from({ length: 30 }, () => ({ before: 1, kind: 'garbage' as const })) });
    const { events, problems } = await parseEvtx(bytes);
    expect(events).toHaveLength(3);
    expect(problems).toHaveLength(26);
    expect(problems[25]).toBe('5 more problems in this file are not listed');
  });

  it('recognises EVTX by its magic bytes', () => {
    const { bytes } = file(1);
    expect(evtxParser.sniffBytes!(bytes.subarray(0, 16))).toBe(true);
    expect(evtxParser.sniffBytes!(new TextEncoder().encode('ElfChnk\0'))).toBe(false);
    expect(evtxParser.sniffBytes!(new TextEncoder().encode('ElfFile'))).toBe(false);
    expect(evtxParser.sniffBytes!(new TextEncoder().encode('<Events><Event xmlns='))).toBe(false);
    expect(evtxParser.sniffBytes!(new Uint8Array(0))).toBe(false);
  });

  it.each(['logs/System.evtx', 'logs/System.evtx.bin'])('is routed and read through the entry reader (%s: by glob, else by magic)', async (path) => {
    const { bytes } = file(100);
    const problems: Problem[] = [];
    const opened = await openEntry(
      {
        path,
        size: bytes.length,
        bytes: (async function* () {
          for (let p = 0; p < bytes.length; p += 10_000) yield bytes.subarray(p, p + 10_000);
        })(),
      },
      router([evtxParser]),
      problems,
    );
    expect(opened?.parser.id).toBe('evtx');
    const events: LogEvent[] = [];
    const stats = await parseEntry(opened!, { path, tz: ASSUME_UTC, emit: (e) => events.push(e), fact: () => {}, problem: (m) => problems.push({ path, message: m }) });
    expect(stats).toEqual({ unparsed: 0, formats: ['evtx'] });
    expect(events).toHaveLength(100);
    expect(problems).toEqual([]);
  });
});
