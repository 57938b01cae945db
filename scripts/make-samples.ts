// Builds samples/*.tgz and samples/*.zip from the fixture trees in test/fixtures/bundles/.
// A fixture file named `x.gz.src` is stored gzipped as `x.gz` (rotated logs); a folder named `x.zip.d`
// is stored as the nested archive `x.zip` (the agent's history/*.zip); `x.evtx.json` (a list of events)
// is written as the binary event log `x.evtx` by the test EVTX writer. `--check` compares instead of
// writing, so a test can tell when samples/ is stale.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip, makeTgz, makeZip } from '../test/helpers/archives.js';
import { writeEvtx } from '../test/helpers/evtx-writer.js';
import type { EvtxEventSpec } from '../test/helpers/evtx-writer.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'bundles');
const samples = join(root, 'samples');

/** Which fixture trees are also published as a zip (the agent's own logs.zip format). */
const ZIP_SAMPLES = ['healthy'];
/** Fixture trees published only as a zip (the agent's logs.zip, CollectGuestLogs zips): `name-zip` -> `name.zip`. */
const ZIP_ONLY = /-zip$/;

interface FileSpec {
  path: string;
  content: Buffer;
}

/** Files of a tree in sorted order; `x.zip.d` folders are listed as themselves, to be zipped. */
function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() && !name.endsWith('.zip.d') ? walk(full) : [full];
    });
}

/** A fixture tree's files as the samples store them (`x.gz.src` gzipped, `x.zip.d` zipped, `x.evtx.json` written as EVTX). */
export async function filesOf(tree: string): Promise<FileSpec[]> {
  const out: FileSpec[] = [];
  for (const full of walk(tree)) {
    const path = relative(tree, full).split('\\').join('/');
    if (path.endsWith('.zip.d')) out.push({ path: path.slice(0, -'.d'.length), content: await makeZip(await filesOf(full)) });
    else if (path.endsWith('.gz.src')) out.push({ path: path.slice(0, -'.src'.length), content: await gzip(readFileSync(full)) });
    else if (path.endsWith('.evtx.json')) out.push({ path: path.slice(0, -'.json'.length), content: Buffer.from(evtxOf(readFileSync(full, 'utf8'))) });
    else out.push({ path, content: readFileSync(full) });
  }
  return out;
}

interface EventSpec {
  time: string;
  provider: string;
  eventId: number;
  level: number;
  channel: string;
  data?: Record<string, string> | string[];
}

/** A fixture list of events -> an EVTX file (records numbered from 1, computer WINVM01). */
function evtxOf(json: string): Uint8Array {
  const specs = (JSON.parse(json) as EventSpec[]).map(
    (e): EvtxEventSpec => ({
      time: new Date(e.time),
      system: { provider: e.provider, eventId: e.eventId, level: e.level, channel: e.channel, computer: 'WINVM01' },
      ...(e.data ? { data: e.data } : {}),
    }),
  );
  return writeEvtx(specs);
}

export async function buildSamples(): Promise<Map<string, Buffer>> {
  const built = new Map<string, Buffer>();
  for (const name of readdirSync(fixtures).sort()) {
    const files = await filesOf(join(fixtures, name));
    if (ZIP_ONLY.test(name)) {
      built.set(`${name.replace(/-zip$/, '')}.zip`, await makeZip(files));
      continue;
    }
    built.set(`${name}.tgz`, await makeTgz(files));
    if (ZIP_SAMPLES.includes(name)) built.set(`${name}.zip`, await makeZip(files));
  }
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const built = await buildSamples();
  mkdirSync(samples, { recursive: true });
  let stale = 0;
  for (const [name, bytes] of built) {
    const target = join(samples, name);
    if (check) {
      let current: Buffer | undefined;
      try {
        current = readFileSync(target);
      } catch {
        current = undefined;
      }
      if (!current || !current.equals(bytes)) {
        stale++;
        console.error(`stale: samples/${name}`);
      }
    } else {
      writeFileSync(target, bytes);
      console.log(`samples/${name} (${bytes.length} bytes)`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
