// The built CLI as the browser tests use it: `logscan serve` on a free port, a JSON report, an HTML report.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/model.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(root, 'bin', 'logscan.js');
export const samples = join(root, 'samples');
export const shots = join(root, 'test-output', 'browser');

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** Starts `logscan serve --port 0` and resolves once it prints its URL. */
export function startServer(timeoutMs = 30_000): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`logscan serve printed no URL within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], stop: () => stop(child) });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`logscan serve exited with ${code} before serving; stderr: ${err}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/** `logscan <path> --format json`. */
export function cliReport(path: string): Report {
  const r = spawnSync(process.execPath, [bin, path, '--format', 'json', '--no-progress', '--fail-on', 'never'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`logscan ${path} exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

/** `logscan <path> --format html -o <out>`. */
export function writeHtmlReport(path: string, out: string): void {
  const r = spawnSync(process.execPath, [bin, path, '--format', 'html', '-o', out, '--no-progress', '--fail-on', 'never'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`logscan ${path} --format html exited with ${r.status}: ${r.stderr}`);
}
