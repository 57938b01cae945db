// Every input kind: tgz, tar, zip, folder, single file, single .gz, stdin.
import { Readable } from 'node:stream';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../src/ingest/index.js';
import { FIXTURE_MTIME, gzip, makeDir, makeTar, makeTgz, makeZip } from '../helpers/archives.js';
import type { FixtureFile } from '../helpers/archives.js';
import { byPath, collect, readBytes, tempFiles } from './collect.js';

const LOGS: FixtureFile[] = [
  { path: 'var/log/waagent.log', content: '2024-05-01T10:00:00.000000Z INFO Daemon hello\n' },
  { path: 'var/log/waagent.log.2.gz', content: gzip('2024-04-01T10:00:00.000000Z INFO Daemon rotated\n') },
  { path: 'var/lib/waagent/waagent_status.json', content: '{"x":1}' },
];
const EXPECTED = {
  'var/log/waagent.log': '2024-05-01T10:00:00.000000Z INFO Daemon hello\n',
  'var/log/waagent.log.2.gz': '2024-04-01T10:00:00.000000Z INFO Daemon rotated\n',
  'var/lib/waagent/waagent_status.json': '{"x":1}',
};

const tmp = tempFiles();

describe('archives on disk', () => {
  it('reads a .tgz: paths, decompressed .gz members, stored sizes, mtimes, progress', async () => {
    const bytes = await makeTgz(LOGS);
    const file = await tmp.write('bundle.tgz', bytes);
    let read = 0;
    const bundle = await openBundle(file, { onBytesRead: (n) => (read += n) });
    expect(bundle).toMatchObject({ name: 'bundle.tgz', kind: 'tgz', sizeBytes: bytes.length, problems: [] });
    const entries = await collect(bundle);
    expect(byPath(entries)).toEqual(EXPECTED);
    expect(entries.map((e) => e.path)).toEqual(LOGS.map((f) => f.path)); // archive order
    const gz = entries.find((e) => e.path.endsWith('.gz'))!;
    expect(gz.size).toBe((LOGS[1]!.content as Buffer).length); // stored (compressed) size
    expect(entries[0]!.mtime?.toISOString()).toBe(FIXTURE_MTIME.toISOString());
    expect(read).toBe(bytes.length);
  });

  it('reads a .tar.gz and a plain .tar', async () => {
    const tgz = await openBundle(await tmp.write('b.tar.gz', await makeTgz(LOGS)));
    expect(tgz.kind).toBe('tgz');
    expect(byPath(await collect(tgz))).toEqual(EXPECTED);
    const tar = await openBundle(await tmp.write('b.tar', await makeTar(LOGS)));
    expect(tar.kind).toBe('tar');
    expect(byPath(await collect(tar))).toEqual(EXPECTED);
  });

  it.each([
    ['deflated', { compress: true }],
    ['stored', { compress: false }],
    ['with data descriptors', { streaming: true }],
    ['zip64', { zip64: true }],
  ])('reads a .zip through its central directory (%s)', async (label, opts) => {
    {
      const bytes = await makeZip(LOGS, opts);
      let read = 0;
      const name = `logs-${label.replace(/ /g, '-')}.zip`;
      const bundle = await openBundle(await tmp.write(name, bytes), { onBytesRead: (n) => (read += n) });
      expect(bundle).toMatchObject({ name, kind: 'zip', sizeBytes: bytes.length });
      const entries = await collect(bundle);
      expect(byPath(entries)).toEqual(EXPECTED);
      expect(entries[0]!.size).toBe(Buffer.byteLength(EXPECTED['var/log/waagent.log']));
      expect(entries[0]!.mtime?.toISOString()).toBe(FIXTURE_MTIME.toISOString());
      expect(bundle.problems).toEqual([]);
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThanOrEqual(bytes.length);
    }
  });

  it('skips folder entries of archives', async () => {
    const files: FixtureFile[] = [{ path: 'var/', type: 'directory' }, { path: 'var/log/', type: 'directory' }, ...LOGS];
    for (const [name, bytes] of [
      ['d.tgz', await makeTgz(files)],
      ['d.zip', await makeZip(files)],
    ] as const) {
      const bundle = await openBundle(await tmp.write(name, bytes));
      expect(byPath(await collect(bundle))).toEqual(EXPECTED);
      expect(bundle.problems).toEqual([]);
    }
  });
});

describe('a folder', () => {
  it('walks it sorted, with relative / paths, decompressing .gz files', async () => {
    const dir = await makeDir([
      { path: 'var/log/waagent.log.2.gz', content: gzip('rotated\n') },
      { path: 'var/log/waagent.log', content: 'current\n' },
      { path: 'var/lib/waagent/a.json', content: '{}' },
      { path: 'results.txt', content: 'r' },
      { path: 'var/log/empty', content: '' },
    ]);
    try {
      let read = 0;
      const bundle = await openBundle(dir.dir, { onBytesRead: (n) => (read += n) });
      expect(bundle.kind).toBe('dir');
      expect(bundle.name).toBe(dir.dir.split(/[\\/]/).pop());
      const entries = await collect(bundle);
      expect(entries.map((e) => e.path)).toEqual([
        'results.txt',
        'var/lib/waagent/a.json',
        'var/log/empty',
        'var/log/waagent.log',
        'var/log/waagent.log.2.gz',
      ]);
      expect(byPath(entries)['var/log/waagent.log.2.gz']).toBe('rotated\n');
      expect(byPath(entries)['var/log/empty']).toBe('');
      const sizes = entries.reduce((s, e) => s + e.size, 0);
      expect(bundle.sizeBytes).toBe(sizes);
      expect(read).toBe(sizes);
      expect(entries.find((e) => e.path === 'results.txt')?.mtime).toBeInstanceOf(Date);
    } finally {
      await dir.cleanup();
    }
  });

  it('does not follow symbolic links and says so', async () => {
    const dir = await makeDir([
      { path: 'real/a.log', content: 'A' },
      { path: 'link.log', type: 'symlink', linkname: '/etc/passwd' },
      { path: 'linkdir', type: 'symlink', linkname: 'real' },
    ]);
    try {
      const bundle = await openBundle(dir.dir);
      expect(byPath(await collect(bundle))).toEqual({ 'real/a.log': 'A' });
      expect(bundle.problems).toEqual([
        { path: 'link.log', message: 'symbolic link not followed (-> /etc/passwd)' },
        { path: 'linkdir', message: 'symbolic link not followed (-> real)' },
      ]);
    } finally {
      await dir.cleanup();
    }
  });

  it('reports a file gone since the folder was walked, and goes on', async () => {
    const dir = await makeDir([
      { path: 'a.log', content: 'A' },
      { path: 'b.log', content: 'B' },
    ]);
    try {
      const bundle = await openBundle(dir.dir);
      await rm(dir.path('a.log'));
      expect(byPath(await collect(bundle))).toEqual({ 'b.log': 'B' });
      expect(bundle.problems).toEqual([{ path: 'a.log', message: 'cannot read: no such file or directory' }]);
    } finally {
      await dir.cleanup();
    }
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file and goes on', async () => {
    const dir = await makeDir([
      { path: 'a.log', content: 'A', mode: 0o000 },
      { path: 'b.log', content: 'B' },
    ]);
    try {
      const bundle = await openBundle(dir.dir);
      expect(byPath(await collect(bundle))).toEqual({ 'b.log': 'B' });
      expect(bundle.problems).toEqual([{ path: 'a.log', message: 'cannot read: permission denied' }]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe('a single file', () => {
  it('is a one-entry bundle named after the file', async () => {
    const file = await tmp.write('waagent.log', 'line 1\nline 2\n');
    const bundle = await openBundle(file);
    expect(bundle).toMatchObject({ name: 'waagent.log', kind: 'file', sizeBytes: 14 });
    const entries = await collect(bundle);
    expect(entries).toEqual([expect.objectContaining({ path: 'waagent.log', size: 14, text: 'line 1\nline 2\n' })]);
  });

  it('a plain .gz is decompressed, its size the compressed size', async () => {
    for (const name of ['waagent.log.1.gz', 'waagent.log-2024-05-01-1714521600.gz']) {
      const gz = gzip('rotated line\n');
      const bundle = await openBundle(await tmp.write(name, gz));
      expect(bundle.kind).toBe('file');
      const entries = await collect(bundle);
      expect(entries).toEqual([expect.objectContaining({ path: name, size: gz.length, text: 'rotated line\n' })]);
    }
  });

  it('a gzip of a tar is a tgz, whatever its name', async () => {
    const bundle = await openBundle(await tmp.write('collected.gz', await makeTgz(LOGS)));
    expect(bundle.kind).toBe('tgz');
    expect(byPath(await collect(bundle))).toEqual(EXPECTED);
  });

  it('an empty file is one empty entry', async () => {
    const bundle = await openBundle(await tmp.write('empty.log', ''));
    expect(bundle.kind).toBe('file');
    expect(byPath(await collect(bundle))).toEqual({ 'empty.log': '' });
  });

  it('a multi-member gzip reads as one text', async () => {
    const gz = Buffer.concat([gzip('first member\n'), gzip('second member\n')]);
    const bundle = await openBundle(await tmp.write('syslog.2.gz', gz));
    expect(byPath(await collect(bundle))).toEqual({ 'syslog.2.gz': 'first member\nsecond member\n' });
  });
});

describe("'-': an archive on stdin", () => {
  it('sniffs a tgz and counts the bytes it reads', async () => {
    const bytes = await makeTgz(LOGS);
    const chunks = [bytes.subarray(0, 100), bytes.subarray(100)];
    let read = 0;
    const bundle = await openBundle('-', { stdin: Readable.from(chunks), onBytesRead: (n) => (read += n) });
    expect(bundle).toMatchObject({ name: 'stdin', kind: 'stdin', sizeBytes: 0 });
    expect(byPath(await collect(bundle))).toEqual(EXPECTED);
    expect(bundle.sizeBytes).toBe(bytes.length);
    expect(read).toBe(bytes.length);
  });

  it('sniffs a plain tar', async () => {
    const bundle = await openBundle('-', { stdin: Readable.from([await makeTar(LOGS)]) });
    expect(byPath(await collect(bundle))).toEqual(EXPECTED);
  });

  it('sniffs a zip and streams it without a central directory', async () => {
    for (const opts of [{}, { streaming: true }, { zip64: true }, { compress: false }]) {
      const bytes = await makeZip(LOGS, opts);
      const bundle = await openBundle('-', { stdin: Readable.from([bytes]) });
      const entries = await collect(bundle);
      expect(byPath(entries)).toEqual(EXPECTED);
      expect(entries[0]!.mtime?.toISOString()).toBe(FIXTURE_MTIME.toISOString());
      expect(bundle.problems).toEqual([]);
    }
  });

  it('takes a non-archive as one entry named stdin', async () => {
    const plain = await openBundle('-', { stdin: Readable.from([Buffer.from('just a log line\n')]) });
    expect(byPath(await collect(plain))).toEqual({ stdin: 'just a log line\n' });
    const gz = await openBundle('-', { stdin: Readable.from([gzip('gzipped log line\n')]) });
    expect(byPath(await collect(gz))).toEqual({ stdin: 'gzipped log line\n' });
  });

  it('reports empty input', async () => {
    const bundle = await openBundle('-', { stdin: Readable.from([]) });
    expect(await collect(bundle)).toEqual([]);
    expect(bundle.problems).toEqual([{ path: 'stdin', message: 'empty input' }]);
  });
});

describe('reading entries', () => {
  const many: FixtureFile[] = Array.from({ length: 6 }, (_, i) => ({
    path: `f${i}.log${i % 2 ? '.gz' : ''}`,
    content: i % 2 ? gzip(`file ${i}\n`.repeat(20000)) : `file ${i}\n`.repeat(20000),
  }));
  const text = (i: number): string => `file ${i}\n`.repeat(20000);

  it('skips an entry left unread, or read in part, when the next one is asked for', async () => {
    const inputs = {
      tgz: await tmp.write('many.tgz', await makeTgz(many)),
      zip: await tmp.write('many.zip', await makeZip(many)),
      nested: await tmp.write('nested.tgz', await makeTgz([{ path: 'inner.zip', content: await makeZip(many) }])),
    };
    for (const [kind, file] of Object.entries(inputs)) {
      const bundle = await openBundle(file);
      const seen: string[] = [];
      let i = 0;
      for await (const entry of bundle.entries) {
        seen.push(entry.path);
        if (i % 3 === 1) {
          // read one chunk only, then leave the loop over bytes
          for await (const chunk of entry.bytes) {
            expect(chunk.length).toBeGreaterThan(0);
            break;
          }
        } else if (i % 3 === 2) {
          expect((await readBytes(entry)).toString()).toBe(text(i));
        }
        i++;
      }
      expect(seen.length, kind).toBe(6);
      expect(bundle.problems, kind).toEqual([]);
    }
    const streamed = await openBundle('-', { stdin: Readable.from([await makeZip(many)]) });
    const entries = await collect(streamed, (p) => p.startsWith('f1') || p.startsWith('f2'));
    expect(entries.map((e) => [e.path, e.text === text(Number(e.path[1]))])).toEqual([
      ['f0.log', true],
      ['f1.log.gz', false],
      ['f2.log', false],
      ['f3.log.gz', true],
      ['f4.log', true],
      ['f5.log.gz', true],
    ]);
  });

  it('hands over large chunks', async () => {
    const big = 'x'.repeat(99) + '\n';
    const bundle = await openBundle(await tmp.write('big.tgz', await makeTgz([{ path: 'big.log.gz', content: gzip(big.repeat(20000)) }])));
    for await (const entry of bundle.entries) {
      const sizes: number[] = [];
      for await (const c of entry.bytes) sizes.push(c.length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(2_000_000);
      expect(Math.max(...sizes)).toBeGreaterThanOrEqual(64 * 1024);
    }
  });

  it('stops cleanly when the consumer leaves early', async () => {
    const file = await tmp.write('early.tgz', await makeTgz(many));
    const bundle = await openBundle(file);
    for await (const entry of bundle.entries) {
      expect(entry.path).toBe('f0.log');
      break;
    }
    const rest: string[] = [];
    for await (const entry of bundle.entries) rest.push(entry.path);
    expect(rest).toEqual([]); // one pass: closed, not resumable
    expect(bundle.problems).toEqual([]);
  });

  it('keeps long member names (pax / GNU headers)', async () => {
    const long = `var/lib/waagent/${'Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/'.repeat(3)}status/0.status`;
    const bundle = await openBundle(await tmp.write('long.tgz', await makeTgz([{ path: long, content: '{}' }])));
    expect(byPath(await collect(bundle))).toEqual({ [long]: '{}' });
  });
});
