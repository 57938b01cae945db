// `logscan worker` and `logscan fleet --queue` on the built CLI: an unreachable Redis or a wrong URL is a usage
// error of one line (exit 2), not a hang or a stack trace.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redis-server.js';
import { BIN, requireBuild, ROOT } from './worker-processes.js';

describe('an unreachable Redis', () => {
  function run(args: string[]) {
    requireBuild();
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stderr: r.stderr };
  }

  it('stops `logscan worker` at once: exit 2, one line', async () => {
    const port = await freePort();
    const r = run(['worker', '--queue', `redis://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`logscan: --queue redis://127.0.0.1:${port}: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:${port})\n`);
  });

  it('stops `logscan fleet --queue` before anything is analysed: exit 2, one line', async () => {
    const port = await freePort();
    const r = run(['fleet', 'samples', '--queue', `redis://127.0.0.1:${port}`, '--no-progress']);
    expect(r).toEqual({ code: 2, stderr: `logscan: --queue redis://127.0.0.1:${port}: cannot reach Redis (connect ECONNREFUSED 127.0.0.1:${port})\n` });
  });

  it('a malformed URL or a missing --queue is a usage error too', () => {
    const bad = run(['worker', '--queue', 'http://127.0.0.1:6379']);
    expect(bad).toEqual({ code: 2, stderr: 'logscan: --queue http://127.0.0.1:6379: expected a redis:// or rediss:// URL\n' });
    const fleetBad = run(['fleet', 'samples', '--queue', 'redis://:hunter2@127.0.0.1:6379/jobs', '--no-progress']);
    expect(fleetBad).toEqual({ code: 2, stderr: 'logscan: --queue redis://:***@127.0.0.1:6379/jobs: the path is a database number (/0, /1, ...), not "jobs"\n' });
    const missing = run(['worker']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});
