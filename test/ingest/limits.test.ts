// Decompression bombs: per-stream ratio and total expanded bytes. No hang, no OOM, the rest kept.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_RATIO, LimitError, openBundle } from '../../src/ingest/index.js';
import { Limits, formatBytes } from '../../src/ingest/limits.js';
import { gzip, makeTar, makeTgz, makeZip } from '../helpers/archives.js';
import type { FixtureFile } from '../helpers/archives.js';
import { byPath, collect, tempFiles } from './collect.js';

const MiB = 1024 * 1024;
const tmp = tempFiles();
const zeros64 = gzip(Buffer.alloc(64 * MiB), 9); // ~64 KiB, about 1000:1

describe('Limits', () => {
  it('has documented defaults', () => {
    expect(DEFAULT_MAX_EXPANDED_BYTES).toBe(16 * 1024 * MiB);
    expect(DEFAULT_MAX_RATIO).toBe(1000);
    expect(DEFAULT_MAX_DEPTH).toBe(4);
  });

  it('judges the ratio only from 8 MiB expanded', () => {
    const limits = new Limits(Infinity, 10);
    expect(() => limits.count(MiB, 8 * MiB - 1, 1)).not.toThrow();
    expect(() => limits.count(MiB, 8 * MiB, 1)).toThrow(new LimitError('expansion ratio over 10:1 (limit --max-ratio)'));
    expect(() => limits.count(MiB, 8 * MiB, MiB)).not.toThrow();
    expect(() => limits.count(MiB, 80 * MiB, undefined)).not.toThrow(); // compressed size unknown
  });

  it('stops everything once the total is exceeded, with one skip message', () => {
    const limits = new Limits(100, 1000);
    limits.count(100, 100, 100);
    expect(() => limits.count(1, 1, 1)).toThrow(new LimitError('bundle expands to more than 100 bytes (limit --max-expanded-bytes)'));
    expect(() => limits.count(1, 1, 1)).toThrow(LimitError);
    expect(limits.skipMessage()).toBe('bundle expands to more than 100 bytes (limit --max-expanded-bytes); remaining entries skipped');
    expect(limits.skipMessage()).toBeUndefined();
  });

  it('formats sizes', () => {
    expect(formatBytes(16 * 1024 * MiB)).toBe('16 GiB');
    expect(formatBytes(512 * 1024)).toBe('512 KiB');
    expect(formatBytes(1500)).toBe('1500 bytes');
  });
});

describe('a gzip bomb member', () => {
  const files: FixtureFile[] = [
    { path: 'before.log', content: 'before\n' },
    { path: 'var/log/bomb.log.gz', content: zeros64 },
    { path: 'after.log', content: 'after\n' },
  ];

  it.each([
    ['tgz', () => makeTgz(files)],
    ['zip', () => makeZip(files)],
    ['tar', () => makeTar(files)],
  ])('in a %s: that entry throws LimitError, the rest is read', async (kind, make) => {
    const bundle = await openBundle(await tmp.write(`bomb.${kind}`, await make()), { maxRatio: 100 });
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['before.log', 'var/log/bomb.log.gz', 'after.log']);
    expect(entries[1]!.error).toBeInstanceOf(LimitError);
    expect(entries[1]!.error!.message).toBe('expansion ratio over 100:1 (limit --max-ratio)');
    expect(entries[2]!.text).toBe('after\n');
    expect(bundle.problems).toEqual([]);
  });

  it('left unread, it is not even decompressed', async () => {
    const bundle = await openBundle(await tmp.write('bomb-unread.tgz', await makeTgz(files)), { maxRatio: 100 });
    const entries = await collect(bundle, (p) => p.includes('bomb'));
    expect(byPath(entries)).toEqual({ 'before.log': 'before\n', 'var/log/bomb.log.gz': '', 'after.log': 'after\n' });
    expect(bundle.problems).toEqual([]);
  });

  it('deflated in a zip member: caught by the ratio against the stored compressed size', async () => {
    const zip = await makeZip([
      { path: 'zeros.bin', content: Buffer.alloc(64 * MiB) },
      { path: 'after.log', content: 'after\n' },
    ]);
    const bundle = await openBundle(await tmp.write('deflate-bomb.zip', zip), { maxRatio: 100 });
    const entries = await collect(bundle);
    expect(entries[0]!.error).toBeInstanceOf(LimitError);
    expect(entries[1]!.text).toBe('after\n');
  });

  it('in a zip stream it cannot be skipped over: the rest of that zip is given up with a problem', async () => {
    const zip = await makeZip([
      { path: 'zeros.bin', content: Buffer.alloc(64 * MiB) },
      { path: 'after.log', content: 'after\n' },
    ]);
    const bundle = await openBundle('-', { stdin: Readable.from([zip]), maxRatio: 100 });
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['zeros.bin']);
    expect(entries[0]!.error).toBeInstanceOf(LimitError);
    expect(bundle.problems).toEqual([{ path: 'stdin', message: 'expansion ratio over 100:1 (limit --max-ratio); rest of the archive skipped' }]);
  });

  it('a tgz that is itself a bomb: the entry being read throws, the archive ends with a problem', async () => {
    const tgz = gzip(await makeTar([{ path: 'zeros.img', content: Buffer.alloc(64 * MiB) }, { path: 'after.log', content: 'x' }]), 9);
    const bundle = await openBundle(await tmp.write('whole-bomb.tgz', tgz), { maxRatio: 100 });
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['zeros.img']);
    expect(entries[0]!.error).toBeInstanceOf(LimitError);
    expect(bundle.problems).toEqual([{ path: 'whole-bomb.tgz', message: 'expansion ratio over 100:1 (limit --max-ratio); rest of the archive skipped' }]);
  });
});

describe('the total expanded bytes', () => {
  const member = (i: number): FixtureFile => ({ path: `f${i}.log.gz`, content: gzip(`line ${i}\n`.repeat(10_000)) }); // 70 000 bytes each

  it.each([
    ['tar', () => makeTar([0, 1, 2, 3, 4].map(member))],
    ['zip', () => makeZip([0, 1, 2, 3, 4].map(member))],
  ])('in a %s: the entry that crosses it throws, later entries are skipped with one problem', async (kind, make) => {
    const bundle = await openBundle(await tmp.write(`total.${kind}`, await make()), { maxExpandedBytes: 150_000 });
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['f0.log.gz', 'f1.log.gz', 'f2.log.gz']);
    expect(entries[0]!.text).toBe('line 0\n'.repeat(10_000));
    expect(entries[1]!.text).toBe('line 1\n'.repeat(10_000));
    expect(entries[2]!.error).toBeInstanceOf(LimitError);
    expect(entries[2]!.error!.message).toBe('bundle expands to more than 150000 bytes (limit --max-expanded-bytes)');
    expect(bundle.problems).toEqual([
      { path: `total.${kind}`, message: 'bundle expands to more than 150000 bytes (limit --max-expanded-bytes); remaining entries skipped' },
    ]);
  });

  it('counts what the outer gzip of a tgz expands to', async () => {
    const tgz = await makeTgz([
      { path: 'a.log', content: 'a'.repeat(1_000_000) },
      { path: 'b.log', content: 'b' },
    ]);
    const bundle = await openBundle(await tmp.write('total-outer.tgz', tgz), { maxExpandedBytes: 200_000 });
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['a.log']);
    expect(entries[0]!.error).toBeInstanceOf(LimitError);
    expect(bundle.problems).toEqual([
      { path: 'total-outer.tgz', message: 'bundle expands to more than 200000 bytes (limit --max-expanded-bytes); remaining entries skipped' },
    ]);
  });
});
