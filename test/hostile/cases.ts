// The hostile inputs, one class of issue 11 (and the earlier ones) at a time, each with what a run of the CLI on it
// must show. `small` is what `npm test` runs (seconds); `full` is the size the issue measured (the fuzz run's
// scaled phase, `npm run fuzz -- --full`). Everything is generated at run time.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Report } from '../../src/model.js';
import { incompressible, makeTar, makeTgz, makeZip, noisy, type FixtureFile } from '../helpers/archives.js';
import {
  around, gzip, gzipBomb, hugeBase256Tar, hugeDeclaredTar, layeredFiles, nestedZipBomb, overlapBomb, specialTar, specialZip, tgzWithCutMember,
  traversalFiles, HEALTHY_LINE,
} from './generators/archives.js';
import { corruptChunks, nestedArrays, selfReferencingNested, siblingsOnArray, type EvtxAttack } from './generators/evtx.js';
import * as P from './generators/parsers.js';
import { gzipRepeated, GiB, MiB } from './generators/streams.js';
import { PAYLOAD_BUNDLE_NAME, payloadFiles } from './generators/payloads.js';
import { plantedSecrets, secretFiles } from './generators/secrets.js';

export type Scale = 'small' | 'full';

export type HostileClass =
  | 'bomb'
  | 'memory'
  | 'truncation'
  | 'traversal'
  | 'special-file'
  | 'evtx'
  | 'export'
  | 'state'
  | 'text'
  | 'payload'
  | 'secret';

/** Report formats (the analysis) and timeline formats. */
export type Output = 'json' | 'text' | 'markdown' | 'html' | 'jsonl' | 'csv';

export interface HostileCase {
  cls: HostileClass;
  name: string;
  /** What the input is, in a few words. */
  what: string;
  /** Writes the input under `dir`; returns the path to give the CLI (a file or a folder), or '-' with `stdin`. */
  build(dir: string, scale: Scale): Promise<{ input: string; stdin?: Buffer }>;
  /** Extra options for every run, per scale. */
  args?: Partial<Record<Scale, string[]>>;
  /** Wall time allowed, per scale. */
  budgetMs: Record<Scale, number>;
  /** Outputs besides the JSON report (always run). */
  outputs?: Output[];
  /** Problems must name each of these (a bundle path, or text of the message). */
  damaged?: (string | RegExp)[];
  /** Sources that must still be read. */
  read?: { path: string | RegExp; events?: number; parser?: string }[];
  /** Text no output may contain. */
  absent?: string[];
  /** Exit 2 (the input cannot be read at all) is a right answer. */
  mayRefuse?: boolean;
  /** Further checks on the JSON report. */
  check?(report: Report): string[];
}

const S = 1000;
const sized = <T>(scale: Scale, small: T, full: T): T => (scale === 'small' ? small : full);

async function put(dir: string, name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const file = (name: string, make: (scale: Scale) => Promise<Uint8Array | string> | Uint8Array | string) => async (dir: string, scale: Scale) => ({ input: await put(dir, name, await make(scale)) });

/** `--option` names the CLI's help lists (analysis and timeline). */
let known: Set<string> | undefined;
export function knownOptions(root: string): Set<string> {
  if (known) return known;
  const help = [['--help'], ['timeline', '--help']]
    .map((args) => {
      try {
        return execFileSync(process.execPath, [join(root, 'bin', 'logscan.js'), ...args], { encoding: 'utf8' });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? '');
      }
    })
    .join('\n');
  known = new Set(help.match(/--[a-z][a-z-]+/g) ?? []);
  return known;
}

/** Every `--option` a problem message cites exists (issue 11, point 7: a --max-depth that does not). */
export function citedOptionsExist(report: Report, root: string): string[] {
  const opts = knownOptions(root);
  const failures: string[] = [];
  for (const p of report.problems) {
    for (const o of p.message.match(/--[a-z][a-z-]+/g) ?? []) if (!opts.has(o)) failures.push(`${p.path}: the problem cites ${o}, which logscan does not have: ${JSON.stringify(p.message)}`);
  }
  return failures;
}

function evtxCase(name: string, what: string, make: () => EvtxAttack): HostileCase {
  const attack = make();
  return {
    cls: 'evtx',
    name,
    what,
    build: file(`${name}.evtx`, () => attack.bytes),
    budgetMs: { small: 20 * S, full: 20 * S },
    outputs: ['text', 'jsonl'],
    damaged: attack.attackRecord ? [new RegExp(`\\b${attack.attackRecord}\\b`)] : [`${name}.evtx`],
    read: [{ path: `${name}.evtx`, events: attack.goodRecords, parser: 'evtx' }],
  };
}

export function hostileCases(): HostileCase[] {
  const cases: HostileCase[] = [
    // ── Decompression bombs ─────────────────────────────────────────────────────────────────────────────────────
    {
      cls: 'bomb',
      name: 'gzip-member',
      what: 'a rotated log that is a gzip of zeros (1000:1), between ordinary members',
      build: async (dir, scale) => ({ input: await put(dir, 'gzip-member.tgz', await makeTgz(around([{ path: 'var/log/waagent.log.1.gz', content: await gzipBomb(sized(scale, 64 * MiB, 4 * GiB)) }]))) }),
      budgetMs: { small: 15 * S, full: 60 * S },
      damaged: ['waagent.log.1.gz'],
      read: [{ path: 'var/log/zz-after.log' }],
    },
    {
      cls: 'bomb',
      name: 'gzip-stdin',
      what: 'a tgz whose outer gzip is a bomb, on stdin',
      build: async (_dir, scale) => ({ input: '-', stdin: await gzipRepeated(sized(scale, 64 * MiB, 4 * GiB), Buffer.alloc(65536), { level: 9, head: await makeTar([{ path: 'var/log/waagent.log', content: HEALTHY_LINE }]).then((t) => t.subarray(0, t.length - 1024)) }) }),
      budgetMs: { small: 15 * S, full: 60 * S },
      damaged: ['stdin'],
      read: [{ path: 'var/log/waagent.log' }],
    },
    {
      cls: 'bomb',
      name: 'nested-zip',
      what: 'zips of zips of log text (expands to GiBs); small: with --max-expanded-bytes 64M, full: the defaults',
      build: async (dir, scale) => ({ input: await put(dir, 'nested-zip.zip', await nestedZipBomb(sized(scale, { text: 8 * MiB, fan: 8, levels: 2 }, { text: 16 * MiB, fan: 16, levels: 3 }))) }),
      args: { small: ['--max-expanded-bytes', '64M'] },
      budgetMs: { small: 15 * S, full: 60 * S },
      damaged: [/--max-expanded-bytes|--max-ratio|expands to more than|limit/],
    },
    {
      cls: 'bomb',
      name: 'nested-zip-beside',
      what: 'zips of zips of log text in a folder beside 2 MiB of incompressible data (the whole bundle may expand 2 GB), with the defaults',
      build: async (dir, scale) => {
        const root = join(dir, 'nested-zip-beside');
        await mkdir(join(root, 'var', 'lib', 'waagent', 'history'), { recursive: true });
        await mkdir(join(root, 'var', 'log'), { recursive: true });
        await writeFile(join(root, 'core.bin'), incompressible(2 * MiB));
        await writeFile(join(root, 'var', 'lib', 'waagent', 'history', 'bomb.zip'), await nestedZipBomb(sized(scale, { text: 8 * MiB, fan: 8, levels: 2 }, { text: 16 * MiB, fan: 16, levels: 3 })));
        await writeFile(join(root, 'var', 'log', 'waagent.log'), HEALTHY_LINE);
        return { input: root };
      },
      budgetMs: { small: 20 * S, full: 60 * S },
      damaged: ['var/lib/waagent/history/bomb.zip', /nested archive expands to more than/],
      read: [{ path: 'var/log/waagent.log' }],
    },
    {
      cls: 'bomb',
      name: 'overlapping-zip',
      what: 'central-directory entries that all read one stored member (small: 2,000 × 1 MiB, full: 5,000 × 16 MiB), with a total limit',
      build: async (dir, scale) => ({ input: await put(dir, 'overlapping-zip.zip', sized(scale, overlapBomb(2000, MiB), overlapBomb(5000, 16 * MiB))) }),
      args: { small: ['--max-expanded-bytes', '64M'], full: ['--max-expanded-bytes', '1G'] },
      budgetMs: { small: 15 * S, full: 60 * S },
      damaged: [/--max-expanded-bytes|expands to more than|overlap/],
    },
    {
      cls: 'bomb',
      name: 'tar-huge-octal',
      what: 'a tar member declaring 8 GiB (octal) over a few bytes',
      build: file('tar-huge-octal.tar', () => hugeDeclaredTar()),
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['tar-huge-octal.tar'],
      read: [{ path: 'var/log/before.log' }],
    },
    {
      cls: 'bomb',
      name: 'tar-huge-base256',
      what: 'a tar member declaring 2^50 bytes (base-256) over a few bytes',
      build: file('tar-huge-base256.tar', () => hugeBase256Tar()),
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['tar-huge-base256.tar'],
      read: [{ path: 'var/log/before.log' }],
    },
    {
      cls: 'bomb',
      name: 'deep-nesting',
      what: 'archives nested 12 deep (zip in tgz in zip ...)',
      build: async (dir) => {
        let bytes: Buffer = Buffer.from(HEALTHY_LINE);
        let name = 'waagent.log';
        for (let i = 0; i < 12; i++) {
          const zip = i % 2 === 0;
          bytes = zip ? await makeZip([{ path: name, content: bytes }]) : await makeTgz([{ path: name, content: bytes }]);
          name = `level${i}.${zip ? 'zip' : 'tgz'}`;
        }
        return { input: await put(dir, 'deep-nesting.tgz', await makeTgz([{ path: name, content: bytes }, { path: 'var/log/zz-after.log', content: HEALTHY_LINE }])) };
      },
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: [/too deep|depth/],
      read: [{ path: 'var/log/zz-after.log' }],
    },
    {
      cls: 'bomb',
      name: 'many-members',
      what: 'a tgz of one-line logs (small: 20,000 members, full: 200,000): every output bounded, the HTML page under 5 MB',
      build: file('many-members.tgz', (scale) =>
        makeTgz(
          Array.from({ length: sized(scale, 20_000, 200_000) }, (_, i) => ({
            path: `var/log/app/dir${i % 100}/file-${i}.log`,
            content: `2024-05-02T07:10:07Z ERROR something failed number ${i}\n`,
          })),
        ),
      ),
      budgetMs: { small: 45 * S, full: 300 * S },
      outputs: ['text', 'html'],
      read: [{ path: 'var/log/app/dir0/file-0.log' }],
      check: (r) => (r.sources.length >= 20_000 ? [] : [`${r.sources.length} sources, expected every member`]),
    },
    // ── Memory: events must not be held until the end (two threads) ────────────────────────────────────────────
    {
      cls: 'memory',
      name: 'rotated-gz-two-threads',
      what: 'a tar with one gzipped log of one repeated error line (small: 200 MB, full: 600 MB), read on two threads',
      build: async (dir, scale) => {
        const line = '2024-05-02T07:10:07.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out\n';
        const gz = await gzipRepeated(sized(scale, 200 * MiB, 600 * MiB), line, { level: 6 });
        // Incompressible padding: the input passes 2 MiB, so that `auto` would take two threads too.
        const pad = Buffer.alloc(3 * MiB);
        for (let i = 0; i < pad.length; i++) pad[i] = (i * 2654435761) >>> 24;
        return { input: await put(dir, 'rotated-gz.tar', await makeTar([{ path: 'var/log/waagent.log.1.gz', content: gz }, { path: 'var/log/padding.bin', content: pad }])) };
      },
      args: { small: ['--jobs', '2'], full: ['--jobs', '2'] },
      budgetMs: { small: 40 * S, full: 120 * S },
      read: [{ path: 'var/log/waagent.log.1.gz', events: 1 }],
    },
    // ── Truncation at every layer ────────────────────────────────────────────────────────────────────────────────
    ...[0.3, 0.9].map(
      (keep): HostileCase => ({
        cls: 'truncation',
        name: `tgz-cut-${keep}`,
        what: `the outer tgz cut at ${keep * 100}%`,
        build: async (dir) => {
          const whole = await makeTgz(await layeredFiles());
          return { input: await put(dir, `tgz-cut-${keep}.tgz`, whole.subarray(0, Math.floor(whole.length * keep))) };
        },
        budgetMs: { small: 10 * S, full: 10 * S },
        damaged: [`tgz-cut-${keep}.tgz`],
        check: (r) => r.problems.filter((p) => /not a gzip/i.test(p.message)).map((p) => `a cut gzip (it starts with 1f 8b) reported as ${JSON.stringify(p.message)}`),
      }),
    ),
    {
      cls: 'truncation',
      name: 'tar-cut',
      what: 'a plain tar cut inside a member',
      build: async (dir) => {
        const whole = await makeTar(await layeredFiles());
        return { input: await put(dir, 'tar-cut.tar', whole.subarray(0, Math.floor(whole.length * 0.6) + 100)) };
      },
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['tar-cut.tar'],
      read: [{ path: 'var/log/waagent.log' }],
    },
    {
      cls: 'truncation',
      name: 'zip-cut',
      what: 'a zip cut before its central directory',
      build: async (dir) => {
        const whole = await makeZip(await layeredFiles());
        return { input: await put(dir, 'zip-cut.zip', whole.subarray(0, Math.floor(whole.length * 0.7))) };
      },
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['zip-cut.zip'],
      read: [{ path: 'var/log/waagent.log' }],
    },
    {
      cls: 'truncation',
      name: 'member-gz-cut',
      what: 'a rotated .gz log cut in half inside a tgz',
      build: async (dir) => ({ input: await put(dir, 'member-gz-cut.tgz', await tgzWithCutMember('var/log/waagent.log.1.gz', 0.5)) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['var/log/waagent.log.1.gz'],
      read: [{ path: 'var/log/waagent.log' }, { path: 'nested/inner.tgz/x.log' }],
      check: (r) => r.problems.filter((p) => /not a gzip/i.test(p.message)).map((p) => `a cut gzip (it starts with 1f 8b) reported as ${JSON.stringify(p.message)}`),
    },
    {
      cls: 'truncation',
      name: 'member-zip-cut',
      what: "the agent's history zip cut inside a tgz",
      build: async (dir) => ({ input: await put(dir, 'member-zip-cut.tgz', await tgzWithCutMember('var/lib/waagent/history/2024-05-01.zip', 0.6)) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['var/lib/waagent/history/2024-05-01.zip'],
      read: [{ path: 'var/log/waagent.log' }, { path: 'nested/inner.tgz/x.log' }],
    },
    {
      cls: 'truncation',
      name: 'single-gz-cut',
      what: 'a single waagent.log.gz cut in half',
      build: file('waagent.log.2.gz', () => {
        const whole = gzip(noisy(2000, 9));
        return whole.subarray(0, whole.length >> 1);
      }),
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['waagent.log.2.gz'],
      read: [{ path: 'waagent.log.2.gz', events: 1 }],
      check: (r) => r.problems.filter((p) => /not a gzip/i.test(p.message)).map((p) => `a cut gzip (it starts with 1f 8b) reported as ${JSON.stringify(p.message)}`),
    },
    {
      cls: 'truncation',
      name: 'exports-cut',
      what: 'an XML and a JSON event export, each cut inside an event',
      build: async (dir) => {
        const xml = `<Events>${P.xmlEvent(1, 'VSS', 'one')}${P.xmlEvent(2, 'VSS', 'two')}${P.xmlEvent(3, 'VSS', 'three')}</Events>`;
        const json = `[${[1, 2, 3].map((i) => `{"Id":8193,"Level":2,"RecordId":${i},"ProviderName":"VSS","LogName":"Application","TimeCreated":"\\/Date(1718075400000)\\/","Message":"m${i}"}`).join(',')}]`;
        return { input: await put(dir, 'exports-cut.tgz', await makeTgz([{ path: 'exports/app.xml', content: xml.slice(0, Math.floor(xml.length * 0.8)) }, { path: 'exports/app.json', content: json.slice(0, Math.floor(json.length * 0.8)) }])) };
      },
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['exports/app.xml', 'exports/app.json'],
      read: [{ path: 'exports/app.xml', events: 1 }, { path: 'exports/app.json', events: 1 }],
    },
    // ── Names that leave the bundle, links and special files ────────────────────────────────────────────────────
    ...(['tar', 'zip'] as const).map(
      (kind): HostileCase => ({
        cls: 'traversal',
        name: `names-${kind}`,
        what: `${kind} members named ../.., /absolute, C:\\drive, and three that collide once made safe`,
        build: async (dir) => ({ input: await put(dir, `names.${kind}`, kind === 'tar' ? await makeTar(traversalFiles()) : await makeZip(traversalFiles())) }),
        budgetMs: { small: 10 * S, full: 10 * S },
        damaged: ['evil.log', 'passwd.log', 'windows-climb.log', 'outside.log', 'var/log/waagent.log'],
        check: (r) => {
          const seen = new Map<string, number>();
          for (const s of r.sources) seen.set(s.path, (seen.get(s.path) ?? 0) + 1);
          const dup = [...seen].filter(([, n]) => n > 1).map(([p, n]) => `${n} sources share the path ${p}: the members collided silently`);
          return dup.filter((d) => !r.problems.some((p) => d.includes(p.path) && /collid|same (path|name)|renamed|rewritten|duplicate/i.test(p.message)));
        },
      }),
    ),
    {
      cls: 'special-file',
      name: 'special-tar',
      what: 'tar members that are a symlink, hard links, character and block devices and a FIFO',
      build: file('special.tar', () => specialTar()),
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['var/log/shadow-link.log', 'var/log/hard-in.log', 'var/log/hard-out.log', 'dev/console.log', 'dev/sda.log', 'var/log/fifo.log'],
      read: [{ path: 'var/log/waagent.log' }, { path: 'var/log/zz-after.log' }],
      absent: ['root:x:0:0'],
    },
    {
      cls: 'special-file',
      name: 'special-zip',
      what: 'a zip symlink member to /etc/shadow',
      build: async (dir) => ({ input: await put(dir, 'special.zip', await specialZip()) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['var/log/shadow-link.log'],
      read: [{ path: 'var/log/zz-after.log' }],
    },
    {
      cls: 'special-file',
      name: 'special-folder',
      what: 'a folder holding a FIFO named like a log, a symlink to /etc/passwd and an ordinary log',
      build: async (dir) => {
        const root = join(dir, 'special-folder');
        await mkdir(join(root, 'var/log'), { recursive: true });
        await writeFile(join(root, 'var/log/waagent.log'), HEALTHY_LINE.repeat(5));
        await symlink('/etc/passwd', join(root, 'var/log/passwd-link.log'));
        execFileSync('mkfifo', [join(root, 'var/log/waagent.log.1')]);
        return { input: root };
      },
      budgetMs: { small: 10 * S, full: 10 * S },
      damaged: ['var/log/passwd-link.log'],
      read: [{ path: 'var/log/waagent.log' }],
      absent: ['root:x:0:0'],
    },
    // ── EVTX ────────────────────────────────────────────────────────────────────────────────────────────────────
    evtxCase('self-referencing', 'nested Binary XML that instantiates the template being expanded, 5 uses, 11 levels', () => selfReferencingNested(11, 5)),
    evtxCase('nested-arrays', 'elements nested 6 deep, each repeated by one 200-item array (200^6)', () => nestedArrays(6, 200)),
    evtxCase('siblings-array', '2,000 sibling Data elements bound to one 25,000-item array', () => siblingsOnArray(2000, 25000)),
    evtxCase('corrupt-chunks', 'chunks whose templates, names, sizes, offsets and checksums lie; garbage and cut slots', () => corruptChunks()),
    // ── Event exports ───────────────────────────────────────────────────────────────────────────────────────────
    {
      cls: 'export',
      name: 'xml-billion-laughs',
      what: 'an Event Viewer XML export whose DOCTYPE expands to 10^10 "lol"s',
      build: file('billion-laughs.xml', () => P.billionLaughs(10, 10)),
      budgetMs: { small: 15 * S, full: 15 * S },
      outputs: ['text'],
      // every event read, the DOCTYPE ignored: no entity is expanded, `&l9;` stays as written
      read: [{ path: 'billion-laughs.xml', events: 3, parser: 'event-xml' }],
      absent: ['lollol'],
    },
    {
      cls: 'export',
      name: 'xml-quadratic',
      what: 'one 100 KB entity referenced 10,000 times (1 GB)',
      build: file('quadratic.xml', () => P.quadraticBlowup(100_000, 10_000)),
      budgetMs: { small: 15 * S, full: 15 * S },
      read: [{ path: 'quadratic.xml', events: 2, parser: 'event-xml' }],
      absent: ['x'.repeat(1000)],
    },
    {
      cls: 'export',
      name: 'xml-external-entity',
      what: 'an external entity naming /etc/passwd',
      build: file('external-entity.xml', () => P.externalEntity()),
      budgetMs: { small: 10 * S, full: 10 * S },
      outputs: ['text', 'markdown', 'jsonl'],
      absent: ['root:x:0:0', '/bin/bash', '/usr/sbin/nologin'],
      read: [{ path: 'external-entity.xml', events: 2, parser: 'event-xml' }],
    },
    {
      cls: 'export',
      name: 'xml-deep',
      what: 'an XML event export with 100,000 nested elements in one event',
      build: file('deep.xml', (scale) => P.deepXml(sized(scale, 100_000, 1_000_000))),
      budgetMs: { small: 15 * S, full: 30 * S },
      read: [{ path: 'deep.xml', events: 2 }],
    },
    {
      cls: 'export',
      name: 'csv-huge-field',
      what: 'an Event Viewer CSV export with one message field of 64 MB (full: 1 GB)',
      build: file('events.csv.gz', (scale) => P.csvHugeField(sized(scale, 64 * MiB, GiB))),
      budgetMs: { small: 20 * S, full: 90 * S },
      read: [{ path: 'events.csv.gz', events: 1 }],
    },
    {
      cls: 'export',
      name: 'csv-unclosed-quote',
      what: 'an Event Viewer CSV export whose second row opens a quote that never closes (64 MB; full: 1 GB)',
      build: file('unclosed.csv.gz', (scale) => P.csvUnclosedQuote(sized(scale, 64 * MiB, GiB))),
      budgetMs: { small: 20 * S, full: 90 * S },
      damaged: ['unclosed.csv.gz'],
      read: [{ path: 'unclosed.csv.gz', events: 1 }],
    },
    {
      cls: 'export',
      name: 'csv-many-columns',
      what: 'an Event Viewer CSV row of 10 million columns',
      build: file('columns.csv.gz', (scale) => P.csvManyColumns(sized(scale, 10_000_000, 200_000_000))),
      budgetMs: { small: 15 * S, full: 60 * S },
      read: [{ path: 'columns.csv.gz', events: 1 }],
    },
    {
      cls: 'export',
      name: 'json-huge-string',
      what: 'a PowerShell JSON export with one 64 MB message (full: 1 GB)',
      build: file('events.json.gz', (scale) => P.jsonHugeString(sized(scale, 64 * MiB, GiB))),
      budgetMs: { small: 20 * S, full: 90 * S },
      read: [{ path: 'events.json.gz', events: 1 }],
    },
    {
      cls: 'export',
      name: 'json-deep',
      what: 'a PowerShell JSON export nested a million arrays deep',
      build: file('deep.json', (scale) => P.jsonDeep(sized(scale, 1_000_000, 10_000_000))),
      budgetMs: { small: 15 * S, full: 30 * S },
      read: [{ path: 'deep.json', events: 1 }],
    },
    {
      cls: 'export',
      name: 'json-unclosed-string',
      what: 'a PowerShell JSON export ending inside a 16 MB string',
      build: file('unclosed.json.gz', (scale) => P.jsonUnclosedString(sized(scale, 16 * MiB, GiB))),
      budgetMs: { small: 15 * S, full: 90 * S },
      damaged: ['unclosed.json.gz'],
    },
    // ── Agent state files ───────────────────────────────────────────────────────────────────────────────────────
    {
      cls: 'state',
      name: 'state-files',
      what: 'goal-state XML with entity bombs, deep JSON state files, a huge HandlerEnvironment',
      build: async (dir, scale) => {
        const files: FixtureFile[] = [
          { path: 'var/lib/waagent/GoalState.1.xml', content: P.stateXmlBomb('GoalState', 10, 10) },
          { path: 'var/lib/waagent/ExtensionsConfig.1.xml', content: `<?xml version="1.0"?><!DOCTYPE Extensions [<!ENTITY big "${'x'.repeat(100_000)}">]><Extensions>${'&big;'.repeat(10_000)}</Extensions>` },
          { path: 'var/lib/waagent/ovf-env.xml', content: '<Environment>' + '<a>'.repeat(200_000) + '</a>'.repeat(200_000) + '</Environment>' },
          { path: 'var/lib/waagent/waagent_status.json', content: P.jsonStateDeep(sized(scale, 1_000_000, 5_000_000)) },
          { path: 'var/lib/waagent/VmSettings.json', content: P.jsonStateDeep(100_000) },
          { path: 'var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/HandlerEnvironment.json', content: `[{"name":"x","handlerEnvironment":{"logFolder":"${'a'.repeat(sized(scale, 8 * MiB, 64 * MiB))}"}}]` },
          { path: 'var/log/waagent.log', content: HEALTHY_LINE.repeat(5) },
        ];
        return { input: await put(dir, 'state-files.tgz', await makeTgz(files)) };
      },
      budgetMs: { small: 20 * S, full: 60 * S },
      read: [{ path: 'var/log/waagent.log', events: 5 }],
    },
    // ── Text ────────────────────────────────────────────────────────────────────────────────────────────────────
    {
      cls: 'text',
      name: 'long-line',
      what: 'a rotated log whose one line is 256 MB (full: 1 GB), between ordinary lines',
      build: file('waagent.log.1.gz', (scale) => P.longLine(sized(scale, 256 * MiB, GiB))),
      budgetMs: { small: 20 * S, full: 60 * S },
      outputs: ['text', 'jsonl'],
      damaged: ['waagent.log.1.gz'],
      read: [{ path: 'waagent.log.1.gz', events: 2 }],
    },
    {
      cls: 'text',
      name: 'carriage-returns',
      what: '64 MB of lines ended by CR only (full: 1 GB)',
      build: file('syslog.1.gz', (scale) => P.carriageReturnsOnly(sized(scale, 64 * MiB, GiB))),
      budgetMs: { small: 20 * S, full: 90 * S },
      read: [{ path: 'syslog.1.gz' }],
    },
    {
      cls: 'text',
      name: 'endless-entry',
      what: 'one waagent ERROR entry followed by 256 MB of traceback lines (full: 1 GB)',
      build: file('waagent.log.3.gz', (scale) => P.endlessEntry(sized(scale, 256 * MiB, GiB))),
      budgetMs: { small: 30 * S, full: 120 * S },
      outputs: ['text'],
      read: [{ path: 'waagent.log.3.gz', events: 2 }],
    },
    {
      cls: 'text',
      name: 'nul-flood',
      what: '64 MB of NUL bytes in a rotated log',
      build: file('messages.1.gz', (scale) => P.nulFlood(sized(scale, 64 * MiB, GiB))),
      budgetMs: { small: 15 * S, full: 60 * S },
      mayRefuse: true,
    },
    {
      cls: 'text',
      name: 'nuls-in-waagent',
      what: "16 NUL bytes in a waagent.log's first 4 KB (issue 11, point 7)",
      build: async (dir) => ({ input: await put(dir, 'nuls.tgz', await makeTgz([{ path: 'var/log/waagent.log', content: P.waagentWithNuls(16, 200) }])) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      read: [{ path: 'var/log/waagent.log', parser: 'waagent-log', events: 150 }],
    },
    {
      cls: 'text',
      name: 'invalid-utf8',
      what: 'a waagent.log whose lines carry invalid UTF-8',
      build: async (dir) => ({ input: await put(dir, 'invalid-utf8.tgz', await makeTgz([{ path: 'var/log/waagent.log', content: P.waagentInvalidUtf8(200) }])) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      outputs: ['text', 'markdown', 'csv'],
      read: [{ path: 'var/log/waagent.log', parser: 'waagent-log', events: 150 }],
    },
    {
      cls: 'text',
      name: 'utf16-no-bom',
      what: 'a syslog written as UTF-16LE without a byte-order mark',
      build: async (dir) => ({ input: await put(dir, 'utf16.tgz', await makeTgz([{ path: 'var/log/syslog', content: P.utf16NoBom(200) }])) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      // Recognised by the NUL halves of its ASCII and decoded: every line read by the syslog parser.
      read: [{ path: 'var/log/syslog', parser: 'syslog', events: 200 }],
    },
    {
      cls: 'state',
      name: 'state-xml-huge-name',
      what: 'a HostingEnvironmentConfig.xml whose attribute name is 500,000 wide characters (the validator quotes it in its error)',
      build: async (dir, scale) =>
        ({
          input: await put(
            dir,
            'huge-name.tgz',
            await makeTgz([
              {
                path: 'var/lib/waagent/HostingEnvironmentConfig.xml',
                content: `<?xml version="1.0" encoding="utf-8"?>\n<HostingEnvironmentConfig version="1.0.0.0"><Deployment name="x" 1${'名'.repeat(sized(scale, 500_000, 2_000_000))}="1"/></HostingEnvironmentConfig>\n`,
              },
              { path: 'var/log/waagent.log', content: HEALTHY_LINE },
            ]),
          ),
        }),
      budgetMs: { small: 15 * S, full: 30 * S },
      outputs: ['text', 'markdown'],
      read: [{ path: 'var/log/waagent.log' }],
      check: (r) => r.problems.filter((p) => p.message.length > 2000).map((p) => `a problem message of ${p.message.length} characters: ${p.path}`),
    },
    // ── Payloads and secrets ────────────────────────────────────────────────────────────────────────────────────
    {
      cls: 'payload',
      name: 'payloads',
      what: 'escape sequences, Markdown/HTML and formulas in log lines, member names, an extension name and the bundle name',
      build: async (dir) => ({ input: await put(dir, PAYLOAD_BUNDLE_NAME, await makeTgz(payloadFiles())) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      outputs: ['text', 'markdown', 'html', 'jsonl', 'csv'],
      damaged: ['broken.log.gz'],
    },
    {
      cls: 'secret',
      name: 'secrets',
      what: 'every secret form of issue 11 in logs, state files, an event export and a key file',
      build: async (dir) => ({ input: await put(dir, 'secrets.tgz', await makeTgz(secretFiles(plantedSecrets()))) }),
      budgetMs: { small: 10 * S, full: 10 * S },
      outputs: ['text', 'markdown', 'html', 'jsonl', 'csv'],
      absent: plantedSecrets().flatMap((s) => s.probes),
    },
  ];
  return cases;
}
