// Crafted bundles against the ingest (issue 11, points 5 and 7): every byte read counts against the limits (stored
// zip members, entries read twice), overlapping zip entries refused, nested bombs stopped by the whole bundle's
// ratio, names rewritten or colliding listed and kept apart, special tar members listed, a cut .tgz reported as
// cut, and a folder's file swapped for a link after the walk refused.
import { execFileSync } from 'node:child_process';
import { mkdir, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, DEFAULT_MAX_RATIO, LimitError, openBundle } from '../../src/ingest/index.js';
import { dirMembers, walkDir } from '../../src/ingest/dir.js';
import { BUNDLE_RATIO_FLOOR, Limits, NESTED_RATIO_FLOOR } from '../../src/ingest/limits.js';
import { leavesBundle } from '../../src/ingest/paths.js';
import { overlappingEntries, overlapPlan } from '../../src/ingest/shared/zip-overlap.js';
import { ingestOptions, UsageError } from '../../src/cli/options.js';
import { incompressible, makeTar, makeTgz, makeZip, noisy } from '../helpers/archives.js';
import { overlappingZip, rawTar } from '../hostile/generators/raw-archives.js';
import { byPath, collect, tempFiles } from './collect.js';

const MiB = 1024 * 1024;
const tmp = tempFiles();

const text = (n: number): Buffer => Buffer.from('2024-05-02T06:00:01Z INFO a log line of the member\n'.repeat(Math.ceil(n / 51)).slice(0, n));

describe('stored zip members count against --max-expanded-bytes', () => {
  const files = () => [0, 1, 2, 3].map((i) => ({ path: `stored-${i}.log`, content: text(100_000) }));

  it('in a zip on disk: the member that crosses the total throws, the rest is skipped with one problem', async () => {
    const bundle = await openBundle(await tmp.write('stored.zip', await makeZip(files(), { compress: false })), { maxExpandedBytes: 250_000 });
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['stored-0.log', 'stored-1.log', 'stored-2.log']);
    expect(entries[1]!.text).toHaveLength(100_000);
    expect(entries[2]!.error).toBeInstanceOf(LimitError);
    expect(bundle.problems).toEqual([{ path: 'stored.zip', message: 'bundle expands to more than 250000 bytes (limit --max-expanded-bytes); remaining entries skipped' }]);
  });

  it('in a zip stream (stdin) too', async () => {
    const bundle = await openBundle('-', { stdin: Readable.from([await makeZip(files(), { compress: false })]), maxExpandedBytes: 250_000 });
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['stored-0.log', 'stored-1.log', 'stored-2.log']);
    expect(entries[2]!.error).toBeInstanceOf(LimitError);
  });
});

describe('overlapping zip entries (the central directory points many entries at one member)', () => {
  it('finds every entry whose data starts inside an earlier one, whatever the order', () => {
    expect(overlappingEntries([])).toEqual([]);
    expect(overlappingEntries([{ offset: 0, compressed: 10 }, { offset: 40, compressed: 5 }, { offset: 75, compressed: 0 }])).toEqual([]);
    expect(overlappingEntries([{ offset: 0, compressed: 100 }, { offset: 0, compressed: 100 }, { offset: 0, compressed: 100 }])).toEqual([1, 2]);
    // local headers quoted inside the first member's data (the "better zip bomb")
    expect(overlappingEntries([{ offset: 60, compressed: 500 }, { offset: 0, compressed: 900 }, { offset: 30, compressed: 700 }])).toEqual([0, 2]);
    // the first by offset is read; the next after its end is read again
    expect(overlappingEntries([{ offset: 0, compressed: 10 }, { offset: 20, compressed: 10 }, { offset: 40, compressed: 10 }])).toEqual([1]);
    const plan = overlapPlan(Array.from({ length: 25 }, () => ({ offset: 0, compressed: 1 })));
    expect([plan.verdict(0), plan.verdict(1), plan.verdict(10), plan.verdict(11), plan.verdict(24)]).toEqual(['read', 'listed', 'listed', 'dropped', 'dropped']);
    expect(plan.summary).toBe('14 more zip entries overlap the data of other members (an overlapping zip bomb), not read');
  });

  it('reads the member once, lists the first ten others, counts the rest in one problem', async () => {
    const member = text(64 * 1024);
    const zip = overlappingZip({ entries: 30, member, name: 'var/log/copy-#.log' });
    const bundle = await openBundle(await tmp.write('overlap.zip', zip));
    const entries = await collect(bundle);
    expect(entries.map((e) => e.path)).toEqual(['var/log/copy-00000.log']);
    expect(entries[0]!.text).toBe(member.toString());
    expect(bundle.problems).toEqual([
      ...Array.from({ length: 10 }, (_, i) => ({
        path: `var/log/copy-${String(i + 1).padStart(5, '0')}.log`,
        message: 'zip entry overlaps the data of another member (an overlapping zip bomb), not read',
      })),
      { path: 'overlap.zip', message: '19 more zip entries overlap the data of other members (an overlapping zip bomb), not read' },
    ]);
  });

  it('an ordinary zip has none', async () => {
    const bundle = await openBundle(await tmp.write('plain.zip', await makeZip([{ path: 'a.log', content: 'a' }, { path: 'b.log', content: '' }, { path: 'c/', type: 'directory' }, { path: 'd.log', content: 'd' }])));
    expect(Object.keys(byPath(await collect(bundle)))).toEqual(['a.log', 'b.log', 'd.log']);
    expect(bundle.problems).toEqual([]);
  });
});

describe('the whole bundle ratio (--max-ratio over the nesting chain)', () => {
  it('is judged against the bundle size from BUNDLE_RATIO_FLOOR, and stops everything', () => {
    const limits = new Limits(Infinity, 1000);
    limits.inputBytes = 1000;
    limits.count(BUNDLE_RATIO_FLOOR - 1, 0, undefined); // 67,000:1, but under the floor
    expect(() => limits.count(1, 0, undefined)).toThrow(new LimitError('bundle expands to more than 1000 times its size (nested archives multiply; limit --max-ratio)'));
    expect(() => limits.count(1, 0, undefined)).toThrow(LimitError);
    expect(limits.skipMessage()).toBe('bundle expands to more than 1000 times its size (nested archives multiply; limit --max-ratio); remaining entries skipped');

    const big = new Limits(Infinity, DEFAULT_MAX_RATIO);
    big.inputBytes = 100 * MiB; // a real bundle: 100 MB expanding 50 times
    expect(() => big.count(5000 * MiB, 0, undefined)).not.toThrow();
    const unknown = new Limits(Infinity, 10); // no size known (a worker's limits): never judged
    expect(() => unknown.count(BUNDLE_RATIO_FLOOR * 2, 0, undefined)).not.toThrow();
  });

  it('stops a zip of zips of log text that no single stream gives away', async () => {
    // Each level is under the per-stream ratio; together they multiply past 1000 times the bundle's size.
    let inner = await makeZip([{ path: 'waagent.log', content: text(8 * MiB) }]);
    for (let level = 0; level < 2; level++) inner = await makeZip(Array.from({ length: 8 }, (_, i) => ({ path: `history/l${level}-${i}.zip`, content: inner })));
    const bundle = await openBundle(await tmp.write('nested-bomb.zip', inner));
    const entries = await collect(bundle);
    const read = entries.filter((e) => e.text !== undefined).length;
    expect(read).toBeLessThan(64 / 8 + 2); // about 64 MiB, not the 512 MiB it holds
    expect(entries.at(-1)!.error).toBeInstanceOf(LimitError);
    expect(bundle.problems).toEqual([
      { path: 'nested-bomb.zip', message: 'bundle expands to more than 1000 times its size (nested archives multiply; limit --max-ratio); remaining entries skipped' },
    ]);
  });

  it('stops a nested bomb beside a large bundle at its own share, and reads the rest of the bundle', async () => {
    // 1.5 MiB of incompressible data lets the whole bundle expand to 1.5 GB: without a judgement of the nested
    // archive against its own size (a few KB), the zip of zips would expand to all its 512 MiB.
    let bomb = await makeZip([{ path: 'waagent.log', content: text(8 * MiB) }]);
    for (let level = 0; level < 2; level++) bomb = await makeZip(Array.from({ length: 8 }, (_, i) => ({ path: `history/l${level}-${i}.zip`, content: bomb })));
    const filler = incompressible(1536 * 1024);
    const tgz = await makeTgz([
      { path: 'Windows/System32/winevt/Logs/System.evtx', content: filler },
      { path: 'var/lib/waagent/history/bomb.zip', content: bomb },
      { path: 'var/log/after.log', content: text(1000) },
    ]);
    const bundle = await openBundle(await tmp.write('beside.tgz', tgz));
    const entries = await collect(bundle);
    const fromBomb = entries.filter((e) => e.path.startsWith('var/lib/waagent/history/bomb.zip/'));
    expect(fromBomb.filter((e) => e.text !== undefined).length).toBeLessThan(NESTED_RATIO_FLOOR / (8 * MiB) + 2); // about 64 MiB, not 512
    expect(fromBomb.at(-1)!.error).toBeInstanceOf(LimitError);
    expect(entries.at(-1)).toMatchObject({ path: 'var/log/after.log', text: text(1000).toString() });
    expect(bundle.problems).toEqual([
      {
        path: 'var/lib/waagent/history/bomb.zip',
        message: 'nested archive expands to more than 1000 times its size (archives inside it multiply; limit --max-ratio); rest of the archive skipped',
      },
    ]);
  });

  it('judges each nested archive against its own size, every level within it, from NESTED_RATIO_FLOOR', () => {
    const limits = new Limits(Infinity, 1000);
    limits.inputBytes = 10 * 1024 * MiB; // a bundle allowed 10 TiB
    const outer = limits.open(10_000);
    const inner = limits.open(1_000_000); // its own share is 1 GB: the outer's 64 MiB stops it first
    limits.count(NESTED_RATIO_FLOOR - 1, 0, undefined); // 6,700 times its size, but under the floor
    const stop = new LimitError('nested archive expands to more than 1000 times its size (archives inside it multiply; limit --max-ratio)');
    expect(() => limits.count(1, 0, undefined)).toThrow(stop);
    expect(() => limits.count(1, 0, undefined)).toThrow(stop); // nothing more within it
    expect(inner!.stopped).toBeNull();
    limits.close(inner);
    limits.close(outer);
    expect(limits.exhausted).toBeNull(); // the bundle goes on
    expect(() => limits.count(100 * MiB, 0, undefined)).not.toThrow();
    // a real nested archive: a 2 MB logs.zip expanding 10 times
    const real = limits.open(2 * MiB);
    expect(() => limits.count(20 * MiB, 0, undefined)).not.toThrow();
    limits.close(real);
    expect(limits.open(0)).toBeUndefined(); // size unknown: not judged
    // a member a worker inflates reports later, against the archive it was in: only its own bytes count there
    const small = limits.open(10_000);
    const within = limits.openArchives();
    limits.close(small);
    limits.count(200 * MiB, 0, undefined); // the rest of the bundle
    expect(() => limits.count(MiB, 0, undefined, within)).not.toThrow();
    expect(small!.expanded).toBe(MiB);
  });

  it('lets an ordinary bundle through: a tgz of rotated .gz logs', async () => {
    const { gzip } = await import('../helpers/archives.js');
    const tgz = await makeTgz(Array.from({ length: 4 }, (_, i) => ({ path: `var/log/waagent.log.${i}.gz`, content: gzip(noisy(20_000, i)) })));
    const bundle = await openBundle(await tmp.write('ordinary.tgz', tgz));
    const entries = await collect(bundle);
    expect(entries.every((e) => e.text && !e.error)).toBe(true);
    expect(bundle.problems).toEqual([]);
  });
});

describe('member names rewritten to stay inside the bundle, and names that collide', () => {
  const names = ['../../../../etc/cron.d/evil.log', '/etc/passwd.log', '/var/log/waagent.log', 'C:\\Windows\\evil.log', '..\\..\\climb.log', 'var/log/../../../../outside.log', './var/log/./waagent.log', 'var/log/waagent.log', 'Logs\\WaAppAgent.log'];
  const files = () => names.map((path, i) => ({ path, content: `member ${i}\n` }));
  const expected = {
    entries: {
      'etc/cron.d/evil.log': 'member 0\n',
      'etc/passwd.log': 'member 1\n',
      'var/log/waagent.log': 'member 2\n',
      'Windows/evil.log': 'member 3\n',
      'climb.log': 'member 4\n',
      'outside.log': 'member 5\n',
      'duplicate-2/var/log/waagent.log': 'member 6\n',
      'duplicate-3/var/log/waagent.log': 'member 7\n',
      'Logs/WaAppAgent.log': 'member 8\n', // a Windows tool's separators: tidied silently
    },
    problems: [
      { path: 'etc/cron.d/evil.log', message: 'name "../../../../etc/cron.d/evil.log" rewritten to stay inside the bundle' },
      { path: 'etc/passwd.log', message: 'name "/etc/passwd.log" rewritten to stay inside the bundle' },
      { path: 'var/log/waagent.log', message: 'name "/var/log/waagent.log" rewritten to stay inside the bundle' },
      { path: 'Windows/evil.log', message: 'name "C:\\\\Windows\\\\evil.log" rewritten to stay inside the bundle' },
      { path: 'climb.log', message: 'name "..\\\\..\\\\climb.log" rewritten to stay inside the bundle' },
      { path: 'outside.log', message: 'name "var/log/../../../../outside.log" rewritten to stay inside the bundle' },
      { path: 'duplicate-2/var/log/waagent.log', message: 'member "./var/log/./waagent.log" has the same path as an earlier member (var/log/waagent.log): renamed to keep both' },
      { path: 'duplicate-3/var/log/waagent.log', message: 'member "var/log/waagent.log" has the same path as an earlier member (var/log/waagent.log): renamed to keep both' },
    ],
  };

  it('leavesBundle: absolute, drive, `..`; not `./` or `\\` separators', () => {
    expect(['/x', '\\x', 'C:\\x', 'c:x', '../x', 'a/../b', 'a\\..\\b'].map(leavesBundle)).toEqual([true, true, true, true, true, true, true]);
    expect(['x', './x', 'a//b', 'a\\b', 'a/..b', 'a/b..'].map(leavesBundle)).toEqual([false, false, false, false, false, false]);
  });

  it.each([
    ['tar', () => makeTar(files())],
    ['zip', () => makeZip(files())],
  ])('in a %s: each rewritten name is a problem, a collision is renamed and listed, nothing is lost', async (kind, make) => {
    const bundle = await openBundle(await tmp.write(`names.${kind}`, await make()));
    expect(byPath(await collect(bundle))).toEqual(expected.entries);
    expect(bundle.problems).toEqual(expected.problems);
  });

  it('inside a nested archive: renamed inside it, and a second archive of the same name kept apart', async () => {
    const inner = await makeZip([{ path: 'a.log', content: 'one' }, { path: './a.log', content: 'two' }]);
    const tgz = await makeTgz([{ path: 'h/x.zip', content: inner }, { path: 'h/./x.zip', content: inner }]);
    const bundle = await openBundle(await tmp.write('nested-names.tgz', tgz));
    expect(byPath(await collect(bundle))).toEqual({
      'h/x.zip/a.log': 'one',
      'h/x.zip/duplicate-2/a.log': 'two',
      'duplicate-2/h/x.zip/a.log': 'one',
      'duplicate-2/h/x.zip/duplicate-2/a.log': 'two',
    });
    expect(bundle.problems.map((p) => p.path)).toEqual(['h/x.zip/duplicate-2/a.log', 'duplicate-2/h/x.zip', 'duplicate-2/h/x.zip/duplicate-2/a.log']);
  });
});

describe('special tar members', () => {
  it('devices and FIFOs are listed as problems, as links are; the members around them are read', async () => {
    const tar = rawTar([
      { name: 'var/log/a.log', data: 'a\n' },
      { name: 'dev/console.log', type: 'char-device', devmajor: 5, devminor: 1 },
      { name: 'dev/sda.log', type: 'block-device', devmajor: 8 },
      { name: 'var/log/fifo.log', type: 'fifo' },
      { name: 'var/log/link.log', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'var/log/hard.log', type: 'hardlink', linkname: '/etc/passwd' },
      { name: 'var/log/z.log', data: 'z\n' },
    ]);
    const bundle = await openBundle(await tmp.write('special.tar', tar));
    expect(byPath(await collect(bundle))).toEqual({ 'var/log/a.log': 'a\n', 'var/log/z.log': 'z\n' });
    expect(bundle.problems).toEqual([
      { path: 'dev/console.log', message: 'character device not read (not a regular file)' },
      { path: 'dev/sda.log', message: 'block device not read (not a regular file)' },
      { path: 'var/log/fifo.log', message: 'FIFO not read (not a regular file)' },
      { path: 'var/log/link.log', message: 'symbolic link not followed (-> /etc/shadow)' },
      { path: 'var/log/hard.log', message: 'hard link not followed (-> /etc/passwd)' },
    ]);
  });
});

describe('special members whose name is no path', () => {
  it('are filed under the bundle, never under an empty path', async () => {
    const tar = rawTar([
      { name: '', type: 'symlink', linkname: '/etc/passwd' },
      { name: '..', type: 'hardlink', linkname: '/etc/shadow' },
      { name: '/', type: 'fifo' },
      { name: 'var/log/a.log', data: 'a\n' },
    ]);
    const bundle = await openBundle(await tmp.write('names.tar', tar));
    expect(byPath(await collect(bundle))).toEqual({ 'var/log/a.log': 'a\n' });
    expect(bundle.problems).toEqual([
      { path: 'names.tar', message: 'symbolic link not followed (-> /etc/passwd)' },
      { path: 'names.tar', message: 'hard link not followed (-> /etc/shadow)' },
      { path: 'names.tar', message: 'FIFO not read (not a regular file)' },
    ]);
  });
});

describe('a folder member that declares a size', () => {
  // tar-stream reads what follows such a folder as the next header and never ends its body: the reader must not wait.
  it.each([
    ['its size in data blocks after it', 'x'.repeat(1747)],
    ['nothing after it but the end blocks', undefined],
  ])('ends, with %s, and lists why the archive stopped', async (_, data) => {
    const tar = rawTar([
      { name: 'var/log/a.log', data: 'a\n' },
      { name: 'var/log/', type: 'directory', declaredSize: 1747, ...(data !== undefined ? { data } : {}) },
      { name: 'var/log/z.log', data: 'z\n' },
    ]);
    for (const [name, stdin] of [['folder.tar', undefined], ['-', Readable.from([tar])]] as const) {
      const bundle = await openBundle(stdin ? '-' : await tmp.write(name, tar), stdin ? { stdin } : {});
      const entries = byPath(await collect(bundle));
      expect(entries['var/log/a.log']).toBe('a\n');
      if (data !== undefined) expect(bundle.problems.map((p) => p.message).join(' ')).toMatch(/tar header|corrupt/i);
    }
  });
});

describe('a cut .tgz that starts with 1f 8b', () => {
  it('is reported as truncated, not as "not a gzip file", wherever it is cut; stdin too', async () => {
    const whole = await makeTgz([{ path: 'var/log/waagent.log', content: noisy(400, 1) }]);
    for (const cut of [2, 3, 9, 10, 11, 20, 60, 150, Math.floor(whole.length / 2)]) {
      const bytes = whole.subarray(0, cut);
      for (const open of [async () => openBundle(await tmp.write(`cut-${cut}.tgz`, bytes)), async () => openBundle('-', { stdin: Readable.from([bytes]) })]) {
        const bundle = await open();
        await collect(bundle);
        expect(bundle.problems.map((p) => p.message), `cut at ${cut}`).toEqual(['archive truncated: unexpected end of data']);
      }
    }
  });

  it('a whole gzip named .tgz that holds no tar is read as the gzipped file it is; a .tgz without 1f 8b is not a gzip', async () => {
    const { gzip } = await import('../helpers/archives.js');
    const bundle = await openBundle(await tmp.write('log.tgz', gzip(noisy(100, 2))));
    expect(byPath(await collect(bundle))).toEqual({ 'log.tgz': noisy(100, 2) });
    await expect(openBundle(await tmp.write('plain.tgz', 'plain text\n'))).rejects.toThrow(new BundleError('plain.tgz: not a gzip file (a .tgz/.tar.gz must start with the gzip bytes 1f 8b)'));
  });
});

describe('a folder whose file is swapped after the walk', () => {
  it('refuses a file swapped for a symbolic link (not followed), or for another file, and reads the rest', async () => {
    const root = join(tmp.dir(), 'swap');
    await mkdir(join(root, 'var/log'), { recursive: true });
    await mkdir(join(root, 'secret'), { recursive: true });
    await writeFile(join(root, 'secret/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    await writeFile(join(root, 'var/log/a.log'), 'a\n');
    await writeFile(join(root, 'var/log/b.log'), 'b\n');
    await writeFile(join(root, 'var/log/c.log'), 'c\n');
    const bundle = await openBundle(root);
    // after the walk: a.log becomes a link to the secret, b.log another file
    await unlink(join(root, 'var/log/a.log'));
    await symlink(join(root, 'secret/passwd'), join(root, 'var/log/a.log'));
    await writeFile(join(root, 'other'), 'other\n');
    await rename(join(root, 'other'), join(root, 'var/log/b.log'));
    const entries = await collect(bundle);
    expect(byPath(entries)).toEqual({ 'secret/passwd': 'root:x:0:0:root:/root:/bin/bash\n', 'var/log/c.log': 'c\n' });
    expect(bundle.problems).toEqual([
      { path: 'var/log/a.log', message: 'replaced by a symbolic link since the folder was read, not followed' },
      { path: 'var/log/b.log', message: 'replaced since the folder was read (another file, or a folder on its path swapped for a link), not read' },
    ]);
  });

  it('never waits on a FIFO swapped in for a file', async () => {
    const root = join(tmp.dir(), 'swap-fifo');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'a.log'), 'a\n');
    await writeFile(join(root, 'b.log'), 'b\n');
    const bundle = await openBundle(root);
    await unlink(join(root, 'a.log'));
    execFileSync('mkfifo', [join(root, 'a.log')]);
    expect(byPath(await collect(bundle))).toEqual({ 'b.log': 'b\n' });
    expect(bundle.problems).toEqual([{ path: 'a.log', message: 'replaced since the folder was read (no longer a regular file), not read' }]);
  });

  it('lists a FIFO (or any special file) in the folder as a problem, never opening it', async () => {
    const root = join(tmp.dir(), 'fifo');
    await mkdir(join(root, 'var/log'), { recursive: true });
    await writeFile(join(root, 'var/log/waagent.log'), 'w\n');
    execFileSync('mkfifo', [join(root, 'var/log/waagent.log.1')]);
    const bundle = await openBundle(root);
    expect(byPath(await collect(bundle))).toEqual({ 'var/log/waagent.log': 'w\n' });
    expect(bundle.problems).toEqual([{ path: 'var/log/waagent.log.1', message: 'FIFO not read (not a regular file)' }]);
  });

  it('refuses a folder on the path swapped for a link', async () => {
    const root = join(tmp.dir(), 'swap-dir');
    await mkdir(join(root, 'logs'), { recursive: true });
    await mkdir(join(root, 'elsewhere'), { recursive: true });
    await writeFile(join(root, 'logs/x.log'), 'x\n');
    await writeFile(join(root, 'elsewhere/x.log'), 'not from the walk\n');
    const items = (await walkDir(root)).filter((i) => i.rel === 'logs/x.log');
    await rename(join(root, 'logs'), join(root, 'logs-gone'));
    await symlink(join(root, 'elsewhere'), join(root, 'logs'));
    const members = [];
    for await (const m of dirMembers(items, () => undefined)) members.push({ name: m.name, type: m.type, message: m.message });
    expect(members).toEqual([{ name: 'logs/x.log', type: 'unreadable', message: 'replaced since the folder was read (another file, or a folder on its path swapped for a link), not read' }]);
  });
});

describe('--max-depth', () => {
  it('is read from the command line; 0 opens no nested archive', () => {
    expect(ingestOptions({ maxDepth: '2' })).toEqual({ maxDepth: 2 });
    expect(ingestOptions({ maxDepth: '0' })).toEqual({ maxDepth: 0 });
    expect(ingestOptions({})).toEqual({});
    expect(() => ingestOptions({ maxDepth: 'deep' })).toThrow(new UsageError('--max-depth deep: expected a number of nested archive levels (0 opens none)'));
    expect(() => ingestOptions({ maxDepth: '-1' })).toThrow(UsageError);
  });

  it('the problem names it', async () => {
    const level2 = await makeTgz([{ path: 'deep.log', content: 'no' }]);
    const file = await tmp.write('depth-option.tgz', await makeTgz([{ path: 'l1.zip', content: await makeZip([{ path: 'l2.tgz', content: level2 }]) }]));
    const bundle = await openBundle(file, ingestOptions({ maxDepth: '1' }));
    await collect(bundle);
    expect(bundle.problems).toEqual([{ path: 'l1.zip/l2.tgz', message: 'nested archive too deep, not opened (limit --max-depth 1)' }]);
  });
});
