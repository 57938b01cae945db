// The browser ingest's progress count (onBytesRead, the viewer's bar): never past the size of the dropped file,
// though zip.js reads a zip's central directory and each local header besides the members' data.
import { describe, expect, it } from 'vitest';
import { openBlob } from '../../web/src/ingest/index.js';
import { makeTgz, makeZip, noisy } from '../helpers/archives.js';

async function counted(name: string, bytes: Uint8Array): Promise<number> {
  let read = 0;
  const bundle = await openBlob(new File([new Uint8Array(bytes)], name), name, { onBytesRead: (n) => (read += n) });
  for await (const entry of bundle.entries) for await (const _ of entry.bytes);
  return read;
}

describe('browser ingest progress', () => {
  const files = [
    { path: 'var/log/waagent.log', content: noisy(300) },
    { path: 'var/log/syslog', content: noisy(200, 2) },
  ];

  it.each([
    ['bundle.zip', () => makeZip(files)],
    ['stored.zip', () => makeZip(files, { compress: false })],
    ['bundle.tgz', () => makeTgz(files)],
  ])('%s: counts its bytes up to its size, not past it', async (name, make) => {
    const bytes = await make();
    const read = await counted(name, bytes);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThanOrEqual(bytes.length);
  });
});
