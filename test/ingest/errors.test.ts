// Damage never crashes and never loses the rest: truncated and corrupt archives, bad names, links.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BundleError, openBundle } from '../../src/ingest/index.js';
import { gzip, makeTar, makeTgz, makeZip, noisy } from '../helpers/archives.js';
import type { FixtureFile } from '../helpers/archives.js';
import { byPath, collect, tempFiles } from './collect.js';

const tmp = tempFiles();

const THREE: FixtureFile[] = [
  { path: 'a.log', content: 'first\n' },
  { path: 'b.log', content: noisy(20000) },
  { path: 'c.log', content: 'third\n' },
];

describe('truncated archives', () => {
  it('a cut .tgz: entries before the damage, the damaged one throws, a problem, no throw', async () => {
    const tgz = await makeTgz(THREE);
    const bundle = await openBundle(await tmp.write('cut.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.6))));
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['a.log', 'b.log']);
    expect(entries[0]!.text).toBe('first\n');
    expect(entries[1]!.error?.message).toBe('archive truncated: unexpected end of data');
    expect(bundle.problems).toEqual([{ path: 'cut.tgz', message: 'archive truncated: unexpected end of data' }]);
  });

  it('a cut .tgz whose damaged entry is not read still ends normally', async () => {
    const tgz = await makeTgz(THREE);
    const bundle = await openBundle(await tmp.write('cut2.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.6))));
    const entries = await collect(bundle, () => true);
    expect(entries.map((e) => e.path)).toEqual(['a.log', 'b.log']);
    expect(bundle.problems).toEqual([{ path: 'cut2.tgz', message: 'archive truncated: unexpected end of data' }]);
  });

  it('a cut .tar and a cut tgz on stdin behave the same', async () => {
    const tar = await makeTar(THREE);
    const bundle = await openBundle(await tmp.write('cut.tar', tar.subarray(0, 5000)));
    const entries = await collect(bundle);
    expect(entries.map((e) => [e.path, e.text ?? e.error?.message])).toEqual([
      ['a.log', 'first\n'],
      ['b.log', 'archive truncated: unexpected end of data'],
    ]);
    expect(bundle.problems).toEqual([{ path: 'cut.tar', message: 'archive truncated: unexpected end of data' }]);

    const tgz = await makeTgz(THREE);
    const piped = await openBundle('-', { stdin: Readable.from([tgz.subarray(0, Math.floor(tgz.length * 0.6))]) });
    expect((await collect(piped)).map((e) => e.path)).toEqual(['a.log', 'b.log']);
    expect(piped.problems).toEqual([{ path: 'stdin', message: 'archive truncated: unexpected end of data' }]);
  });

  it('a tar or zip stream cut exactly between two members is still reported', async () => {
    const files: FixtureFile[] = [
      { path: 'a.log', content: 'A' },
      { path: 'b.log', content: 'B' },
    ];
    const tar = await makeTar(files);
    const cutTar = await openBundle('-', { stdin: Readable.from([tar.subarray(0, 1024)]) }); // header + data of a.log
    expect(byPath(await collect(cutTar))).toEqual({ 'a.log': 'A' });
    expect(cutTar.problems).toEqual([{ path: 'stdin', message: 'archive truncated: unexpected end of data' }]);

    const zip = await makeZip(files, { compress: false });
    const second = zip.indexOf(Buffer.from('PK\x03\x04'), 4);
    const cutZip = await openBundle('-', { stdin: Readable.from([zip.subarray(0, second)]) });
    expect(byPath(await collect(cutZip))).toEqual({ 'a.log': 'A' });
    expect(cutZip.problems).toEqual([{ path: 'stdin', message: 'archive truncated: unexpected end of data' }]);
  });

  it('a cut nested archive loses only its own rest', async () => {
    const inner = await makeTgz(THREE);
    const bundle = await openBundle(
      await tmp.write(
        'outer.zip',
        await makeZip([
          { path: 'inner.tgz', content: inner.subarray(0, Math.floor(inner.length * 0.6)) },
          { path: 'after.log', content: 'after' },
        ]),
      ),
    );
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['inner.tgz/a.log', 'inner.tgz/b.log', 'after.log']);
    expect(entries[2]!.text).toBe('after');
    expect(bundle.problems).toEqual([{ path: 'inner.tgz', message: 'archive truncated: unexpected end of data' }]);
  });

  it('a cut zip: the central directory is missing, members are read in order up to the damage', async () => {
    const zip = await makeZip(THREE);
    const bundle = await openBundle(await tmp.write('cut.zip', zip.subarray(0, Math.floor(zip.length * 0.7))));
    const entries = await collect(bundle);
    expect(entries[0]).toMatchObject({ path: 'a.log', text: 'first\n' });
    expect(entries.map((e) => e.path)).toEqual(['a.log', 'b.log']);
    expect(entries[1]!.error).toBeInstanceOf(Error);
    expect(bundle.problems[0]?.message).toMatch(/^zip central directory unreadable .*; reading the members in stored order$/);
    expect(bundle.problems[1]).toEqual({ path: 'cut.zip', message: 'archive truncated: unexpected end of data' });
  });
});

describe('cut anywhere', () => {
  it('never hangs or throws, wherever an archive is cut (file and stdin, tar/tgz/zip, nested)', async () => {
    const files: FixtureFile[] = [
      { path: 'a.log', content: noisy(60) },
      { path: 'b.log.gz', content: gzip(noisy(200)) },
      { path: 'h/1.zip', content: await makeZip([{ path: 'g.xml', content: '<x/>'.repeat(50) }], { streaming: true }) },
      { path: 'c.tgz', content: await makeTgz([{ path: 'x.log', content: noisy(40) }]) },
      { path: 'd.log', content: 'd' },
    ];
    const archives: [string, Buffer][] = [
      ['cut.tgz', await makeTgz(files)],
      ['cut.tar', await makeTar(files)],
      ['cut.zip', await makeZip(files)],
      ['cut-streaming.zip', await makeZip(files, { streaming: true })],
    ];
    let runs = 0;
    for (const [name, whole] of archives) {
      const step = Math.max(1, Math.floor(whole.length / 60));
      for (let cut = 0; cut <= whole.length; cut += step) {
        const part = whole.subarray(0, cut);
        for (const stdin of [false, true]) {
          let bundle;
          try {
            bundle = stdin ? await openBundle('-', { stdin: Readable.from([part]) }) : await openBundle(await tmp.write(name, part));
          } catch (e) {
            expect(e).toBeInstanceOf(BundleError); // too short to be what the name says
            continue;
          }
          const entries = await collect(bundle);
          for (const e of entries) expect(e.text !== undefined || e.error instanceof Error).toBe(true);
          for (const p of bundle.problems) expect(p.message).toMatch(/^[^\n]+$/);
          runs++;
        }
      }
    }
    expect(runs).toBeGreaterThan(400);
  });
});

describe('corrupt members', () => {
  const members = (bad: Buffer): FixtureFile[] => [
    { path: 'var/log/waagent.log.1.gz', content: bad },
    { path: 'var/log/waagent.log', content: 'still here\n' },
  ];

  it.each([
    ['garbage', Buffer.from('this is not gzip at all\n'), 'gzip: incorrect header check'],
    ['cut', gzip(noisy(2000)).subarray(0, 3000), 'gzip: unexpected end of file'],
  ])('a %s .gz member throws a clear error; the next entry is read (tgz and zip)', async (_, bad, message) => {
    for (const [name, bytes] of [
      ['bad-gz.tgz', await makeTgz(members(bad))],
      ['bad-gz.zip', await makeZip(members(bad))],
    ] as const) {
      const bundle = await openBundle(await tmp.write(name, bytes));
      const entries = await collect(bundle);
      expect(entries.map((e) => [e.path, e.text ?? e.error?.message])).toEqual([
        ['var/log/waagent.log.1.gz', message],
        ['var/log/waagent.log', 'still here\n'],
      ]);
      expect(bundle.problems).toEqual([]);
    }
  });

  it('a corrupt single .gz file: its bytes throw', async () => {
    const bundle = await openBundle(await tmp.write('syslog.1.gz', Buffer.from('plain text named .gz\n')));
    const entries = await collect(bundle);
    expect(entries.map((e) => e.error?.message)).toEqual(['gzip: incorrect header check']);
  });

  it('a zip member with damaged deflate data throws; the next member is read', async () => {
    const files: FixtureFile[] = [
      { path: 'a.log', content: noisy(3000, 7) },
      { path: 'b.log', content: 'fine\n' },
    ];
    const zip = await makeZip(files);
    const dataStart = 30 + 'a.log'.length;
    zip.fill(0xff, dataStart + 10, dataStart + 400); // inside a.log's compressed data
    const bundle = await openBundle(await tmp.write('damaged.zip', zip));
    const entries = await collect(bundle);
    expect(entries[0]!.path).toBe('a.log');
    expect(entries[0]!.error?.message).toMatch(/^zip: /);
    expect(entries[1]).toMatchObject({ path: 'b.log', text: 'fine\n' });
  });

  it('an encrypted zip member cannot be read; the next member is', async () => {
    const zip = await makeZip([
      { path: 'secret.log', content: 'hidden' },
      { path: 'open.log', content: 'visible' },
    ]);
    const cdOffset = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt16LE(zip.readUInt16LE(6) | 1, 6); // local header flags: encrypted
    zip.writeUInt16LE(zip.readUInt16LE(cdOffset + 8) | 1, cdOffset + 8); // central directory flags
    const bundle = await openBundle(await tmp.write('encrypted.zip', zip));
    expect(byPath(await collect(bundle))).toEqual({ 'secret.log': '!zip: encrypted member, cannot read', 'open.log': 'visible' });
  });

  it('a zip member compressed with a method other than stored or deflate is named with its method; the next is read', async () => {
    const zip = await makeZip([
      { path: 'a.log', content: 'A\n' },
      { path: 'b.log', content: 'B\n' },
    ]);
    const cdOffset = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt16LE(12, 8); // local header: bzip2
    zip.writeUInt16LE(12, cdOffset + 10); // central directory
    const bundle = await openBundle(await tmp.write('bzip2.zip', zip));
    expect(byPath(await collect(bundle))).toEqual({ 'a.log': '!unsupported zip compression method 12 (logscan reads stored and deflated members)', 'b.log': 'B\n' });
  });

  it('a stored zip member whose size runs past the end of the file is truncated, not cut short in silence', async () => {
    const zip = await makeZip([{ path: 'a.log', content: 'A\n'.repeat(100) }], { compress: false });
    const cdOffset = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt32LE(1_000_000, cdOffset + 20); // central directory: compressed size
    zip.writeUInt32LE(1_000_000, cdOffset + 24); // and uncompressed size
    const bundle = await openBundle(await tmp.write('short.zip', zip));
    const [entry] = await collect(bundle);
    expect(entry!.error?.message).toBe('archive truncated: unexpected end of data');
  });

  it('a zip stream with garbage after a member: the member is read, then a problem', async () => {
    const zip = await makeZip([{ path: 'a.log', content: 'A\n' }]);
    const cdOffset = zip.readUInt32LE(zip.length - 22 + 16); // from the end-of-central-directory record
    const damaged = Buffer.concat([zip.subarray(0, cdOffset), Buffer.from('XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')]);
    const bundle = await openBundle('-', { stdin: Readable.from([damaged]) });
    expect(byPath(await collect(bundle))).toEqual({ 'a.log': 'A\n' });
    expect(bundle.problems).toEqual([{ path: 'stdin', message: 'archive corrupt: zip: invalid signature 0x58585858' }]);
  });

  it('a zip stream cut inside a local header: a problem, no throw', async () => {
    const bundle = await openBundle('-', { stdin: Readable.from([Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0x41)])]) });
    expect(await collect(bundle)).toEqual([]);
    expect(bundle.problems).toEqual([{ path: 'stdin', message: 'archive truncated: unexpected end of data' }]);
  });
});

describe('empty archives', () => {
  it.each([
    ['empty.tgz', () => makeTgz([])],
    ['empty.tar', () => makeTar([])],
    ['empty.zip', () => makeZip([])],
  ])('%s: zero entries, no problem', async (name, make) => {
    const bundle = await openBundle(await tmp.write(name, await make()));
    expect(await collect(bundle)).toEqual([]);
    expect(bundle.problems).toEqual([]);
  });

  it('an empty tgz or zip on stdin: zero entries', async () => {
    for (const bytes of [await makeTgz([]), await makeZip([])]) {
      const bundle = await openBundle('-', { stdin: Readable.from([bytes]) });
      expect(await collect(bundle)).toEqual([]);
      expect(bundle.problems).toEqual([]);
    }
  });
});

describe('inputs that cannot be opened', () => {
  it('a .tgz that is not gzip is a BundleError naming the file and the reason', async () => {
    const file = await tmp.write('bundle.tgz', 'hello, I am text\n');
    const err = await openBundle(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toBe('bundle.tgz: not a gzip file (a .tgz/.tar.gz must start with the gzip bytes 1f 8b)');
    expect((err as Error).message).not.toContain('\n');
  });

  it('a .zip that is not a zip, an empty .tar.gz, a missing path', async () => {
    await expect(openBundle(await tmp.write('logs.zip', 'nope'))).rejects.toThrow(new BundleError('logs.zip: not a zip archive (no PK signature at the start)'));
    await expect(openBundle(await tmp.write('e.tar.gz', ''))).rejects.toThrow(/^e\.tar\.gz: not a gzip file \(the file is empty\)$/);
    await expect(openBundle(await tmp.write('x.tar', 'not a tar'))).rejects.toBeInstanceOf(BundleError);
    const missing = `${tmp.dir()}/nope/missing.tgz`;
    await expect(openBundle(missing)).rejects.toThrow(new BundleError(`${missing}: no such file or directory`));
  });
});

describe('member names and links', () => {
  const evil: FixtureFile[] = [
    { path: '../../etc/passwd', content: 'p' },
    { path: '/abs/x', content: 'a' },
    { path: 'C:\\Windows\\x', content: 'w' },
    { path: './ok/../fine.log', content: 'f' },
  ];
  const normalised = { 'etc/passwd': 'p', 'abs/x': 'a', 'Windows/x': 'w', 'fine.log': 'f' };

  it('normalises traversal, absolute and drive names in tar and zip (and never writes them anywhere)', async () => {
    for (const [name, bytes] of [
      ['evil.tgz', await makeTgz(evil)],
      ['evil.zip', await makeZip(evil)],
    ] as const) {
      const bundle = await openBundle(await tmp.write(name, bytes));
      expect(byPath(await collect(bundle))).toEqual(normalised);
    }
    const streamed = await openBundle('-', { stdin: Readable.from([await makeZip(evil)]) });
    expect(byPath(await collect(streamed))).toEqual(normalised);
  });

  it('names nested members under the normalised outer path', async () => {
    const bundle = await openBundle(await tmp.write('evil-nested.tgz', await makeTgz([{ path: '../x/in.zip', content: await makeZip(evil) }])));
    expect(Object.keys(byPath(await collect(bundle)))).toEqual(['x/in.zip/etc/passwd', 'x/in.zip/abs/x', 'x/in.zip/Windows/x', 'x/in.zip/fine.log']);
  });

  it('does not follow symbolic or hard links in a tar, and names them in problems', async () => {
    const bundle = await openBundle(
      await tmp.write(
        'links.tgz',
        await makeTgz([
          { path: 'var/log/real.log', content: 'real' },
          { path: 'var/log/sym.log', type: 'symlink', linkname: '/etc/shadow' },
          { path: 'var/log/hard.log', type: 'link', linkname: 'var/log/real.log' },
          { path: 'var/log/after.log', content: 'after' },
        ]),
      ),
    );
    expect(byPath(await collect(bundle))).toEqual({ 'var/log/real.log': 'real', 'var/log/after.log': 'after' });
    expect(bundle.problems).toEqual([
      { path: 'var/log/sym.log', message: 'symbolic link not followed (-> /etc/shadow)' },
      { path: 'var/log/hard.log', message: 'hard link not followed (-> var/log/real.log)' },
    ]);
  });

  it('does not follow a symbolic link stored in a zip', async () => {
    const bundle = await openBundle(
      await tmp.write(
        'links.zip',
        await makeZip([
          { path: 'link', type: 'symlink', linkname: '/etc/passwd' },
          { path: 'a.log', content: 'A' },
        ]),
      ),
    );
    expect(byPath(await collect(bundle))).toEqual({ 'a.log': 'A' });
    expect(bundle.problems).toEqual([{ path: 'link', message: 'symbolic link not followed' }]);
  });
});
