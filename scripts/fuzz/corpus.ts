// The fuzz targets and their valid seed inputs, all from the project itself:
// - one target per parser (src/parsers/index.ts), seeded with the parser's own samples, every fixture file under
//   test/fixtures/ and every member of samples/*.tgz|zip that the real router gives to it, and generated files (the
//   test EVTX writer's records of every value type, the hostile EVTX and export generators at small sizes);
// - one target per archive format and ingest (the CLI's src/ingest and the browser's web/src/ingest), seeded with
//   the fixture bundles (test/fixtures/bundles/, built as make-samples builds them), the hostile generators' bundles
//   (layers, traversal names, payloads, planted secrets, special members) and the raw sample archives.
// Input `index` of a target is a pure function of (seed, target, index): `generate` below.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { openBundle } from '../../src/ingest/index.js';
import type { Entry } from '../../src/model.js';
import { openEntry } from '../../src/entry-reader.js';
import { parsers, router } from '../../src/parsers/index.js';
import type { AnyParser } from '../../src/parsers/types.js';
import { gzip, makeTar, makeTgz, makeZip, type FixtureFile } from '../../test/helpers/archives.js';
import { writeEvtx, type EvtxEventSpec } from '../../test/helpers/evtx-writer.js';
import { filesOf } from '../make-samples.js';
import { craftedFile, nestedArrays, nestedSelf, siblingsOnOneArray } from '../../test/parsers/evtx/crafted.js';
import { hugeDeclaredTar, layeredFiles, overlapBomb, specialTar, specialZip, traversalFiles, TRAVERSAL_NAMES } from '../../test/hostile/generators/archives.js';
import { corruptChunks } from '../../test/hostile/generators/evtx.js';
import * as P from '../../test/hostile/generators/parsers.js';
import { payloadFiles, PAYLOAD_NAMES } from '../../test/hostile/generators/payloads.js';
import { Rng } from '../../test/hostile/generators/rng.js';
import { plantedSecrets, secretFiles } from '../../test/hostile/generators/secrets.js';
import { byteMutators, evtxMutators, fixEvtxChecksums, mutate, tarMutators, textMutators, zipMutators, type ByteMutator, type Bytes } from './mutate.js';
import type { ArchiveInput, EntryInput, FuzzInput } from './types.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Seeds larger than this are left out (the fuzzer wants many small inputs). */
const MAX_SEED = 512 * 1024;

export interface Seed {
  path: string;
  bytes: Bytes;
  /** Where it came from (a sample, a fixture file, a generator). */
  from: string;
}

export interface EntryTarget {
  kind: 'entry';
  name: string;
  parser: AnyParser;
  seeds: Seed[];
}

export type ArchiveFormat = 'tgz' | 'tar' | 'zip' | 'zip-streamed' | 'gz';

export interface ArchiveTarget {
  kind: 'archive';
  name: string;
  ingest: 'node' | 'web';
  format: ArchiveFormat;
  /** Member lists, encoded (and mutated) at generation time. */
  bundles: { name: string; files: FixtureFile[] }[];
  /** Archives as bytes (the samples, hand-made raw archives), mutated as bytes. */
  raw: Seed[];
}

export type Target = EntryTarget | ArchiveTarget;

const enc = new TextEncoder();
const bytesOf = (c: string | Uint8Array | undefined): Bytes => (c === undefined ? new Uint8Array(0) : typeof c === 'string' ? enc.encode(c) : new Uint8Array(c));

/** EVTX files written by the test writer: every value type, UserData, nested Binary XML, several chunks. */
export function evtxSeeds(): Seed[] {
  const t = new Date('2024-05-01T10:00:00Z');
  const sys = (eventId: number, level = 2): EvtxEventSpec['system'] => ({ provider: 'Fuzz-Provider', eventId, level, channel: 'Application', computer: 'FUZZVM', processId: 4, threadId: 8 });
  const values: EvtxEventSpec = {
    time: t,
    system: { ...sys(1000), guid: '{12345678-1234-1234-1234-123456789abc}', qualifiers: 0, keywords: '0x80000000000000', userId: 'S-1-5-18' },
    data: {
      s: 'text',
      n: 42,
      r: -1.5,
      i8: { t: 'int8', v: -8 },
      u16: { t: 'uint16', v: 65535 },
      i64: { t: 'int64', v: -9007199254740991n },
      b: { t: 'bool', v: true },
      bin: { t: 'binary', v: new Uint8Array([1, 2, 3, 255]) },
      g: { t: 'guid', v: '{12345678-1234-1234-1234-123456789abc}' },
      ft: { t: 'filetime', v: t },
      st: { t: 'systemtime', v: t },
      sid: { t: 'sid', v: 'S-1-5-21-1-2-3-500' },
      h32: { t: 'hexint32', v: 0xdeadbeef },
      h64: { t: 'hexint64', v: 0xdeadbeefn },
      arr: { t: 'string[]', v: ['a', 'b', 'c'] },
      u32s: { t: 'uint32[]', v: [1, 2, 3] },
      nul: null,
      ansi: { t: 'ansi', v: 'ansi text' },
    },
  };
  const user: EvtxEventSpec = { time: t, system: sys(7031), userData: { name: 'EventXML', xmlns: 'Event_NS', values: { Param1: 'svc', Param2: 3 }, nested: 'template' } };
  const plain: EvtxEventSpec = { time: t, system: sys(8193), userData: { name: 'Operation', values: { A: 'x' }, nested: 'plain' } };
  const markup: EvtxEventSpec = {
    time: t,
    system: sys(1),
    content: { el: 'EventData', children: [{ el: 'Data', attrs: { Name: 'x' }, children: ['a', { entity: 'amp' }, { charRef: 0x41 }, { cdata: 'c<d' }, { pi: 'pi', data: 'd' }] }] },
    binary: new Uint8Array([0xde, 0xad]),
  };
  const many = Array.from({ length: 120 }, (_, i): EvtxEventSpec => ({ time: new Date(t.getTime() + i * 1000), system: sys(1000 + (i % 7), 1 + (i % 4)), data: [`message ${i} ${'x'.repeat(i * 7)}`, i] }));
  const seeds: Seed[] = [
    { path: 'Windows/System32/winevt/Logs/Application.evtx', bytes: writeEvtx([values, user, plain, markup]), from: 'evtx-writer: value types' },
    { path: 'Windows/System32/winevt/Logs/System.evtx', bytes: writeEvtx(many, { recordsPerChunk: 60 }), from: 'evtx-writer: two chunks' },
    { path: 'logs/crafted-arrays.evtx', bytes: craftedFile(nestedArrays(3, 3)), from: 'crafted: nested arrays 3×3' },
    { path: 'logs/crafted-self.evtx', bytes: craftedFile(nestedSelf(3, 3)), from: 'crafted: nested self 3×3' },
    { path: 'logs/crafted-distinct.evtx', bytes: craftedFile(nestedSelf(3, 3, true)), from: 'crafted: nested distinct 3×3' },
    { path: 'logs/crafted-siblings.evtx', bytes: craftedFile(siblingsOnOneArray(8, 8)), from: 'crafted: siblings 8×8' },
    { path: 'logs/corrupt.evtx', bytes: corruptChunks().bytes, from: 'hostile: corrupt chunks' },
  ];
  return seeds;
}

/** Small event exports and state documents from the hostile generators. */
function generatedTextSeeds(): Seed[] {
  return [
    { path: 'exports/laughs.xml', bytes: enc.encode(P.billionLaughs(3, 3)), from: 'hostile: billion laughs 3×3' },
    { path: 'exports/external.xml', bytes: enc.encode(P.externalEntity()), from: 'hostile: external entity' },
    { path: 'exports/deep.xml', bytes: enc.encode(P.deepXml(40)), from: 'hostile: deep xml 40' },
    { path: 'exports/deep.json', bytes: enc.encode(P.jsonDeep(40)), from: 'hostile: deep json 40' },
    { path: 'var/lib/waagent/GoalState.1.xml', bytes: enc.encode(P.stateXmlBomb('GoalState', 3, 3)), from: 'hostile: state xml bomb' },
    { path: 'var/lib/waagent/waagent_status.json', bytes: enc.encode(P.jsonStateDeep(40)), from: 'hostile: deep state json' },
    { path: 'var/log/waagent.log', bytes: enc.encode(P.waagentWithNuls(16, 30)), from: 'hostile: NULs in waagent.log' },
    { path: 'var/log/waagent.log', bytes: new Uint8Array(P.waagentInvalidUtf8(30)), from: 'hostile: invalid UTF-8' },
    { path: 'var/log/syslog', bytes: new Uint8Array(P.utf16NoBom(30)), from: 'hostile: UTF-16 without BOM' },
  ];
}

/** A path the parser's own globs give to it, for samples that come without one. */
function pathFor(parser: AnyParser): string {
  const route = router(parsers);
  for (const glob of parser.globs) {
    const candidate = glob
      .replace(/^\*\*\//, 'var/log/')
      .replace(/\/\*\*\//g, '/x/')
      .replace(/!\([^)]*\)/g, 'fuzz')
      .replace(/\{([^,}]*)[^}]*\}/g, '$1')
      .replace(/\*/g, 'fuzz');
    if (route.byPath(candidate) === parser) return candidate;
  }
  return `fuzz/${parser.id}.txt`;
}

function sampleSeeds(parser: AnyParser): Seed[] {
  if (parser.kind === 'binary') return parser.samples.map((s) => ({ path: parser.globs.length > 0 ? pathFor(parser) : `exports/${s.name}`, bytes: s.bytes(), from: `${parser.id} sample ${s.name}` }));
  if (parser.kind === 'document') return parser.samples.map((s) => ({ path: s.path, bytes: enc.encode(s.text), from: `${parser.id} sample ${s.path}` }));
  if (parser.samples.length === 0) return [];
  return [{ path: pathFor(parser), bytes: enc.encode(parser.samples.map((s) => s.line).join('\n') + '\n'), from: `${parser.id} sample lines` }];
}

async function* oneChunk(bytes: Bytes): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The parser the real router gives `bytes` at `path` (undefined: skipped as binary or unknown). */
async function routed(path: string, bytes: Bytes): Promise<AnyParser | undefined> {
  const entry: Entry = { path, size: bytes.length, bytes: oneChunk(bytes) };
  const opened = await openEntry(entry, router(parsers), []);
  if (opened) await opened.skip();
  return opened?.parser;
}

/** Every member of the sample archives (read by the CLI's ingest), with its bundle path. */
async function sampleMembers(): Promise<Seed[]> {
  const out: Seed[] = [];
  const dir = join(ROOT, 'samples');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /\.(tgz|zip)$/.test(n)).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const bundle = await openBundle(join(dir, name));
    for await (const entry of bundle.entries) {
      const parts: Uint8Array[] = [];
      let size = 0;
      try {
        for await (const c of entry.bytes) {
          size += c.length;
          if (size > MAX_SEED) break;
          parts.push(c);
        }
      } catch {
        continue;
      }
      if (size <= MAX_SEED) out.push({ path: entry.path, bytes: new Uint8Array(Buffer.concat(parts)), from: `samples/${name}` });
    }
  }
  return out;
}

function fixtureFiles(): Seed[] {
  const dir = join(ROOT, 'test', 'fixtures');
  const out: Seed[] = [];
  for (const full of walkFiles(dir)) {
    const rel = relative(dir, full).split('\\').join('/');
    const bytes = readFileSync(full);
    if (bytes.length > MAX_SEED) continue;
    // A bundle tree's file keeps its bundle path; the others keep their fixture folder (event-exports/x.csv).
    const m = /^bundles\/[^/]+\/(.+)$/.exec(rel);
    let path = m ? m[1]! : rel;
    // `x.gz.src` is the text of the rotated log `x.gz` (the entry keeps the `.gz` name and gives the text).
    if (path.endsWith('.gz.src')) path = path.slice(0, -4);
    if (path.endsWith('.evtx.json') || path.includes('.zip.d/')) continue; // read from the samples instead
    out.push({ path, bytes: new Uint8Array(bytes), from: `test/fixtures/${rel}` });
  }
  return out;
}

function walkFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walkFiles(full) : [full];
    });
}

function hashBytes(b: Bytes): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return `${b.length}:${h >>> 0}`;
}

/** Every target with its seeds. */
export async function buildTargets(): Promise<Target[]> {
  const perParser = new Map<AnyParser, Seed[]>(parsers.map((p) => [p, sampleSeeds(p)]));
  const seen = new Set<string>();
  for (const seeds of perParser.values()) for (const s of seeds) seen.add(hashBytes(s.bytes));
  for (const seed of [...fixtureFiles(), ...(await sampleMembers()), ...evtxSeeds(), ...generatedTextSeeds()]) {
    const key = hashBytes(seed.bytes);
    if (seen.has(key)) continue;
    const parser = await routed(seed.path, seed.bytes);
    if (!parser) continue;
    seen.add(key);
    perParser.get(parser)!.push(seed);
  }
  const targets: Target[] = parsers.map((parser) => ({ kind: 'entry', name: `parser:${parser.id}`, parser, seeds: perParser.get(parser)! }));

  // Bundles: the fixture trees, the hostile bundles, and one bundle holding a seed of every parser.
  const bundles: ArchiveTarget['bundles'] = [];
  const trees = join(ROOT, 'test', 'fixtures', 'bundles');
  for (const name of readdirSync(trees).sort()) bundles.push({ name: `fixture ${name}`, files: await filesOf(join(trees, name)) });
  bundles.push({ name: 'hostile layers', files: await layeredFiles() });
  bundles.push({ name: 'hostile traversal names', files: traversalFiles() });
  bundles.push({ name: 'hostile payloads', files: payloadFiles() });
  bundles.push({ name: 'hostile secrets', files: secretFiles(plantedSecrets()) });
  const every: FixtureFile[] = [];
  const paths = new Set<string>();
  for (const seeds of perParser.values()) {
    const s = seeds.find((x) => x.bytes.length < 100_000 && !paths.has(x.path));
    if (s) {
      paths.add(s.path);
      every.push({ path: s.path, content: s.bytes });
    }
  }
  bundles.push({ name: 'a seed of every parser', files: every });

  const rawSamples = (ext: string): Seed[] => {
    try {
      return readdirSync(join(ROOT, 'samples'))
        .filter((n) => n.endsWith(ext))
        .sort()
        .map((n) => ({ path: n, bytes: new Uint8Array(readFileSync(join(ROOT, 'samples', n))), from: `samples/${n}` }));
    } catch {
      return [];
    }
  };
  const raw: Record<ArchiveFormat, Seed[]> = {
    tgz: rawSamples('.tgz'),
    tar: [
      { path: 'special.tar', bytes: new Uint8Array(specialTar()), from: 'hostile: special members' },
      { path: 'huge.tar', bytes: new Uint8Array(hugeDeclaredTar()), from: 'hostile: huge declared size' },
      ...rawSamples('.tgz').map((s) => ({ path: s.path.replace(/\.tgz$/, '.tar'), bytes: new Uint8Array(gunzipSync(s.bytes)), from: `${s.from} (gunzipped)` })),
    ],
    zip: [...rawSamples('.zip'), { path: 'special.zip', bytes: new Uint8Array(await specialZip()), from: 'hostile: zip symlink' }, { path: 'overlap.zip', bytes: new Uint8Array(overlapBomb(40, 4096)), from: 'hostile: overlapping entries (40 × 4 KiB)' }],
    'zip-streamed': rawSamples('.zip'),
    gz: [],
  };
  for (const ingest of ['node', 'web'] as const) {
    for (const format of ['tgz', 'tar', 'zip', 'zip-streamed', 'gz'] as const) {
      targets.push({ kind: 'archive', name: `ingest-${ingest}:${format}`, ingest, format, bundles, raw: raw[format] });
    }
  }
  return targets;
}

// ── Generation ─────────────────────────────────────────────────────────────────────────────────────────────────

/** FNV-1a of the text: the seed of input `index` of `target` under run seed `seed`. */
export function inputSeed(seed: number, target: string, index: number): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const c of `${target}#${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0 || 1;
}

function isEvtx(path: string, b: Bytes): boolean {
  return /\.evtx$/i.test(path) || (b[0] === 0x45 && b[1] === 0x6c && b[2] === 0x66 && b[3] === 0x46);
}

/** Mutator sets for content at `path`: EVTX-aware for event logs, text-aware otherwise. */
function contentSets(path: string, b: Bytes): Record<string, ByteMutator>[] {
  return isEvtx(path, b) ? [byteMutators, evtxMutators, evtxMutators, evtxMutators] : [byteMutators, textMutators, textMutators];
}

/** Mutates content; EVTX content gets its checksums fixed most of the time (so the damage reaches the reader). */
function mutateContent(rng: Rng, path: string, b: Bytes, other: () => Bytes): { bytes: Bytes; what: string[] } {
  const m = mutate(rng, b, contentSets(path, b), other);
  const what = [m.what];
  let bytes = m.bytes;
  if (isEvtx(path, b) && rng.chance(0.75)) {
    bytes = bytes.slice();
    fixEvtxChecksums(bytes);
    what.push('evtx:checksums fixed');
  }
  return { bytes, what };
}

/** Which seed input `index` is, unmutated: every even index until each seed has had its turn; else undefined. */
function seedTurn(index: number, seeds: number): number | undefined {
  return index % 2 === 0 && index / 2 < seeds ? index / 2 : undefined;
}

/** Chunk sizes for an entry's bytes: mostly one chunk; else pieces around a size, so boundaries fall anywhere. */
function chunkPlan(rng: Rng, length: number): number[] {
  if (rng.chance(0.6) || length === 0) return [];
  const around = Math.max(rng.pick([1, 3, 64, 511, 4096, 65536]), Math.ceil(length / 2048));
  const out: number[] = [];
  for (let left = length; left > 0; ) {
    const n = Math.min(left, 1 + rng.int(2 * around));
    out.push(n);
    left -= n;
  }
  return out;
}

function generateEntry(t: EntryTarget, seed: number, index: number): Omit<EntryInput, 'n'> {
  const base = { kind: 'entry' as const, target: t.name, index, parserId: t.parser.id };
  if (t.seeds.length === 0) {
    const rng = new Rng(inputSeed(seed, t.name, index));
    return { ...base, path: `fuzz/${t.parser.id}.txt`, mode: 'direct', chunks: [], bytes: rng.bytes(rng.int(2048)), mutations: ['random bytes'] };
  }
  // Every other input is a seed as it is, until each has had its turn: each must pass unmutated.
  const turn = seedTurn(index, t.seeds.length);
  if (turn !== undefined) {
    const s = t.seeds[turn]!;
    return { ...base, path: s.path, mode: 'routed', chunks: [], bytes: s.bytes, mutations: [`seed ${turn} (${s.from}) unmutated`] };
  }
  const rng = new Rng(inputSeed(seed, t.name, index));
  const si = rng.int(t.seeds.length);
  const s = t.seeds[si]!;
  const m = mutateContent(rng, s.path, s.bytes, () => rng.pick(t.seeds).bytes);
  const mode = rng.pick(['routed', 'routed', 'narrowed', 'direct'] as const);
  const chunks = chunkPlan(rng, m.bytes.length);
  return { ...base, path: s.path, mode, chunks, bytes: m.bytes, mutations: [`seed ${si} (${s.from})`, ...m.what, mode, chunks.length > 0 ? `${chunks.length} chunks` : 'one chunk'] };
}

/** Names that climb out, are absolute, carry drives, controls, markup or are very long. */
const HOSTILE_NAMES = [...TRAVERSAL_NAMES, ...PAYLOAD_NAMES, 'a/'.repeat(60) + 'deep.log', 'x'.repeat(300) + '.log', 'var/log/\u202etxt.log', 'var/log/waagent.log\0.txt', 'var//log///waagent.log', './././waagent.log', 'C:C:relative.log', '\\\\server\\share\\x.log', 'var/log/ waagent.log ', 'var/log/..', 'var/log/.', '..', '/'];

type Files = FixtureFile[];

/** One structural change to a bundle's member list. */
async function mutateFiles(rng: Rng, files: Files, depth: number, all: Files[]): Promise<{ files: Files; what: string }> {
  const out = files.map((f) => ({ ...f }));
  const pickIndex = (): number => rng.int(out.length);
  const op = out.length === 0 ? 'add' : rng.pick(['content', 'content', 'content', 'rename', 'duplicate', 'drop', 'reorder', 'special', 'nest', 'gzip', 'add', 'graft']);
  switch (op) {
    case 'content': {
      const i = pickIndex();
      const f = out[i]!;
      const m = mutateContent(rng, f.path, bytesOf(f.content), () => bytesOf(rng.pick(out).content));
      f.content = m.bytes;
      return { files: out, what: `member ${JSON.stringify(f.path)}: ${m.what.join('; ')}` };
    }
    case 'rename': {
      const i = pickIndex();
      const old = out[i]!.path;
      const name = rng.chance(0.6) ? rng.pick(HOSTILE_NAMES) : rng.chance(0.5) ? `../${old}` : old.replace(/\//g, rng.pick(['\\', '//', '/./', '/../x/']));
      out[i]!.path = name;
      return { files: out, what: `rename ${JSON.stringify(old)} → ${JSON.stringify(name)}` };
    }
    case 'duplicate': {
      const i = pickIndex();
      out.splice(rng.int(out.length + 1), 0, { ...out[i]! });
      return { files: out, what: `duplicate ${JSON.stringify(out[i]!.path)}` };
    }
    case 'drop': {
      const i = pickIndex();
      const [f] = out.splice(i, 1);
      return { files: out, what: `drop ${JSON.stringify(f!.path)}` };
    }
    case 'reorder': {
      for (let i = out.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return { files: out, what: 'reorder' };
    }
    case 'special': {
      const type = rng.pick(['symlink', 'directory', 'link'] as const);
      const path = rng.chance(0.5) ? out[pickIndex()]!.path : `var/log/special-${rng.int(100)}.log`;
      // (Never an empty link name: the tar writer of test/helpers waits for ever on a symlink without one.)
      out.splice(rng.int(out.length + 1), 0, { path, type, linkname: rng.pick(['/etc/passwd', '../../etc/shadow', out[pickIndex()]!.path || 'x', 'missing/target.log']) });
      return { files: out, what: `${type} ${JSON.stringify(path)}` };
    }
    case 'nest': {
      if (depth >= 3) return { files: out, what: 'nest(too deep)' };
      const start = rng.int(out.length);
      const inner = out.splice(start, 1 + rng.int(Math.min(4, out.length - start)));
      const kind = rng.pick(['zip', 'tgz', 'tar'] as const);
      let innerFiles = inner;
      if (rng.chance(0.5)) innerFiles = (await mutateFiles(rng, inner, depth + 1, all)).files;
      const content = await encodeFiles(kind, innerFiles, rng).catch(() => new Uint8Array(0));
      const path = rng.pick([`var/lib/waagent/history/fuzz-${start}.${kind}`, `nested/inner-${start}.${kind}`, `WindowsAzure/Logs/fuzz-${start}.${kind}`]);
      out.splice(start, 0, { path, content });
      return { files: out, what: `nest ${inner.length} members as ${path}` };
    }
    case 'gzip': {
      const i = pickIndex();
      const f = out[i]!;
      if ((f.type ?? 'file') !== 'file') return { files: out, what: 'gzip(not a file)' };
      f.content = gzip(bytesOf(f.content), rng.pick([1, 6, 9]));
      f.path = rng.chance(0.8) ? `${f.path}.${rng.int(5)}.gz` : f.path;
      return { files: out, what: `gzip ${JSON.stringify(f.path)}` };
    }
    case 'graft': {
      const other = rng.pick(all);
      if (other.length === 0) return { files: out, what: 'graft(nothing)' };
      const f = rng.pick(other);
      out.splice(rng.int(out.length + 1), 0, { ...f });
      return { files: out, what: `graft ${JSON.stringify(f.path)}` };
    }
    default: {
      const path = rng.pick(['var/log/waagent.log.9', 'var/log/empty.log', 'var/log/binary.log', 'Windows/System32/winevt/Logs/Empty.evtx']);
      out.splice(rng.int(out.length + 1), 0, { path, content: path.includes('binary') ? rng.bytes(1 + rng.int(4096)) : new Uint8Array(0) });
      return { files: out, what: `add ${path}` };
    }
  }
}

async function encodeFiles(kind: 'tgz' | 'tar' | 'zip' | 'zip-streamed', files: Files, rng: Rng): Promise<Bytes> {
  switch (kind) {
    case 'tgz':
      return new Uint8Array(await makeTgz(files));
    case 'tar':
      return new Uint8Array(await makeTar(files));
    case 'zip':
      return new Uint8Array(await makeZip(files, { compress: rng.chance(0.8) }));
    case 'zip-streamed':
      return new Uint8Array(await makeZip(files, { streaming: true }));
  }
}

const NAMES: Record<ArchiveFormat, string> = { tgz: 'bundle.tgz', tar: 'bundle.tar', zip: 'logs.zip', 'zip-streamed': 'logs.zip', gz: 'waagent.log.1.gz' };

async function generateArchive(t: ArchiveTarget, seed: number, index: number): Promise<Omit<ArchiveInput, 'n'>> {
  const rng = new Rng(inputSeed(seed, t.name, index));
  const via = t.ingest === 'node' && (t.format === 'zip-streamed' || rng.chance(0.25)) ? 'stdin' : 'file';
  let name = NAMES[t.format];
  const base = { kind: 'archive' as const, target: t.name, index, ingest: t.ingest, via: via as ArchiveInput['via'] };
  const what: string[] = [];
  let bytes: Bytes;
  const turn = seedTurn(index, t.bundles.length + t.raw.length);
  const gzOf = (files: Files, pick: Rng): { bytes: Bytes; name: string } => {
    const f = files.filter((x) => (x.type ?? 'file') === 'file' && !/\.(gz|zip|tgz|tar)$/.test(x.path));
    const chosen = f.length > 0 ? pick.pick(f) : { path: 'empty.log', content: '' };
    const base = chosen.path.split('/').pop() || 'x.log';
    return { bytes: new Uint8Array(gzip(bytesOf(chosen.content))), name: `${base}.1.gz` };
  };
  if (turn !== undefined) {
    if (turn < t.bundles.length) {
      const b = t.bundles[turn]!;
      if (t.format === 'gz') {
        const g = gzOf(b.files, rng);
        bytes = g.bytes;
        name = g.name;
      } else bytes = await encodeFiles(t.format, b.files, rng);
      what.push(`bundle ${turn} (${b.name}) unmutated`);
    } else {
      const r = t.raw[turn - t.bundles.length]!;
      bytes = r.bytes;
      what.push(`raw ${turn - t.bundles.length} (${r.from}) unmutated`);
    }
    return { ...base, name, bytes, mutations: what };
  }
  if (t.raw.length > 0 && rng.chance(0.25)) {
    const ri = rng.int(t.raw.length);
    const r = t.raw[ri]!;
    const m = mutate(rng, r.bytes, rawSets(t.format), () => rng.pick(t.raw).bytes);
    return { ...base, name, bytes: m.bytes, mutations: [`raw ${ri} (${r.from})`, m.what] };
  }
  const bi = rng.int(t.bundles.length);
  let files = t.bundles[bi]!.files;
  what.push(`bundle ${bi} (${t.bundles[bi]!.name})`);
  const ops = 1 + rng.int(3);
  for (let i = 0; i < ops; i++) {
    const m = await mutateFiles(rng, files, 0, t.bundles.map((b) => b.files));
    files = m.files;
    what.push(m.what);
  }
  if (t.format === 'gz') {
    const g = gzOf(files, rng);
    name = g.name;
    bytes = g.bytes;
    if (rng.chance(0.5)) {
      const inner = mutate(rng, new Uint8Array(gunzipSync(bytes)), [byteMutators, textMutators], () => bytes);
      bytes = new Uint8Array(gzip(inner.bytes));
      what.push(`gz content: ${inner.what}`);
    }
  } else {
    try {
      if (t.format === 'tgz' && rng.chance(0.3)) {
        // Damage inside the gzip: the tar headers, then compress again.
        const tar = new Uint8Array(await makeTar(files));
        const m = mutate(rng, tar, [tarMutators, tarMutators, byteMutators], () => tar);
        bytes = new Uint8Array(gzip(m.bytes));
        what.push(`tar inside: ${m.what}`);
      } else bytes = await encodeFiles(t.format, files, rng);
    } catch (e) {
      // An unwritable member list (a name the writer refuses): the bundle as it was.
      bytes = await encodeFiles(t.format, t.bundles[bi]!.files, rng);
      what.push(`(writer refused: ${(e as Error).message.slice(0, 60)}; unmutated)`);
    }
  }
  if (rng.chance(0.35)) {
    const m = mutate(rng, bytes, rawSets(t.format), () => bytes, 2);
    bytes = m.bytes;
    what.push(`raw: ${m.what}`);
  }
  if (rng.chance(0.05)) {
    name = rng.pick(['bundle.zip', 'bundle.tgz', 'bundle.tar', 'bundle.log', 'bundle', 'waagent.log.gz']);
    what.push(`named ${name}`);
  }
  return { ...base, name, bytes, mutations: what };
}

function rawSets(format: ArchiveFormat): Record<string, ByteMutator>[] {
  switch (format) {
    case 'tar':
      return [byteMutators, tarMutators, tarMutators];
    case 'zip':
    case 'zip-streamed':
      return [byteMutators, zipMutators, zipMutators];
    default:
      return [byteMutators];
  }
}

/** Input `index` of `target` under run seed `seed`: the same bytes every time. */
export async function generate(target: Target, seed: number, index: number, n: number): Promise<FuzzInput> {
  if (target.kind === 'entry') return { ...generateEntry(target, seed, index), n };
  return { ...(await generateArchive(target, seed, index)), n };
}

/** Seeds an input count of the target starts with (unmutated). */
export function seedCount(target: Target): number {
  return target.kind === 'entry' ? target.seeds.length : target.bundles.length + target.raw.length;
}

