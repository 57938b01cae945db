// Hostile archives: decompression bombs (a gzip member, a nested zip of log text, a zip whose entries all read one
// stored member, tar headers declaring huge sizes), archives cut at every layer, member names that climb out of the
// bundle or collide, and members that are links, devices or FIFOs.
import { gzip, makeTar, makeTgz, makeZip, noisy, type FixtureFile } from '../../helpers/archives.js';
import { overlappingZip, rawTar } from './raw-archives.js';
import { BEST, gzipRepeated, MiB } from './streams.js';

export const HEALTHY_LINE = '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Wire server endpoint:168.63.129.16\n';

/** Members around a hostile one: a log before and after it, so that "the rest is still read" can be checked. */
export function around(hostile: FixtureFile[]): FixtureFile[] {
  return [{ path: 'var/log/before/waagent.log', content: HEALTHY_LINE.repeat(20) }, ...hostile, { path: 'var/log/zz-after.log', content: '2024-05-02T06:00:02Z INFO after the hostile member\n' }];
}

/** A gzipped member of `size` zero bytes (about 1000:1). */
export async function gzipBomb(size = 64 * MiB): Promise<Buffer> {
  return gzipRepeated(size, Buffer.alloc(64 * 1024), { level: BEST });
}

/** A gzipped member of `size` bytes of one log line repeated (several hundred to one). */
export async function logTextBomb(size = 256 * MiB): Promise<Buffer> {
  return gzipRepeated(size, HEALTHY_LINE, { level: BEST });
}

/**
 * Zips of zips of log text: the innermost holds `text` bytes of one repeated log line, each level `fan` copies of
 * the level below (deflated: the copies compress to almost nothing). Expands to text × fan^levels.
 */
export async function nestedZipBomb(opts: { text?: number; fan?: number; levels?: number } = {}): Promise<Buffer> {
  const text = opts.text ?? 8 * MiB;
  const fan = opts.fan ?? 8;
  const levels = opts.levels ?? 2;
  let inner = await makeZip([{ path: 'var/log/waagent.log', content: HEALTHY_LINE.repeat(Math.ceil(text / HEALTHY_LINE.length)) }]);
  for (let l = 0; l < levels; l++) {
    inner = await makeZip(Array.from({ length: fan }, (_, i) => ({ path: `history/level${l}-${i}.zip`, content: inner })));
  }
  return inner;
}

/** A zip of `entries` central-directory entries that all point at one stored member of `memberSize` bytes of log text. */
export function overlapBomb(entries = 2000, memberSize = 1 * MiB): Buffer {
  const member = Buffer.from(HEALTHY_LINE.repeat(Math.ceil(memberSize / HEALTHY_LINE.length)).slice(0, memberSize));
  return overlappingZip({ entries, member, name: 'var/log/copy-#.log' });
}

/** Tar members whose headers declare huge sizes (octal and base-256) over a few bytes of data. */
export function hugeDeclaredTar(): Buffer {
  return rawTar(
    [
      { name: 'var/log/before.log', data: HEALTHY_LINE.repeat(10) },
      { name: 'var/log/huge-octal.log', data: HEALTHY_LINE, declaredSize: 0o77777777777, noPad: true },
    ],
    false,
  );
}

export function hugeBase256Tar(): Buffer {
  return rawTar([{ name: 'var/log/before.log', data: HEALTHY_LINE.repeat(10) }, { name: 'var/log/huge-256.log', data: HEALTHY_LINE, declaredSize: 2 ** 50, base256: true, noPad: true }], false);
}

/** The layers one bundle can be cut in: the outer tgz, a tar member, a nested zip, a rotated .gz log. */
export async function layeredFiles(): Promise<FixtureFile[]> {
  return [
    { path: 'var/log/waagent.log', content: noisy(400, 1) },
    { path: 'var/log/waagent.log.1.gz', content: gzip(noisy(600, 2)) },
    { path: 'var/lib/waagent/history/2024-05-01.zip', content: await makeZip([{ path: 'GoalState.1.xml', content: '<GoalState><Incarnation>1</Incarnation></GoalState>' }, { path: 'waagent.log', content: noisy(300, 3) }]) },
    { path: 'nested/inner.tgz', content: await makeTgz([{ path: 'x.log', content: noisy(300, 4) }]) },
  ];
}

/** Bytes of a tgz with `cutMember` (a .gz or .zip member) cut to `keep` of its bytes. */
export async function tgzWithCutMember(cutMember: string, keep: number): Promise<Buffer> {
  const files = await layeredFiles();
  return makeTgz(
    files.map((f) => (f.path === cutMember ? { ...f, content: (f.content as Uint8Array).subarray(0, Math.max(1, Math.floor((f.content as Uint8Array).length * keep))) } : f)),
  );
}

/** Member names that climb out of the bundle, are absolute, carry a drive, or collide once made safe. */
export const TRAVERSAL_NAMES = [
  '../../../../etc/cron.d/evil.log',
  '/etc/passwd.log',
  '/var/log/waagent.log',
  'C:\\Windows\\System32\\evil.log',
  '..\\..\\windows-climb.log',
  'var/log/../../../../outside.log',
  './var/log/./waagent.log',
  'var/log/waagent.log',
];

export function traversalFiles(): FixtureFile[] {
  return TRAVERSAL_NAMES.map((path, i) => ({ path, content: `2024-05-02T06:00:0${i}Z ERROR member ${i} named ${JSON.stringify(path)}\n` }));
}

/** A tar holding a symlink, hard links (in and out of the bundle), character and block devices and a FIFO. */
export function specialTar(): Buffer {
  return rawTar([
    { name: 'var/log/waagent.log', data: HEALTHY_LINE.repeat(5) },
    { name: 'var/log/shadow-link.log', type: 'symlink', linkname: '/etc/shadow' },
    { name: 'var/log/hard-in.log', type: 'hardlink', linkname: 'var/log/waagent.log' },
    { name: 'var/log/hard-out.log', type: 'hardlink', linkname: '/etc/passwd' },
    { name: 'dev/console.log', type: 'char-device', devmajor: 5, devminor: 1 },
    { name: 'dev/sda.log', type: 'block-device', devmajor: 8, devminor: 0 },
    { name: 'var/log/fifo.log', type: 'fifo' },
    { name: 'var/log/zz-after.log', data: '2024-05-02T06:00:02Z INFO after the special members\n' },
  ]);
}

/** The same as a zip: a symlink member (zip has no devices). */
export async function specialZip(): Promise<Buffer> {
  return makeZip([
    { path: 'var/log/waagent.log', content: HEALTHY_LINE.repeat(5) },
    { path: 'var/log/shadow-link.log', type: 'symlink', linkname: '/etc/shadow' },
    { path: 'var/log/zz-after.log', content: '2024-05-02T06:00:02Z INFO after\n' },
  ]);
}

export { makeTar, makeTgz, makeZip, gzip };
