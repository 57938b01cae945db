// `logscan serve`: the web viewer (dist/web/, built by `npm run build`) on 127.0.0.1 only. Static files,
// nothing else: the analysis runs in the browser. Launches no browser; stops on Ctrl+C (SIGINT) or SIGTERM.
import { createReadStream, existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PORT = 7171;
const HOST = '127.0.0.1';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

const HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/** dist/web beside dist/cli (this file compiles to dist/cli/serve.js). */
export function webRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
}

/**
 * The file under `root` that a request path names, or null when it names none: malformed escapes, NUL
 * or `\` in it, or a path that would leave `root` (`..` segments are resolved first, at most to `/`).
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  path = posix.normalize(`/${path}`);
  if (path.endsWith('/')) path += 'index.html';
  const full = join(root, ...path.split('/').filter((s) => s !== ''));
  return full.startsWith(root + sep) ? full : null;
}

function send(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

async function handle(root: string, realRoot: string, port: () => number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Only this machine's own names: a page elsewhere cannot reach the viewer through a rebound DNS name.
  const host = (req.headers.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port()}` && host !== `localhost:${port()}`) return send(res, 421, 'unknown host\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
  const pathname = new URL(req.url ?? '/', `http://${HOST}`).pathname;
  const file = resolveRequestPath(root, pathname);
  if (!file) return send(res, 400, 'bad path\n');
  let size: number;
  try {
    const real = await realpath(file);
    if (!real.startsWith(realRoot + sep)) return send(res, 404, 'not found\n');
    const st = await stat(real);
    if (!st.isFile()) return send(res, 404, 'not found\n');
    size = st.size;
  } catch {
    return send(res, 404, 'not found\n');
  }
  res.writeHead(200, { ...HEADERS, 'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => {
      server.off('listening', listening);
      reject(error);
    };
    const listening = (): void => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', failed);
    server.once('listening', listening);
    server.listen(port, HOST);
  });
}

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new Error(`--port ${text}: expected a port number from 0 to 65535 (0: any free port)`);
  return n;
}

/**
 * Serves `root` until SIGINT or SIGTERM; resolves to the exit code. Without a port, 7171 or, when that
 * is taken, a free one. Prints the URL on stdout.
 */
export async function serve(opts: { port?: string; root?: string; out?: NodeJS.WritableStream }): Promise<number> {
  const root = opts.root ?? webRoot();
  if (!existsSync(join(root, 'index.html'))) throw new Error(`the web viewer is not built (${join(root, 'index.html')} is missing): run npm run build`);
  const realRoot = await realpath(root);
  const wanted = parsePort(opts.port);
  let port = 0;
  const server = createServer((req, res) => {
    handle(root, realRoot, () => port, req, res).catch(() => res.destroy());
  });
  try {
    port = await listen(server, wanted ?? DEFAULT_PORT);
  } catch (error) {
    if (wanted !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      throw new Error(`cannot listen on ${HOST}:${wanted ?? DEFAULT_PORT}: ${(error as Error).message}`);
    }
    port = await listen(server, 0);
  }
  (opts.out ?? process.stdout).write(`logscan viewer: http://${HOST}:${port}/\n`);
  process.stderr.write('Open it in a browser; press Ctrl+C to stop.\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
