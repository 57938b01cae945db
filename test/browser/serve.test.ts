// `logscan serve`: static files of dist/web on 127.0.0.1, right MIME types, nothing outside its folder,
// only its own host names, and a clean stop on SIGINT.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePort, resolveRequestPath } from '../../src/cli/serve.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');

interface Served {
  child: ChildProcess;
  port: number;
  stdout: string;
}

function start(args: string[] = ['--port', '0']): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const timer = setTimeout(() => reject(new Error('no URL within 20 s')), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^logscan viewer: http:\/\/127\.0\.0\.1:(\d+)\/$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stdout });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}`));
    });
  });
}

/** A raw request: the path is sent exactly as given (no client-side normalisation). */
function get(port: number, path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('resolveRequestPath', () => {
  const web = '/srv/web';
  it.each([
    ['/', '/srv/web/index.html'],
    ['/main.js', '/srv/web/main.js'],
    ['/a/b/', '/srv/web/a/b/index.html'],
    ['/../../etc/passwd', '/srv/web/etc/passwd'],
    ['/%2e%2e/%2e%2e/etc/passwd', '/srv/web/etc/passwd'],
    ['/..%2f..%2fpackage.json', '/srv/web/package.json'],
  ])('%s -> %s', (path, file) => expect(resolveRequestPath(web, path)).toBe(file));

  it.each(['/%5c..%5cx', '/a%00b', '/%E0%A4%A'])('refuses %s', (path) => expect(resolveRequestPath(web, path)).toBeNull());
});

describe('parsePort', () => {
  it('takes 0 to 65535 and refuses the rest', () => {
    expect(parsePort(undefined)).toBeUndefined();
    expect(parsePort('0')).toBe(0);
    expect(parsePort('7171')).toBe(7171);
    for (const bad of ['-1', '65536', 'abc', '1.5', '']) expect(() => parsePort(bad)).toThrow(/--port/);
  });
});

describe('logscan serve', () => {
  let served: Served;
  beforeAll(async () => {
    served = await start();
  }, 30_000);
  afterAll(() => {
    if (served?.child.exitCode === null) served.child.kill('SIGKILL');
  });

  it('serves the viewer with the right types', async () => {
    const page = await get(served.port, '/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<input id="file" type="file"');
    for (const [path, type] of [
      ['/main.js', 'text/javascript; charset=utf-8'],
      ['/worker.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/main.js.map', 'application/json; charset=utf-8'],
    ]) {
      const r = await get(served.port, path!);
      expect([path, r.status, r.type]).toEqual([path, 200, type]);
    }
    expect((await get(served.port, '/', { method: 'HEAD' })).status).toBe(200);
  });

  it('gives nothing outside dist/web, nothing to other host names or methods', async () => {
    for (const path of ['/../../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/nope.js', '/ingest']) {
      expect([path, (await get(served.port, path)).status]).toEqual([path, 404]);
    }
    expect((await get(served.port, '/%5c..%5cpackage.json')).status).toBe(400);
    expect((await get(served.port, '/', { host: 'attacker.example' })).status).toBe(421);
    expect((await get(served.port, '/', { host: `localhost:${served.port}` })).status).toBe(200);
    expect((await get(served.port, '/', { method: 'POST' })).status).toBe(405);
  });

  it('stops cleanly on SIGINT', async () => {
    const exited = exitOf(served.child);
    served.child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 15_000);

  it('refuses a bad port with exit code 2', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '70000'], { cwd: root, stdio: 'ignore' });
    expect(await exitOf(child)).toBe(2);
  }, 15_000);
});
