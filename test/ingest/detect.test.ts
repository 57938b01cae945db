import { describe, expect, it } from 'vitest';
import { archiveKind, detectTop, nameHint, sniff } from '../../src/ingest/detect.js';
import { gzip, makeTar, makeTgz, makeZip } from '../helpers/archives.js';

describe('sniff', () => {
  it('knows gzip, zip, empty zip, tar and zeros by their bytes', async () => {
    expect(sniff(gzip('x'))).toBe('gzip');
    expect(sniff(await makeZip([{ path: 'a', content: 'A' }]))).toBe('zip');
    expect(sniff(await makeZip([]))).toBe('zip'); // PK\x05\x06
    expect(sniff(await makeTar([{ path: 'a', content: 'A' }]))).toBe('tar');
    expect(sniff(Buffer.alloc(1024))).toBe('zeros');
    expect(sniff(Buffer.alloc(0))).toBe('empty');
    expect(sniff(Buffer.from('2024-05-01T10:00:00.000000Z INFO Daemon hello\n'))).toBe('unknown');
  });

  it('knows an old tar without the ustar magic by its header checksum', async () => {
    const t = await makeTar([{ path: 'old.log', content: 'x' }]);
    t.fill(0, 257, 265); // drop magic + version
    let sum = 0;
    t.fill(0x20, 148, 156);
    for (let i = 0; i < 512; i++) sum += t[i]!;
    t.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    expect(sniff(t)).toBe('tar');
  });
});

describe('names and kinds', () => {
  it('reads the container a name suggests', () => {
    expect(nameHint('a.TGZ')).toBe('tgz');
    expect(nameHint('a.tar.gz')).toBe('tgz');
    expect(nameHint('a.tar')).toBe('tar');
    expect(nameHint('logs.zip')).toBe('zip');
    expect(nameHint('waagent.log-2024-05-01-1714521600.gz')).toBe('gz');
    expect(nameHint('waagent.log')).toBeNull();
  });

  it('takes zeros for an empty tar only when the name says tar', () => {
    expect(archiveKind('zeros', 'tar')).toBe('tar');
    expect(archiveKind('zeros', 'tgz')).toBe('tar');
    expect(archiveKind('zeros', null)).toBeNull(); // e.g. a sparse lastlog
    expect(archiveKind('tar', null)).toBe('tar');
    expect(archiveKind('unknown', 'zip')).toBeNull();
  });

  it('decides a whole input by magic first, name second', async () => {
    const tgz = await makeTgz([{ path: 'a', content: 'A' }]);
    expect(detectTop(tgz, 'bundle.tgz')).toBe('tgz');
    expect(detectTop(tgz, 'waagent.log.1.gz')).toBe('tgz'); // a gzip of a tar is a tgz whatever its name
    expect(detectTop(gzip('plain log\n'), 'waagent.log.1.gz')).toBe('file');
    expect(detectTop(gzip('plain log\n'), 'x.tgz')).toBe('file');
    expect(detectTop(await makeZip([]), 'logs.zip')).toBe('zip');
    expect(detectTop(await makeTar([]), 'empty.tar')).toBe('tar');
    expect(detectTop(await makeTgz([]), 'empty.tgz')).toBe('tgz');
    expect(detectTop(Buffer.from('hello'), 'x.log')).toBe('file');
    expect(detectTop(Buffer.alloc(0), 'x.log')).toBe('empty');
    expect(detectTop(await makeTgz([]), null)).toBe('tgz');
  });
});
