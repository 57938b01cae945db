// A run whose promise nothing will settle must not end as a success with no output (exit 0): it says so, exit 2.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'stranded.ts')).href;

function run(body: string) {
  const code = `import { watchForStranding } from ${JSON.stringify(module)};\n${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
}

describe('watchForStranding', () => {
  it('a run left pending when the process runs out of work: a line on stderr and exit code 2', () => {
    const r = run(`watchForStranding(new Promise(() => {}));`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^logscan: internal error: the run stopped before it finished/);
  });

  it('a run that ends: its own code, nothing written, even when it ends late', () => {
    const r = run(`watchForStranding(new Promise((resolve) => setTimeout(() => resolve(1), 50))).then((code) => { process.exitCode = code; });`);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
  });

  it('a run that fails is left to its caller (no stranding message)', () => {
    const r = run(`watchForStranding(Promise.reject(new Error('boom'))).catch(() => { process.exitCode = 3; });`);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('');
  });
});
