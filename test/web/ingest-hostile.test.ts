// The browser's ingest (web/src/ingest, run here on Node's Blob and File) on the crafted bundles of issue 11 (points
// 5 and 7): the same entries and the same problem messages as the CLI's ingest, word for word.
import { describe, expect, it } from 'vitest';
import { detectTop } from '../../web/src/ingest/index.js';
import { gzip, makeTar, makeTgz, makeZip, noisy } from '../helpers/archives.js';
import { overlappingZip, rawTar } from '../hostile/generators/raw-archives.js';
import { tempFiles } from '../ingest/collect.js';
import { bothIngests } from './both-ingests.js';
import type { Limits, Seen as SeenOf } from './both-ingests.js';

const MiB = 1024 * 1024;
type Seen = SeenOf<[string, string]>;

/** The CLI's and the browser's reading of the same bytes (or the BundleError each throws). */
const both = bothIngests(tempFiles(), (e, text): [string, string] => [e.path, text]);

async function same(name: string, bytes: Uint8Array, opts: Limits = {}): Promise<Seen> {
  const [cli, web] = await both(name, bytes, opts);
  expect(web).toEqual(cli);
  if (typeof web === 'string') throw new Error(web);
  return web;
}

const text = (n: number): Buffer => Buffer.from('2024-05-02T06:00:01Z INFO a log line of the member\n'.repeat(Math.ceil(n / 51)).slice(0, n));

describe('browser ingest = CLI ingest on hostile bundles', () => {
  it('stored zip members count against the total', async () => {
    const files = [0, 1, 2, 3].map((i) => ({ path: `stored-${i}.log`, content: text(100_000) }));
    for (const streaming of [false, true]) {
      const seen = await same(`stored-${streaming}.zip`, await makeZip(files, { compress: false, streaming }), { maxExpandedBytes: 250_000 });
      expect(seen.entries.map((e) => e[0])).toEqual(['stored-0.log', 'stored-1.log', 'stored-2.log']);
      expect(seen.entries[2]![1]).toBe('!bundle expands to more than 250000 bytes (limit --max-expanded-bytes)');
    }
  });

  it('overlapping zip entries: the member read once, the others listed, then counted', async () => {
    const member = text(32 * 1024);
    const seen = await same('overlap.zip', overlappingZip({ entries: 14, member, name: 'var/log/copy-#.log' }));
    expect(seen.entries).toEqual([['var/log/copy-00000.log', member.toString()]]);
    expect(seen.problems).toHaveLength(11);
    expect(seen.problems[0]).toEqual({ path: 'var/log/copy-00001.log', message: 'zip entry overlaps the data of another member (an overlapping zip bomb), not read' });
    expect(seen.problems[10]).toEqual({ path: 'overlap.zip', message: '3 more zip entries overlap the data of other members (an overlapping zip bomb), not read' });
  });

  it('a nested zip bomb stops at the whole bundle ratio', async () => {
    let inner = await makeZip([{ path: 'waagent.log', content: text(8 * MiB) }]);
    for (let level = 0; level < 2; level++) inner = await makeZip(Array.from({ length: 8 }, (_, i) => ({ path: `history/l${level}-${i}.zip`, content: inner })));
    const seen = await same('nested-bomb.zip', inner);
    expect(seen.problems).toEqual([
      { path: 'nested-bomb.zip', message: 'bundle expands to more than 1000 times its size (nested archives multiply; limit --max-ratio); remaining entries skipped' },
    ]);
  });

  it.each(['tar', 'zip'])('names rewritten and colliding in a %s', async (kind) => {
    const names = ['../../etc/evil.log', '/var/log/waagent.log', 'C:\\x\\y.log', './var/log/waagent.log', 'var/log/waagent.log'];
    const files = names.map((path, i) => ({ path, content: `member ${i}\n` }));
    const seen = await same(`names.${kind}`, kind === 'tar' ? await makeTar(files) : await makeZip(files));
    expect(seen.entries.map((e) => e[0])).toEqual(['etc/evil.log', 'var/log/waagent.log', 'x/y.log', 'duplicate-2/var/log/waagent.log', 'duplicate-3/var/log/waagent.log']);
    expect(seen.problems.map((p) => p.path)).toEqual(['etc/evil.log', 'var/log/waagent.log', 'x/y.log', 'duplicate-2/var/log/waagent.log', 'duplicate-3/var/log/waagent.log']);
  });

  it('special tar members (devices, FIFO, links) are listed, in a tar and in a tgz', async () => {
    const tar = rawTar([
      { name: 'a.log', data: 'a\n' },
      { name: 'dev/console.log', type: 'char-device', devmajor: 5, devminor: 1 },
      { name: 'dev/sda.log', type: 'block-device', devmajor: 8 },
      { name: 'fifo.log', type: 'fifo' },
      { name: 'link.log', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'z.log', data: 'z\n' },
    ]);
    for (const [name, bytes] of [['special.tar', tar], ['special.tgz', gzip(tar)]] as const) {
      const seen = await same(name, bytes);
      expect(seen.entries.map((e) => e[0])).toEqual(['a.log', 'z.log']);
      expect(seen.problems.map((p) => p.message)).toEqual([
        'character device not read (not a regular file)',
        'block device not read (not a regular file)',
        'FIFO not read (not a regular file)',
        'symbolic link not followed (-> /etc/shadow)',
      ]);
    }
  });

  it('a .tgz cut anywhere after 1f 8b is truncated, not "not a gzip file"', async () => {
    const whole = await makeTgz([{ path: 'var/log/waagent.log', content: noisy(400, 1) }]);
    for (const cut of [2, 3, 9, 10, 11, 20, 60, 150, Math.floor(whole.length / 2)]) {
      const seen = await same(`cut-${cut}.tgz`, whole.subarray(0, cut));
      expect(seen.problems.map((p) => p.message), `cut at ${cut}`).toEqual(['archive truncated: unexpected end of data']);
    }
  });

  it('a .gz member cut anywhere (its header, its data, its trailer) is the same problem as in the CLI, the rest read', async () => {
    const member = gzip('2024-05-02T07:10:07Z ERROR one line\n'.repeat(50));
    for (const cut of [4, 7, 10, 15, 30, member.length - 8, member.length - 4, member.length - 1]) {
      const seen = await same(`member-cut-${cut}.tgz`, await makeTgz([{ path: 'var/log/a.log.gz', content: member.subarray(0, cut) }, { path: 'var/log/b.log', content: 'after\n' }]));
      expect(seen.entries.map(([path]) => path), `cut at ${cut}`).toContain('var/log/b.log');
      expect(seen.entries.find(([path]) => path === 'var/log/a.log.gz')?.[1] ?? '!', `cut at ${cut}`).toMatch(/^!gzip: unexpected end of file$|^$/);
    }
    // Two whole members are one whole file.
    const two = await same('two-members.tgz', await makeTgz([{ path: 'var/log/a.log.gz', content: Buffer.concat([member, member]) }]));
    expect(two.entries[0]![1]).toBe('2024-05-02T07:10:07Z ERROR one line\n'.repeat(100));
  });

  it('a gzip of plain text named .tgz is read as the file it is; detectTop as the CLI', async () => {
    const seen = await same('log.tgz', gzip('just a log line\n'));
    expect(seen.entries).toEqual([['log.tgz', 'just a log line\n']]);
    expect(detectTop(gzip('x\n'), 'x.tgz')).toBe('file');
    expect(detectTop(gzip('x\n').subarray(0, 12), 'x.tgz')).toBe('tgz');
    expect(detectTop(gzip('x\n').subarray(0, 12), 'x.log.gz')).toBe('file');
  });

  it('--max-depth: the same problem', async () => {
    const level2 = await makeTgz([{ path: 'deep.log', content: 'no' }]);
    const seen = await same('depth.tgz', await makeTgz([{ path: 'l1.zip', content: await makeZip([{ path: 'l2.tgz', content: level2 }]) }]), { maxDepth: 1 });
    expect(seen.problems).toEqual([{ path: 'l1.zip/l2.tgz', message: 'nested archive too deep, not opened (limit --max-depth 1)' }]);
  });
});
