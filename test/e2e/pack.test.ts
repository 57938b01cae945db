// The npm package: `npm pack` ships what runs (bin/, the bundled CLI in dist/bin/, the viewer in dist/web/, README,
// LICENSE, package.json) and nothing else: no source maps, no tsc tree, under 1 MB. The tarball installs into an
// empty folder offline, with no install script to run or approve, and the installed `logscan` answers.
//
// One pack (of the build `npm test` made: `--ignore-scripts`, so `prepack` does not rebuild dist/ under the other
// tests' feet) and one install. The runtime dependencies come from the npm cache that `npm ci` filled, pinned to the
// project's lockfile: `npm install <tgz>` alone asks the registry for full package documents, which `npm ci` never
// caches, so the folder gets a lockfile made of the project's non-dev entries and needs nothing new.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'logscan-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MAX_PACKED_BYTES = 1_000_000;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`npm ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let pack: PackResult;
let consumer: string;
let installed: string;
let installStderr: string;

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'bin', 'main.js')) || !existsSync(join(root, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/ is not built: run npm run build (npm test does)');
  }
  const out = join(tmp, 'pack');
  mkdirSync(out);
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], root);
  if (packed.code !== 0) throw new Error(`npm pack failed (${packed.code}): ${packed.stderr.trim()}`);
  pack = (JSON.parse(packed.stdout) as PackResult[])[0]!;

  // An empty project that depends on the tarball, with the project's runtime dependencies locked as in the
  // project (a file: tarball dependency is locked by its path; its dependencies by the project's own entries).
  consumer = join(tmp, 'consumer');
  mkdirSync(consumer);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const spec = `file:${join(out, pack.filename)}`;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { logscan: spec } },
    'node_modules/logscan': { version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional && !entry.link) packages[path] = entry;
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { logscan: spec } }, null, 2));
  writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));

  const install = npm(['install', '--offline', '--no-audit', '--no-fund', join(out, pack.filename)], consumer);
  if (install.code !== 0) {
    const cause = /ENOTCACHED/.test(install.stderr)
      ? "logscan's runtime dependencies are not in the npm cache: run npm ci first (it fills the cache), then npm test"
      : install.stderr.trim();
    throw new Error(`npm install --offline of the packed tarball failed: ${cause}`);
  }
  installStderr = install.stderr;
  installed = join(consumer, 'node_modules', 'logscan');
}, 120_000);

describe('npm pack', () => {
  it('ships bin/, the bundled CLI, the built viewer, README, LICENSE and package.json, nothing else', () => {
    const paths = pack.files.map((f) => f.path).sort();
    const allowed = (p: string) =>
      ['package.json', 'README.md', 'LICENSE', 'bin/logscan.js'].includes(p) || /^dist\/bin\/[^/]+\.js$/.test(p) || /^dist\/web\/[^/]+$/.test(p);
    expect(paths.filter((p) => !allowed(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    for (const p of [
      'package.json',
      'README.md',
      'LICENSE',
      'bin/logscan.js',
      'dist/bin/main.js',
      'dist/bin/parse-worker.js',
      'dist/web/index.html',
      'dist/web/style.css',
      'dist/web/main.js',
      'dist/web/worker.js',
      'dist/web/report-page.js',
    ]) {
      expect(paths, p).toContain(p);
    }
    expect(pack.entryCount).toBe(paths.length);
  });

  it(`is under ${MAX_PACKED_BYTES / 1e6} MB packed`, () => {
    expect(pack.size).toBeLessThan(MAX_PACKED_BYTES);
  });

  it('LICENSE is the MIT licence that package.json names', () => {
    const license = readFileSync(join(installed, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} logscan contributors\n/);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).license).toBe('MIT');
  });

  it('builds before packing, and has no script that an install runs or asks to approve', () => {
    const scripts = (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.prepack).toBe('npm run build');
    // npm runs preinstall/install/postinstall for a dependency, and lists `prepare` (a git, file or tarball one)
    // among the install scripts to approve; a clone builds through `postprepare`, which only the root's install runs.
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts, s).not.toHaveProperty(s);
    expect(installStderr).not.toMatch(/install-scripts|allowScripts/);
  });
});

describe('the installed package', () => {
  const bin = () => join(consumer, 'node_modules', '.bin', 'logscan');
  const run = (args: string[]) => {
    const r = spawnSync(bin(), args, { cwd: consumer, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('logscan --help', () => {
    const r = run(['--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: logscan/);
  });

  it('analyses a sample: JSON, and the HTML page made from the packed viewer files', () => {
    const sample = join(root, 'samples', 'agent-crash-loop.tgz');
    const r = run([sample, '--format', 'json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.tool.name).toBe('logscan');
    expect(report.findings.map((f) => f.id)).toContain('resource-pressure.disk-full');

    const html = join(tmp, 'report.html');
    const h = run([sample, '--format', 'html', '-o', html, '--no-progress']);
    expect(h.stderr).toBe('');
    expect(h.code).toBe(1);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('logscan serve serves the packed viewer', async () => {
    const child = spawn(bin(), ['serve', '--port', '0'], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let stdout = '';
        const timer = setTimeout(() => reject(new Error(`no URL within 20 s: ${stdout}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`serve exited with ${code}`));
        });
      });
      for (const path of ['/', '/worker.js', '/style.css']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(res.status, path).toBe(200);
        expect((await res.text()).length, path).toBeGreaterThan(0);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});
