// The browser's native gzip path (web/src/ingest/native-gunzip.ts) against fflate, its reference. Node's own
// DecompressionStream reads every gzip member; Chromium's refuses what follows the first ("Junk found after end of
// compressed data"), so a stand-in that does the same runs here: whatever the native decoder refuses, the browser
// ingest must give the entries, problems and errors that fflate alone gives.
import { Gunzip } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBlob } from '../../web/src/ingest/index.js';
import { HOLD_GZIP_UP_TO } from '../../web/src/ingest/codec.js';
import { gzip, makeTar, makeTgz, noisy } from '../helpers/archives.js';

const native = globalThis.DecompressionStream;
let made = 0;
let refused = 0;

/** Chromium's behaviour: the first gzip member's bytes, then an error at the next member's header. */
class FirstMemberOnly extends TransformStream<Uint8Array, Uint8Array> {
  constructor(format: string) {
    if (format !== 'gzip') throw new TypeError(`unexpected format ${format}`);
    made++;
    let inflater: Gunzip;
    super({
      start(controller) {
        inflater = new Gunzip((chunk) => controller.enqueue(chunk));
        inflater.onmember = () => {
          refused++;
          throw new TypeError('Junk found after end of compressed data.');
        };
      },
      transform(chunk) {
        inflater.push(chunk);
      },
      flush() {
        inflater.push(new Uint8Array(0), true);
      },
    });
  }
}

function useDecoder(decoder: typeof DecompressionStream | undefined): void {
  Object.defineProperty(globalThis, 'DecompressionStream', { value: decoder, configurable: true, writable: true });
}

/** Each entry's path and text (or `!` and the error reading it threw), and the problems, or the error opening threw. */
async function read(name: string, bytes: Uint8Array): Promise<unknown> {
  try {
    const bundle = await openBlob(new File([new Uint8Array(bytes)], name), name);
    const entries: [string, string][] = [];
    for await (const e of bundle.entries) {
      try {
        const parts: Uint8Array[] = [];
        for await (const c of e.bytes) parts.push(c);
        entries.push([e.path, Buffer.concat(parts).toString('utf8')]);
      } catch (error) {
        entries.push([e.path, `!${(error as Error).message}`]);
      }
    }
    return { entries, problems: bundle.problems };
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

/** What the stand-in native decoder gives, and what fflate alone gives (no DecompressionStream at all). */
async function nativeAndReference(name: string, bytes: Uint8Array): Promise<[unknown, unknown]> {
  useDecoder(FirstMemberOnly as unknown as typeof DecompressionStream);
  const viaNative = await read(name, bytes);
  useDecoder(undefined);
  const reference = await read(name, bytes);
  return [viaNative, reference];
}

describe('native gunzip with fflate behind it', () => {
  beforeEach(() => {
    made = 0;
    refused = 0;
  });
  afterEach(() => useDecoder(native));

  it('reads a multi-member rotated log inside a bundle, and single-member ones', async () => {
    const bundle = await makeTgz([
      { path: 'var/log/waagent.log.1.gz', content: gzip(noisy(400, 2)) },
      { path: 'var/log/syslog.2.gz', content: Buffer.concat([gzip(noisy(300, 3)), gzip(noisy(200, 4)), gzip('last member\n')]) },
      { path: 'var/log/waagent.log', content: noisy(100, 5) },
    ]);
    const [viaNative, reference] = await nativeAndReference('bundle.tgz', bundle);
    expect(made).toBeGreaterThanOrEqual(3); // the File and both members went the native way
    expect(refused).toBe(1); // the second member of syslog.2.gz: fflate read it again
    expect(viaNative).toEqual(reference);
    expect(JSON.stringify(viaNative)).toContain('last member');
  });

  it('reads the dropped File again when the bundle itself is gzip in several members', async () => {
    const tar = await makeTar([
      { path: 'var/log/waagent.log', content: noisy(2000, 6) },
      { path: 'var/log/syslog', content: noisy(2000, 7) },
    ]);
    const cut = 70_001; // mid-member: the second gzip member starts inside the tar's first file
    const bundle = Buffer.concat([gzip(tar.subarray(0, cut)), gzip(tar.subarray(cut))]);
    const [viaNative, reference] = await nativeAndReference('bundle.tgz', bundle);
    expect([made, refused]).toEqual([1, 1]);
    expect(viaNative).toEqual(reference);
    expect((viaNative as { entries: unknown[] }).entries).toHaveLength(2);
  });

  it('gives fflate\'s error for a member cut short or damaged, after the same bytes', async () => {
    const whole = gzip(noisy(500, 8));
    const damaged = Buffer.from(whole);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    const bundle = await makeTgz([
      { path: 'cut.log.gz', content: whole.subarray(0, whole.length - 100) },
      { path: 'damaged.log.gz', content: damaged },
      { path: 'after.log', content: 'still read\n' },
    ]);
    const [viaNative, reference] = await nativeAndReference('bundle.tgz', bundle);
    expect(viaNative).toEqual(reference);
    expect(JSON.stringify(viaNative)).toContain('gzip: unexpected end of file');
    // A cut File: the reference's error too.
    const file = await makeTgz([{ path: 'a.log', content: noisy(300, 9) }]);
    const [cutNative, cutReference] = await nativeAndReference('cut.tgz', file.subarray(0, file.length - 50));
    expect(cutNative).toEqual(cutReference);
  });

  it('streams a member too large to hold through fflate, never natively', async () => {
    // Random bytes do not compress: the gzip member is larger than what is held whole.
    const random = new Uint8Array(HOLD_GZIP_UP_TO + 4096);
    for (let i = 0; i < random.length; i += 65536) crypto.getRandomValues(random.subarray(i, i + 65536));
    const bundle = await makeTar([{ path: 'big.bin.gz', content: gzip(random, 1) }]);
    const [viaNative, reference] = await nativeAndReference('bundle.tar', bundle);
    expect(made).toBe(0);
    expect(viaNative).toEqual(reference);
  });
});
