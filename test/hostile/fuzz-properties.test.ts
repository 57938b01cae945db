// Property-based tests (fast-check) beside the fuzz run: the engine never throws on any bytes, whatever parser reads
// them; the EVTX reader itself never throws on a damaged file (checksums made right so that the damage is read);
// a bundle of any bytes is read or refused, never thrown on, by either ingest; and neither ingest names a path
// outside the bundle, whatever the member names. Fixed seeds: npm test runs the same cases every time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evtxSeeds } from '../../scripts/fuzz/corpus.js';
import { execute } from '../../scripts/fuzz/execute.js';
import { fixEvtxChecksums } from '../../scripts/fuzz/mutate.js';
import type { ArchiveInput, EntryInput } from '../../scripts/fuzz/types.js';
import { BundleError, openBundle } from '../../src/ingest/index.js';
import type { Entry, Problem } from '../../src/model.js';
import { readEvtxBytes, renderRecordXml } from '../../src/parsers/evtx/index.js';
import { parsers } from '../../src/parsers/index.js';
import { openBlob } from '../../web/src/ingest/index.js';
import { makeTar, makeTgz, makeZip } from '../helpers/archives.js';
import { insideBundle } from './harness/checks.js';

const SEED = 11;
const enc = new TextEncoder();

/** Text made of what logs, event exports and state files are made of, in any order. */
const FRAGMENTS = [
  '2024-05-02T06:00:01.178802Z', '2024/05/02 06:00:01', 'May  2 06:00:01', '[2024-05-02 06:00:01,123]', '1714629601', ' INFO ', ' ERROR ', ' WARNING ', 'ExtHandler',
  'Daemon', '[Microsoft.Azure.Extensions.CustomScript-2.1.10]', 'Traceback (most recent call last):', '  File "x.py", line 1', 'Event:', '\n', '\r\n', '\r', '\t', ' ', '"', "'",
  ',', ';', ':', '=', '{', '}', '[', ']', '<', '>', '/>', '</', '<Event>', '</Event>', '<Data Name="x">', '<![CDATA[', ']]>', '&amp;', '&#0;', '<!DOCTYPE a [<!ENTITY e "x">]>', '&e;',
  'Level,Date and Time,Source,Event ID,Task Category', 'Log Name:', 'Source:', 'Event ID:', 'Description:', '"Id":', '"TimeCreated":"\\/Date(1718075400000)\\/"', 'null', '-1',
  '99999999999999999999', '\u0000', '\u001b[31m', '\uFEFF', 'é', '中', '\u202e', '\ud83d\ude00',
];
const textish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 }).map((parts) => enc.encode(parts.join('')));
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ unit: 'binary', maxLength: 400 }).map((s) => enc.encode(s)), textish);

describe('fuzz properties', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'logscan-fuzz-prop-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the engine never throws on any bytes, whether the router picks the parser or each parser is made to read them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...parsers.map((p) => p.id)), anyBytes, fc.constantFrom('routed', 'direct' as const), fc.integer({ min: 1, max: 4096 }), async (parserId, bytes, mode, chunk) => {
        const input: EntryInput = {
          kind: 'entry', n: 0, target: `parser:${parserId}`, index: 0, mutations: [], parserId, path: 'var/log/fuzz.log', mode,
          chunks: Array.from({ length: Math.ceil(bytes.length / chunk) }, () => chunk), bytes,
        };
        const outcome = await execute(input, tmp, { render: false });
        expect(outcome.crash?.stack).toBeUndefined();
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);

  it('the EVTX reader never throws on a damaged file, nor does rendering a record of it', () => {
    const seeds = evtxSeeds().slice(0, 3).map((s) => s.bytes);
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds.keys()),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }),
        fc.boolean(),
        (which, edits, fix) => {
          const bytes = seeds[which]!.slice();
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          if (fix) fixEvtxChecksums(bytes);
          const ids: number[] = [];
          readEvtxBytes(bytes, { record: (r) => void (ids.length < 3 && ids.push(r.id)), problem: () => undefined });
          for (const id of ids) renderRecordXml(bytes, id);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  }, 120_000);

  it('a bundle of any bytes is read or refused by both ingests, never thrown on', async () => {
    const MAGIC = { 'bundle.tgz': [0x1f, 0x8b, 0x08], 'logs.zip': [0x50, 0x4b, 0x03, 0x04], 'bundle.tar': [] as number[], 'waagent.log.1.gz': [0x1f, 0x8b, 0x08, 0x00] };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(MAGIC) as (keyof typeof MAGIC)[])), fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('node', 'web' as const), fc.constantFrom('file', 'stdin' as const), async (name, rest, ingest, via) => {
        const bytes = new Uint8Array([...MAGIC[name], ...rest]);
        const input: ArchiveInput = { kind: 'archive', n: 0, target: `ingest-${ingest}`, index: 0, mutations: [], name, ingest, via, bytes };
        const outcome = await execute(input, tmp, { render: false });
        expect(outcome.crash?.stack).toBeUndefined();
      }),
      { seed: SEED, numRuns: 80 },
    );
  }, 120_000);

  // Member names made of the pieces that climb out (`..`, `/`, `\\`, drives) and of ordinary ones.
  const segment = fc.constantFrom('..', '.', '', 'a', 'var', 'log', 'x.log', 'C:', 'c:', 'C:C:', '~', ' ', '\u202e', 'é', 'waagent.log');
  const memberName = fc
    .tuple(fc.constantFrom('', '/', '//', 'C:', 'C:\\', '\\\\', './'), fc.array(segment, { minLength: 1, maxLength: 6 }), fc.constantFrom('/', '\\'))
    .map(([prefix, segs, sep]) => prefix + segs.join(sep));
  let bundles = 0;

  /** What both ingests make of a bundle of members named `names`: the entries' paths and the problems. */
  async function ingestNames(names: string[], kind: 'tar' | 'tgz' | 'zip'): Promise<{ bundleName: string; node: { entries: string[]; problems: Problem[] }; web: { entries: string[]; problems: Problem[] } } | undefined> {
    const files = names.map((path, i) => ({ path, content: `2024-05-02T06:00:0${i}Z ERROR member ${i}\n` }));
    let bytes: Buffer;
    try {
      bytes = kind === 'tar' ? await makeTar(files) : kind === 'tgz' ? await makeTgz(files) : await makeZip(files);
    } catch {
      return undefined; // a name the writer cannot store
    }
    const bundleName = `names.${kind}`;
    const path = join(tmp, `${bundles++}-${bundleName}`);
    writeFileSync(path, bytes);
    const paths = async (entries: AsyncIterable<Entry>): Promise<string[]> => {
      const out: string[] = [];
      for await (const e of entries) out.push(e.path);
      return out;
    };
    const node = await openBundle(path);
    const nodeSeen = { entries: await paths(node.entries), problems: node.problems };
    let webSeen = { entries: [] as string[], problems: [] as Problem[] };
    try {
      const web = await openBlob(new File([new Uint8Array(bytes)], bundleName), bundleName);
      webSeen = { entries: await paths(web.entries), problems: web.problems };
    } catch (e) {
      if (!(e instanceof BundleError)) throw e;
    }
    return { bundleName, node: nodeSeen, web: webSeen };
  }

  it('neither ingest gives an entry a path outside the bundle, whatever the member names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(memberName, { minLength: 1, maxLength: 5 }), fc.constantFrom('tar', 'tgz', 'zip' as const), async (names, kind) => {
        const seen = await ingestNames(names, kind);
        if (!seen) return;
        const outside = (entries: string[]): string[] => entries.filter((p) => !insideBundle(p));
        expect({ names, node: outside(seen.node.entries), web: outside(seen.web.entries) }).toEqual({ names, node: [], web: [] });
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);

  it('neither ingest files a problem under a path outside the bundle, whatever the member names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(memberName, { minLength: 1, maxLength: 5 }), fc.constantFrom('tar', 'tgz', 'zip' as const), async (names, kind) => {
        const seen = await ingestNames(names, kind);
        if (!seen) return;
        const outside = (problems: Problem[]): string[] => problems.filter((p) => !insideBundle(p.path, seen.bundleName)).map((p) => p.path);
        expect({ names, node: outside(seen.node.problems), web: outside(seen.web.problems) }).toEqual({ names, node: [], web: [] });
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);
});
