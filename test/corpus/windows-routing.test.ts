// The real Windows samples of ../shared/corpus (EVTX files and event exports, read in place) give the same report
// whether detectors get the Windows records they declare (DetectorMeta.windowsEvents) or every record, as before.
// Skipped when the corpus is not beside the project.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredRouting, everyRecord, reportWith } from '../helpers/record-routing.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus');
const folders = ['evtx', 'event-exports'].map((f) => join(corpus, f)).filter((f) => existsSync(f));
const samples = folders.flatMap((folder) => readdirSync(folder).filter((n) => /\.(evtx|xml|csv|json|txt)$/i.test(n)).map((n) => join(folder, n)));

describe.skipIf(samples.length === 0)('Windows record routing on the corpus', () => {
  it.each(samples.map((p) => [p.slice(corpus.length + 1), p]))('%s', async (_, path) => {
    expect(await reportWith(path, declaredRouting)).toBe(await reportWith(path, everyRecord));
  });
});
