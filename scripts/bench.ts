// npm run bench: throughput and peak memory of `logscan bundle.tgz` on generated bundles of waagent.log text,
// mostly rotated .gz files inside a .tgz, against the time gzip needs just to decompress every layer.
// Targets, on the bundles of >= 200 MB of text (217 MB, twice and four times that): within 2x of gzip; peak
// RSS under 200 MB, and flat from twice to four times (V8 frees dead buffers and grows its heaps in steps, so
// peak memory climbs over the first seconds, then stays). Peak RSS under 200 MB too on a bundle whose 217 MB
// log is one plain file (streamed to the worker, parsed on one thread: its time is for the record, like that
// of a 113 MB bundle). Each time is the median of three runs (shared machines are noisy); the ceiling is
// checked on the highest peak RSS of the three, the growth on the medians.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { makeTgz } from '../test/helpers/archives.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const dataDir = join(root, 'bench-data');
const MB = 1024 * 1024;

/** A deterministic pseudo-random sequence, so every run benchmarks the same bytes. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const EXT = '[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0]';
const TEMPLATES: ((r: () => number) => string)[] = [
  () => 'ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_12 1187 ms]',
  (r) => `ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.10.0.8 is running as the goal state agent [DEBUG HeartbeatCounter: ${Math.floor(r() * 900)};HeartbeatId: 5B1E7C2A-0C8B-4D5E-9E1F-33C1A8A0B001;DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1;UpdateMode: SelfUpdate]`,
  () => `ExtHandler ${EXT} Target handler state: enabled [incarnation_12]`,
  () => `ExtHandler ${EXT} [Enable] current handler state is: enabled`,
  (r) => `ExtHandler ${EXT} Update settings file: ${Math.floor(r() * 300)}.settings`,
  () => `ExtHandler ${EXT} Enable extension: [main/handle.sh enable]`,
  () => 'ExtHandler ExtHandler Fetched a new incarnation for the WireServer goal state [incarnation 12]',
  (r) => `EnvHandler ExtHandler Set block dev timeout: sd${'abc'[Math.floor(r() * 3)]} with timeout: 300`,
  () => "ExtHandler ExtHandler Extension status: [('Microsoft.Azure.RecoveryServices.VMSnapshotLinux', 'success')]",
  () => 'MonitorHandler ExtHandler Stopped tracking cgroup Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0 [/sys/fs/cgroup/cpu,cpuacct/azure.slice/azure-vmextensions.slice]',
];

/** Roughly `bytes` of waagent.log text starting at `start`, with a failure now and then. */
function logText(bytes: number, start: number, r: () => number): string {
  const lines: string[] = [];
  let size = 0;
  let t = start;
  while (size < bytes) {
    t += Math.floor(r() * 4000);
    const stamp = new Date(t).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(Math.floor(r() * 1000)).padStart(3, '0')}Z`);
    let line: string;
    const roll = r();
    if (roll < 0.0005) {
      line = `${stamp} ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made`;
    } else if (roll < 0.001) {
      line = `${stamp} WARNING ExtHandler ExtHandler Agent WALinuxAgent-2.10.0.8 failed with exception: [Errno 28] No space left on device\nTraceback (most recent call last):\n  File "azurelinuxagent/ga/update.py", line 466, in run\nOSError: [Errno 28] No space left on device`;
    } else {
      line = `${stamp} INFO ${TEMPLATES[Math.floor(r() * TEMPLATES.length)]!(r)}`;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

interface Bundle {
  path: string;
  textBytes: number;
  innerGz: string[];
}

/** Builds (or reuses) a bundle: `rotated` gzipped logs of ~9 MB text each plus a plain current log. */
async function makeBundle(name: string, rotated: number): Promise<Bundle> {
  const dir = join(dataDir, name);
  const tgz = join(dataDir, `${name}.tgz`);
  const perFile = 9 * MB;
  if (existsSync(tgz) && existsSync(dir)) {
    const innerGz = readdirSync(dir).filter((f) => f.endsWith('.gz')).map((f) => join(dir, f));
    return { path: tgz, textBytes: (rotated + 1) * perFile, innerGz };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = prng(42);
  const files: { path: string; content: Buffer }[] = [];
  const innerGz: string[] = [];
  let textBytes = 0;
  const day = 86_400_000;
  const start = Date.UTC(2024, 0, 1);
  for (let i = rotated; i >= 1; i--) {
    const text = logText(perFile, start + (rotated - i) * day, r);
    textBytes += Buffer.byteLength(text);
    const gz = gzipSync(text);
    const stamp = new Date(start + (rotated - i + 1) * day).toISOString().slice(0, 10);
    const fname = `waagent.log-${stamp}-${(start + (rotated - i + 1) * day) / 1000}.gz`;
    writeFileSync(join(dir, fname), gz);
    innerGz.push(join(dir, fname));
    files.push({ path: `var/log/${fname}`, content: gz });
  }
  const current = logText(perFile, start + rotated * day, r);
  textBytes += Buffer.byteLength(current);
  files.push({ path: 'var/log/waagent.log', content: Buffer.from(current) });
  writeFileSync(tgz, await makeTgz(files));
  return { path: tgz, textBytes, innerGz };
}

/**
 * Builds (or reuses) a bundle whose log is one plain `var/log/waagent.log` of `pieces` x 9 MB, nothing rotated
 * or gzipped inside: such logs are streamed to a worker chunk by chunk. Written as a stream (bounded memory).
 */
async function makePlainBundle(name: string, pieces: number): Promise<Bundle> {
  const tgz = join(dataDir, `${name}.tgz`);
  const perFile = 9 * MB;
  if (existsSync(tgz)) return { path: tgz, textBytes: pieces * perFile, innerGz: [] };
  const r = prng(7);
  const start = Date.UTC(2024, 0, 1);
  const texts = Array.from({ length: pieces }, (_, i) => i);
  // Sizes first (a tar header needs the size), then the same pieces again from the same seed.
  const sizes = texts.map((i) => Buffer.byteLength(logText(perFile, start + i * 86_400_000, r)));
  const size = sizes.reduce((a, b) => a + b, 0);
  const pack = tar.pack();
  const out = pack.pipe(createGzip({ level: 1 })).pipe(createWriteStream(tgz));
  const again = prng(7);
  await new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ name: 'var/log/waagent.log', size, mtime: new Date(start) }, (error) => (error ? reject(error) : resolve()));
    const writeAll = async (): Promise<void> => {
      for (const i of texts) {
        const text = logText(perFile, start + i * 86_400_000, again);
        if (!entry.write(text)) await new Promise<void>((drained) => entry.once('drain', () => drained()));
      }
      (entry as unknown as { end(): void }).end();
    };
    writeAll().catch(reject);
  });
  pack.finalize();
  await new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
  return { path: tgz, textBytes: size, innerGz: [] };
}

function seconds(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const RUNS = 3;

/**
 * The child's peak RSS in KiB: VmHWM from /proc (Linux), which starts afresh at exec, whereas getrusage's
 * maxRSS keeps the parent's peak across fork and exec (this script's own, after generating a bundle).
 */
const PEAK_RSS_KB = `await (async () => { try { const { readFileSync } = await import('node:fs'); return Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } })()`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** What gzip needs to decompress every layer: the outer .tgz, then each inner .gz. */
function gzipBaseline(bundle: Bundle): number {
  const run = (file: string): void => {
    const r = spawnSync('gzip', ['-dc', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`gzip -dc ${file} failed`);
  };
  return median(Array.from({ length: RUNS }, () => seconds(() => run(bundle.path)) + seconds(() => bundle.innerGz.forEach(run))));
}

function runLogscanOnce(bundle: Bundle): { seconds: number; maxRssMb: number; findings: number } {
  const script = `import('./dist/bin/main.js').then(async (m) => { const code = await m.main(['${bundle.path}', '--format', 'json', '-o', '${join(dataDir, 'report.json')}', '--no-progress']); process.stderr.write(JSON.stringify({ code, maxRss: ${PEAK_RSS_KB} }) + '\\n'); })`;
  let out = '';
  const s = seconds(() => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    out = r.stderr;
    if (r.status !== 0) throw new Error(`logscan failed: ${r.stderr}`);
  });
  const stats = JSON.parse(out.trim().split('\n').pop()!) as { code: number; maxRss: number };
  if (stats.code !== 0 && stats.code !== 1) throw new Error(`logscan exited ${stats.code}: ${out.trim()}`);
  const report = JSON.parse(spawnSync('cat', [join(dataDir, 'report.json')], { encoding: 'utf8', maxBuffer: 64 * MB }).stdout) as { findings: unknown[] };
  return { seconds: s, maxRssMb: stats.maxRss / 1024, findings: report.findings.length };
}

/** Median time; the highest peak RSS (for the 200 MB ceiling) and the median one (for growth, less noisy). */
function runLogscan(bundle: Bundle): { seconds: number; maxRssMb: number; medianRssMb: number; findings: number } {
  const runs = Array.from({ length: RUNS }, () => runLogscanOnce(bundle));
  const rss = runs.map((r) => r.maxRssMb);
  return { seconds: median(runs.map((r) => r.seconds)), maxRssMb: Math.max(...rss), medianRssMb: median(rss), findings: runs[0]!.findings };
}

/**
 * EVTX throughput over the corpus samples (../shared/corpus/evtx), against libyal's evtxexport when it is
 * installed (Debian: libevtx-utils). Target: at least 5x faster.
 */
async function benchEvtx(): Promise<boolean> {
  const dir = join(root, '..', 'shared', 'corpus', 'evtx');
  if (!existsSync(dir)) {
    console.log('EVTX: ../shared/corpus/evtx not found, skipped');
    return true;
  }
  const { evtxParser } = (await import(join(root, 'dist', 'parsers', 'evtx', 'index.js'))) as typeof import('../src/parsers/evtx/index.js');
  const files = readdirSync(dir).filter((f) => f.endsWith('.evtx')).map((f) => join(dir, f));
  const { readFileSync } = await import('node:fs');
  const blobs = files.map((f) => readFileSync(f));
  const bytes = blobs.reduce((n, b) => n + b.length, 0);
  const rounds = 5;
  let records = 0;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const blob of blobs) {
      const chunks: Uint8Array[] = [];
      for (let o = 0; o < blob.length; o += 65536) chunks.push(blob.subarray(o, o + 65536));
      const [first, ...rest] = chunks;
      await evtxParser.parse(first ?? new Uint8Array(0), (async function* () { yield* rest; })(), {
        path: 'bench.evtx',
        tz: { explicit: false, toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) },
        emit: () => {
          records++;
        },
        fact: () => {},
        problem: () => {},
      });
    }
  }
  const ours = Number(process.hrtime.bigint() - t0) / 1e9 / rounds;
  const mbps = bytes / 1e6 / ours;
  let line = `EVTX: ${files.length} corpus files, ${(bytes / 1e6).toFixed(1)} MB, ${records / rounds} records: ${ours.toFixed(3)} s = ${mbps.toFixed(1)} MB/s`;
  const which = spawnSync('sh', ['-c', 'command -v evtxexport'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.log(`${line}; evtxexport not installed (apt-get install libevtx-utils) so no comparison`);
    return true;
  }
  const theirs = seconds(() => {
    for (const f of files) spawnSync('evtxexport', ['-f', 'xml', f], { stdio: 'ignore' });
  });
  line += `; evtxexport ${theirs.toFixed(3)} s = ${(bytes / 1e6 / theirs).toFixed(1)} MB/s; ${(theirs / ours).toFixed(1)}x faster (target >= 5x)`;
  console.log(line);
  return theirs / ours >= 5;
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'bin', 'main.js'))) throw new Error('run npm run build first');
  mkdirSync(dataDir, { recursive: true });
  console.log('generating bundles (cached in bench-data/) …');
  const half = await makeBundle('half', 11);
  const large = await makeBundle('large', 22);
  const double = await makeBundle('double', 45);
  const quad = await makeBundle('quad', 91);
  const plain = await makePlainBundle('plain', 24);
  const rows: string[] = [];
  let ok = true;
  const rss = new Map<Bundle, number>();
  for (const bundle of [half, large, plain, double, quad]) {
    const baseline = gzipBaseline(bundle);
    const result = runLogscan(bundle);
    const mb = bundle.textBytes / 1e6;
    const ratio = result.seconds / baseline;
    // The 2x target is for the bundles of rotated .gz logs (the issue's); a single plain log parses on one thread.
    const judged = bundle !== half && bundle !== plain;
    rss.set(bundle, result.medianRssMb);
    rows.push(
      `${bundle.path.replace(root + '/', '')}: ${mb.toFixed(0)} MB of text (${(statSync(bundle.path).size / 1e6).toFixed(1)} MB .tgz)\n` +
        `  logscan ${result.seconds.toFixed(2)} s = ${(mb / result.seconds).toFixed(1)} MB/s; gzip alone ${baseline.toFixed(2)} s; ratio ${ratio.toFixed(2)}x${judged ? ' (target <= 2x)' : ''}\n` +
        `  peak RSS ${result.maxRssMb.toFixed(0)} MB at most, median ${result.medianRssMb.toFixed(0)} MB (target < 200 MB); ${result.findings} findings`,
    );
    if ((judged && ratio > 2) || result.maxRssMb >= 200) ok = false;
  }
  const growth = rss.get(quad)! - rss.get(double)!;
  // Memory that grew with the input would add ~150 MB here; what V8's heaps still settle between 2 and 4 s
  // of work stays under 30 MB (1.7 GB of text measured the same peak as 0.87 GB).
  rows.push(`median peak RSS from ${(double.textBytes / 1e6).toFixed(0)} MB to ${(quad.textBytes / 1e6).toFixed(0)} MB of text: ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB (target: flat, within 30 MB)`);
  if (growth > 30) ok = false;
  console.log(rows.join('\n'));
  if (!(await benchEvtx())) ok = false;
  console.log(ok ? 'bench: all targets met' : 'bench: a target was missed');
  process.exitCode = ok ? 0 : 1;
}

await main();
