// Text that is not plain UTF-8 still reaches its parser (issue 11): a log with NUL runs (a crash, preallocation or a
// truncation leaves them), a log that starts with a hole of NULs, UTF-16 without a byte-order mark; while real
// binaries named like logs (gzip, ELF) are refused with a reason that says what they are.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SkipList, openEntry, parseEntry } from '../../src/entry-reader.js';
import type { LogEvent, Problem } from '../../src/model.js';
import { router } from '../../src/parsers/index.js';
import { binaryKind, detectEncoding, looksBinary, splitLines, utf16WithoutBom } from '../../src/text/lines.js';
import { ASSUME_UTC } from '../../src/time/zone.js';
import { utf16NoBom, waagentWithNuls } from '../hostile/generators/parsers.js';

const WAAGENT = '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Wire server endpoint:168.63.129.16\n';
const SYSLOG = 'May  2 07:10:07 vm1 kernel: [ 1234.5678] Out of memory: Killed process 4242 (python3)\n';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return out;
}

/** Routes and parses one entry as the engine does, the bytes in `chunk`-sized pieces (Buffers, as Node gives them). */
async function read(path: string, data: Uint8Array, chunk = 65536) {
  const problems: Problem[] = [];
  const skipped = new SkipList();
  const entry = {
    path,
    size: data.length,
    bytes: (async function* () {
      for (let i = 0; i < data.length; i += chunk) yield Buffer.from(data.subarray(i, i + chunk));
    })(),
  };
  const opened = await openEntry(entry, router(), problems, skipped);
  const events: LogEvent[] = [];
  const messages = problems.map((p) => p.message);
  if (opened) {
    await parseEntry(opened, { path, tz: ASSUME_UTC, emit: (e) => events.push(e), fact: () => {}, problem: (m) => messages.push(m) });
  }
  return { parser: opened?.parser.id, events, problems: messages, skipped: skipped.entries() };
}

describe('binary or text, from the first bytes', () => {
  it('reads text with NUL runs as text', () => {
    expect(binaryKind(bytes(waagentWithNuls(16, 50)))).toBeUndefined();
    // a crash leaves a block of NULs in the middle; preallocation leaves them at the end
    expect(binaryKind(concat(bytes(WAAGENT.repeat(20)), new Uint8Array(4096), bytes(WAAGENT.repeat(20))))).toBeUndefined();
    expect(binaryKind(concat(bytes(WAAGENT.repeat(3)), new Uint8Array(7000)))).toBeUndefined();
    expect(binaryKind(concat(new Uint8Array(3), bytes(WAAGENT.repeat(3))))).toBeUndefined();
  });

  it('names the formats a log is not, by their magic bytes', () => {
    expect(binaryKind(gzipSync(Buffer.from(WAAGENT.repeat(100))))).toBe('gzip data');
    expect(binaryKind(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('an ELF executable');
    expect(binaryKind(concat(bytes('MZ'), new Uint8Array([0x90, 0, 3, 0, 0, 0, 4, 0])))).toBe('a Windows executable');
    expect(binaryKind(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0]))).toBe('a zip archive');
    expect(binaryKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe('a PNG image');
    // text that merely starts like one is text
    expect(binaryKind(bytes('MZ: this line is text\n'))).toBeUndefined();
  });

  it('judges the rest by its structure: only NULs, NULs all through, control bytes', () => {
    expect(binaryKind(new Uint8Array(8192))).toBe('only NUL bytes');
    // fixed-size records (wtmp-like): short strings, small integers and NUL padding, many separate runs
    const records = concat(...Array.from({ length: 20 }, (_, i) => concat(new Uint8Array([7, 0, 0, 0, i, 0x12, 0, 0]), bytes('pts/0'), new Uint8Array(27), bytes('root'), new Uint8Array(20))));
    expect(binaryKind(records)).toBe('NUL bytes all through it');
    const noise = new Uint8Array(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = 1 + ((i * 7919) % 40);
    expect(binaryKind(noise)).toBe('control bytes');
    // a sparse record file (lastlog): a time, a tty, a host, then NULs; no line anywhere
    const lastlog = concat(new Uint8Array([0x5c, 0x3e, 0x60, 0x66]), bytes('pts/0'), new Uint8Array(27), bytes('10.0.0.4'), new Uint8Array(248), new Uint8Array(60_000));
    expect(binaryKind(lastlog)).toBe('NUL bytes around no line of text');
    expect(looksBinary(bytes('2024-01-01T00:00:00Z INFO x\n'))).toBe(false);
  });
});

describe('UTF-16 without a byte-order mark', () => {
  it('is recognised by the NUL halves of its ASCII, on either side', () => {
    expect(utf16WithoutBom(Buffer.from(SYSLOG, 'utf16le'))).toBe('utf-16le');
    expect(utf16WithoutBom(utf16be(SYSLOG))).toBe('utf-16be');
    expect(utf16WithoutBom(Buffer.from('Größe: café ' + SYSLOG, 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(utf16be(SYSLOG))).toEqual({ encoding: 'utf-16be', bomBytes: 0 });
    expect(utf16WithoutBom(bytes(SYSLOG))).toBeUndefined();
    expect(utf16WithoutBom(bytes(waagentWithNuls(16, 3)))).toBeUndefined();
    expect(utf16WithoutBom(new Uint8Array(4096))).toBeUndefined();
    expect(binaryKind(utf16NoBom(5))).toBeUndefined();
  });

  it('is split into lines like UTF-8, whatever the chunk borders', async () => {
    for (const [name, data] of [
      ['LE', Buffer.from(SYSLOG.repeat(20), 'utf16le')],
      ['BE', utf16be(SYSLOG.repeat(20))],
    ] as const) {
      for (const chunk of [4096, 7, 1]) {
        // the encoding is told from the first chunk (the engine's are 64 KiB or more); then any borders, odd ones too
        const first = data.subarray(0, Math.max(chunk, 64));
        const rest = (async function* () {
          for (let i = first.length; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
        })();
        const lines: string[] = [];
        await splitLines(rest, { line: (text) => lines.push(text) }, first);
        expect(lines, `${name}, chunk ${chunk}`).toEqual(Array(20).fill(SYSLOG.slice(0, -1)));
      }
    }
  });
});

describe('the entry reader', () => {
  it('reads a waagent.log with NULs in its first 4 KB with the waagent parser', async () => {
    const r = await read('var/log/waagent.log', bytes(waagentWithNuls(16, 200)));
    expect(r.parser).toBe('waagent-log');
    expect(r.events.length).toBeGreaterThanOrEqual(200);
    expect(r.skipped).toEqual([]);
  });

  it('reads a syslog written as UTF-16LE or BE without a BOM with the syslog parser', async () => {
    for (const data of [utf16NoBom(200), utf16be(SYSLOG.repeat(200))]) {
      const r = await read('var/log/syslog', data);
      expect(r.parser).toBe('syslog');
      expect(r.events).toHaveLength(200);
      expect(r.events[199]).toMatchObject({ line: 200, message: expect.stringContaining('Out of memory: Killed process 4242 (python3)') });
      expect(r.problems).toEqual([]);
    }
  });

  it('refuses a gzip or an ELF named like a log, saying what it is', async () => {
    const gz = await read('var/log/waagent.log', gzipSync(Buffer.from(WAAGENT.repeat(100))));
    expect(gz.parser).toBeUndefined();
    expect(gz.problems).toEqual([expect.stringMatching(/^binary content \(gzip data\), not a WALinuxAgent log/)]);
    expect(gz.skipped).toEqual([{ path: 'var/log/waagent.log', reason: expect.stringMatching(/^binary content \(gzip data\)/) }]);
    const elf = await read('var/log/syslog', concat(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), new Uint8Array(64)));
    expect(elf.problems).toEqual([expect.stringMatching(/^binary content \(an ELF executable\), not a syslog/)]);
    // not named like a log: skipped as before, not a problem
    const other = await read('bin/tool', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]));
    expect(other.problems).toEqual([]);
    expect(other.skipped).toEqual([{ path: 'bin/tool', reason: 'binary content' }]);
  });

  it('reads past a hole of NULs a log starts with, keeping line numbers', async () => {
    const data = concat(new Uint8Array(200_001), bytes(`${WAAGENT}${WAAGENT}`));
    for (const chunk of [65536, 65537]) {
      const r = await read('var/log/waagent.log', data, chunk);
      expect(r.parser).toBe('waagent-log');
      expect(r.events.map((e) => e.line)).toEqual([1, 2]);
      expect(r.problems).toEqual([expect.stringMatching(/^starts with 20000[01] NUL bytes/)]);
    }
    // a CLI worker gets a whole gzip member from its first byte, with the parser openEntry chose: it passes the hole too
    const opened = (await openEntry({ path: 'var/log/waagent.log', size: data.length, bytes: (async function* () { yield Buffer.from(data); })() }, router(), []))!;
    const events: LogEvent[] = [];
    const problems: string[] = [];
    const whole = (async function* () {
      for (let i = 0; i < data.length; i += 65536) yield Buffer.from(data.subarray(i, i + 65536));
    })();
    await parseEntry({ ...opened, first: (await whole.next()).value!, rest: whole }, { path: 'var/log/waagent.log', tz: ASSUME_UTC, emit: (e) => events.push(e), fact: () => {}, problem: (m) => problems.push(m) });
    expect(events.map((e) => [e.line, e.message])).toEqual([
      [1, 'Wire server endpoint:168.63.129.16'],
      [2, 'Wire server endpoint:168.63.129.16'],
    ]);
    expect(problems).toEqual([]);
    // UTF-16BE text after a hole stays aligned
    const be = await read('var/log/syslog', concat(new Uint8Array(70_000), utf16be(SYSLOG.repeat(3))));
    expect(be.events).toHaveLength(3);
  });

  it('refuses a file of NULs only, reading at most 16 MiB of them', async () => {
    const small = await read('var/log/messages', new Uint8Array(100_000));
    expect(small.problems).toEqual([expect.stringMatching(/^binary content \(only NUL bytes, 100000 of them\), not a syslog/)]);
    let served = 0;
    const entry = {
      path: 'var/log/messages',
      size: 1 << 30,
      bytes: (async function* () {
        for (;;) {
          served += 1 << 20;
          yield Buffer.alloc(1 << 20);
        }
      })(),
    };
    const problems: Problem[] = [];
    expect(await openEntry(entry, router(), problems)).toBeUndefined();
    expect(served).toBe(16 << 20);
    expect(problems[0]!.message).toMatch(/only NUL bytes, the first 16777216 of them\)/);
  });
});
