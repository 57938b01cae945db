// The browser's ingest (web/src/ingest, run here on Node's Blob and File) gives the engine the same
// entries and problems as the CLI's ingest (src/ingest), archive by archive, damaged ones included.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gzip, makeTar, makeTgz, makeZip, noisy } from '../helpers/archives.js';
import type { FixtureFile } from '../helpers/archives.js';
import { tempFiles } from '../ingest/collect.js';
import { bothIngests } from '../web/both-ingests.js';
import type { Seen as SeenOf } from '../web/both-ingests.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const samples = join(root, 'samples');
const tmp = tempFiles();

type Seen = SeenOf<[string, number, string | undefined, string]>;

const bothAsRead = bothIngests(tmp, (e, text): [string, number, string | undefined, string] => [e.path, e.size, e.mtime?.toISOString(), text]);

/**
 * Both ingests on the same bytes: what each gives, or the BundleError each throws. A zip inside the bundle is read in
 * stored order by the CLI and through its central directory by the browser, which knows the size of a member that
 * the CLI's stream cannot (a member written with a data descriptor: size 0 in its local header). The browser's size
 * is taken where the CLI has 0 for such a member; every other field must agree.
 */
async function both(...args: Parameters<typeof bothAsRead>): ReturnType<typeof bothAsRead> {
  const [cli, web] = await bothAsRead(...args);
  if (typeof cli === 'string' || typeof web === 'string') return [cli, web];
  const cliSize = new Map(cli.entries.map((e) => [e[0], e[1]]));
  const entries = web.entries.map((e): (typeof web.entries)[number] => (cliSize.get(e[0]) === 0 && e[1] > 0 && /\.zip\/./.test(e[0]) ? [e[0], 0, e[2], e[3]] : e));
  return [cli, { ...web, entries }];
}

async function mixed(): Promise<FixtureFile[]> {
  return [
    { path: 'var/log/waagent.log', content: noisy(300) },
    { path: 'var/log/waagent.log.1.gz', content: gzip(noisy(500, 3)) },
    { path: 'multi.log.gz', content: Buffer.concat([gzip('first member\n'), gzip('second member\n')]) },
    { path: './var/lib/waagent/history/2024-05-01.zip', content: await makeZip([{ path: 'GoalState.1.xml', content: '<x/>'.repeat(50) }], { streaming: true }) },
    { path: 'nested/inner.tgz', content: await makeTgz([{ path: 'x.log', content: noisy(40, 5) }, { path: 'deeper.zip', content: await makeZip([{ path: 'y.log', content: 'y\n' }]) }]) },
    { path: 'dir/', type: 'directory' },
    { path: '../../etc/escape.log', content: 'normalised\n' },
    { path: 'link.log', type: 'symlink', linkname: '/etc/passwd' },
    { path: 'd'.repeat(120) + '/long-name.log', content: 'long\n' },
    { path: 'empty.log', content: '' },
  ];
}

describe('browser ingest = CLI ingest', () => {
  for (const name of readdirSync(samples).sort()) {
    it(`sample ${name}`, async () => {
      const [cli, web] = await both(name, readFileSync(join(samples, name)));
      expect(web).toEqual(cli);
    });
  }

  it.each([
    ['bundle.tgz', async () => makeTgz(await mixed())],
    ['bundle.tar', async () => makeTar(await mixed())],
    ['bundle.zip', async () => makeZip((await mixed()).filter((f) => f.type !== 'directory'))],
    ['stored.zip', async () => makeZip((await mixed()).filter((f) => !f.type), { compress: false })],
    ['streaming.zip', async () => makeZip((await mixed()).filter((f) => !f.type), { streaming: true })],
    ['zip64.zip', async () => makeZip((await mixed()).filter((f) => !f.type), { zip64: true })],
    ['a gzip of a tar named .gz', async () => makeTgz([{ path: 'a.log', content: 'a\n' }])],
    ['waagent.log', async () => Buffer.from(noisy(100))],
    ['waagent.log.2.gz', async () => Buffer.concat([gzip('one\n'), gzip('two\n')])],
    ['empty.log', async () => Buffer.alloc(0)],
    ['empty.tgz', async () => makeTgz([])],
    ['empty.zip', async () => makeZip([])],
    ['not-gzip.tgz', async () => Buffer.from('plain text\n')],
    ['not-zip.zip', async () => Buffer.from('plain text\n')],
    ['syslog.1.gz', async () => Buffer.from('plain text named .gz\n')],
  ])('%s', async (name, make) => {
    const [cli, web] = await both(name, await make());
    expect(web).toEqual(cli);
  });

  // Cut archives differ only where the CLI's libraries give up earlier: zlib yields nothing from a few
  // bytes of a cut nested .tgz (the browser opens what there is), and unzipper drops a complete member
  // when a nested zip's central directory is cut. So: what the CLI reads whole, the browser reads the same.
  it('archives cut anywhere: what the CLI reads whole the browser reads the same; both report the damage', async () => {
    const files = (await mixed()).filter((f) => !f.type);
    const archives: [string, Buffer][] = [
      ['cut.tgz', await makeTgz(files)],
      ['cut.tar', await makeTar(files)],
      ['cut.zip', await makeZip(files)],
      ['cut-streaming.zip', await makeZip(files, { streaming: true })],
    ];
    let runs = 0;
    let same = 0;
    for (const [name, whole] of archives) {
      const step = Math.max(1, Math.floor(whole.length / 40));
      for (let cut = 0; cut <= whole.length; cut += step) {
        let [cli, web] = await both(name, whole.subarray(0, cut));
        const where = `${name} cut at ${cut}`;
        if (typeof cli === 'string' || typeof web === 'string') {
          expect(web, where).toEqual(cli);
          continue;
        }
        // A zip whose central directory is cut off is read in stored order, where fflate gives no modification time
        // (web/src/ingest/zip-salvage.ts): there the times are not compared.
        const salvaged = cli.problems.some((p) => p.message.includes('central directory unreadable'));
        const comparable = (s: Seen): Seen => (salvaged ? { ...s, entries: s.entries.map((e) => [e[0], e[1], undefined, e[3]]) } : s);
        [cli, web] = [comparable(cli), comparable(web)];
        const complete = (s: Seen) => new Map(s.entries.filter((e) => !e[3].startsWith('!')).map((e) => [e[0], e]));
        const webWhole = complete(web);
        for (const [path, entry] of complete(cli)) expect(webWhole.get(path), `${where}: ${path}`).toEqual(entry);
        expect(web.problems.length > 0, where).toBe(cli.problems.length > 0);
        if (JSON.stringify(web) === JSON.stringify(cli)) same++;
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(150);
    expect(same / runs).toBeGreaterThan(0.9); // and nearly always exactly the same
  });

  it('damaged members: a corrupt tar header, an encrypted zip member, garbage after a zip member', async () => {
    const tar = await makeTar([
      { path: 'a.log', content: 'A\n' },
      { path: 'b.log', content: 'B\n' },
    ]);
    tar[1024 + 10] = tar[1024 + 10]! ^ 0xff; // inside the second header
    const [cliTar, webTar] = await both('corrupt.tar', tar);
    expect(webTar).toEqual(cliTar);

    const zip = await makeZip([
      { path: 'secret.log', content: 'hidden' },
      { path: 'open.log', content: 'visible' },
    ]);
    const cdOffset = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt16LE(zip.readUInt16LE(6) | 1, 6);
    zip.writeUInt16LE(zip.readUInt16LE(cdOffset + 8) | 1, cdOffset + 8);
    const [cliZip, webZip] = await both('encrypted.zip', zip);
    expect(webZip).toEqual(cliZip);
  });

  it.each(['gnu', 'posix', 'ustar', 'v7'])('a tar written by GNU tar in %s format', async (format) => {
    const dir = join(tmp.dir(), `tree-${format}`);
    const deep = join(dir, 'var/log/azure', 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', '1.0.9225.0', 'x'.repeat(40));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'extension.log'), noisy(50)); // a path over 100 bytes: GNU long name or pax
    writeFileSync(join(dir, 'var/log/waagent.log'), noisy(20, 9));
    symlinkSync('waagent.log', join(dir, 'var/log/latest.log'));
    const out = join(tmp.dir(), `gnu-${format}.tar`);
    const r = spawnSync('tar', [`--format=${format}`, '--sort=name', '-cf', out, '-C', dir, 'var'], { encoding: 'utf8' });
    // v7 cannot store the long name: GNU tar leaves that file out and exits 2 (no magic, checksum only)
    expect(r.status, r.stderr).toBe(format === 'v7' ? 2 : 0);
    const [cli, web] = await both(`gnu-${format}.tar`, readFileSync(out));
    expect(web).toEqual(cli);
    const paths = typeof web === 'string' ? [] : web.entries.map((e) => e[0]);
    expect(paths).toContain('var/log/waagent.log');
    if (format !== 'v7') expect(paths).toContain(`var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/1.0.9225.0/${'x'.repeat(40)}/extension.log`);
  });

  it('a decompression bomb stops at the ratio limit', async () => {
    const bomb = gzip(Buffer.alloc(40 * 1024 * 1024), 9);
    const [cli, web] = await both('bomb.tgz', await makeTgz([{ path: 'zeros.log.gz', content: bomb }, { path: 'after.log', content: 'after\n' }]), { maxRatio: 100 });
    expect(web).toEqual(cli);
  });
});
