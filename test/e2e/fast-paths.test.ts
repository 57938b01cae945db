// The CLI reads Node Buffers, which open the byte-level fast paths: the waagent header read from bytes and the
// detectors' keyword check on bytes (`routine` events). Fed the same bundles as plain Uint8Arrays (the browser's
// chunks, the reference string paths), the engine must give the same report for every sample.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { openBundle } from '../../src/ingest/index.js';
import type { Entry } from '../../src/model.js';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');

async function* plain(entries: AsyncIterable<Entry>): AsyncGenerator<Entry> {
  for await (const entry of entries) {
    yield {
      ...entry,
      bytes: (async function* () {
        for await (const chunk of entry.bytes) yield new Uint8Array(chunk);
      })(),
    };
  }
}

async function report(sample: string, asBuffers: boolean) {
  const bundle = await openBundle(join(samples, sample));
  let buffers = 0;
  const entries = (async function* () {
    for await (const entry of bundle.entries) {
      yield {
        ...entry,
        bytes: (async function* () {
          for await (const chunk of entry.bytes) {
            if (Buffer.isBuffer(chunk)) buffers++;
            yield chunk;
          }
        })(),
      };
    }
  })();
  const r = await analyze({ name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: asBuffers ? entries : plain(entries), problems: bundle.problems });
  return { json: JSON.stringify(r), buffers };
}

describe('byte-level fast paths', () => {
  it.each(readdirSync(samples).filter((f) => /\.(tgz|zip)$/.test(f)))('%s: the same report from Buffers and from plain Uint8Arrays', async (sample) => {
    const fast = await report(sample, true);
    const reference = await report(sample, false);
    expect(fast.buffers).toBeGreaterThan(0);
    expect(fast.json).toBe(reference.json);
  });
});
