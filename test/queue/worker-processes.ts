// Queue workers as separate processes of the built CLI (`bin/logscan.js worker`), with their stderr lines kept and
// watched: each worker says `start <job> <path>` when it takes a bundle, which is how a test catches one mid-job.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const BIN = join(ROOT, 'bin', 'logscan.js');

export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'bin', 'main.js'))) throw new Error('the CLI is not built (dist/bin/main.js is missing): run npm run build first');
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line (already seen or still to come) that matches. */
  line(pattern: RegExp, withinMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startWorkerProcess(name: string, args: string[], env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const watchers = new Set<{ pattern: RegExp; found(line: string): void }>();
  let rest = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of watchers) if (w.pattern.test(line)) w.found(line);
    }
  });
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const line = (pattern: RegExp, withinMs = 30_000): Promise<string> => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        watchers.delete(watcher);
        reject(new Error(`worker ${name}: no line matching ${pattern} within ${withinMs} ms; it wrote:\n${lines.join('\n')}`));
      }, withinMs).unref();
      const watcher = {
        pattern,
        found: (l: string): void => {
          clearTimeout(timer);
          watchers.delete(watcher);
          resolve(l);
        },
      };
      watchers.add(watcher);
    });
  };
  return { name, child, lines, line, exited };
}

/** The paths a worker's stderr says it started. */
export function startedPaths(worker: WorkerProcess): string[] {
  return worker.lines.flatMap((l) => {
    const m = /^logscan worker: start \S+ (.*)$/.exec(l);
    return m ? [m[1]!] : [];
  });
}
