// `logscan diff` through the command line (main), in this process: the options, the output and the exit codes.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { makeTempDir, makeTgz, type TempDir } from '../helpers/archives.js';
import { main } from '../../src/cli/main.js';

const failing = (t: string): string =>
  `${t} WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError [Errno -2] Name or service not known -- 6 attempts made\n`;
const healthy = (t: string): string => `${t} INFO Daemon Daemon Wire server endpoint:168.63.129.16\n`;

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir('logscan-diff-cli-');
  await writeFile(tmp.path('broken.tgz'), await makeTgz([{ path: 'var/log/waagent.log', content: failing('2026-11-01T10:00:00.000000Z') }]));
  await writeFile(tmp.path('still-broken.tgz'), await makeTgz([{ path: 'var/log/waagent.log', content: healthy('2026-11-02T09:00:00.000000Z') + failing('2026-11-02T10:00:00.000000Z') }]));
  await mkdir(tmp.path('empty'));
  await writeFile(tmp.path('fixed.tgz'), await makeTgz([{ path: 'var/log/waagent.log', content: healthy('2026-11-03T09:00:00.000000Z') }]));
});
afterAll(() => tmp.cleanup());

let stdout = '';
let stderr = '';
function capture(): void {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
}
afterEach(() => vi.restoreAllMocks());

describe('logscan diff (command line)', () => {
  it('exits 1 for a persisting error and 0 once it is fixed', async () => {
    capture();
    expect(await main(['diff', tmp.path('broken.tgz'), tmp.path('still-broken.tgz'), '--format', 'json', '--no-progress'])).toBe(1);
    const json = JSON.parse(stdout) as { counts: Record<string, number>; failing: string[] };
    expect(json.counts).toEqual({ resolved: 0, new: 0, persisting: 1 });
    expect(json.failing).toEqual(['network.dns-failure']);
    capture();
    expect(await main(['diff', tmp.path('broken.tgz'), tmp.path('fixed.tgz'), '--no-progress'])).toBe(0);
    expect(stdout).toContain('1 resolved, 0 new, 0 persisting');
    capture();
    expect(await main(['diff', tmp.path('fixed.tgz'), tmp.path('broken.tgz'), '--fail-on', 'critical', '--no-progress'])).toBe(0);
    expect(stdout).toContain('0 resolved, 1 new, 0 persisting');
  });

  it('exits 2 with one line on stderr for usage errors and unreadable bundles', async () => {
    for (const args of [
      ['diff', tmp.path('broken.tgz')],
      ['diff', tmp.path('broken.tgz'), tmp.path('nothing-here.tgz')],
      ['diff', tmp.path('broken.tgz'), tmp.path('fixed.tgz'), '--format', 'html'],
      ['diff', tmp.path('broken.tgz'), tmp.path('fixed.tgz'), '--fail-on', 'sometimes'],
      ['diff', tmp.path('broken.tgz'), tmp.path('empty')],
    ]) {
      capture();
      expect(await main([...args, '--no-progress'])).toBe(2);
      expect(stderr).toMatch(/^logscan: [^\n]+\n$/);
      expect(stdout).toBe('');
    }
    capture();
    await main(['diff', tmp.path('broken.tgz'), tmp.path('empty'), '--no-progress']);
    expect(stderr).toMatch(/^logscan: after bundle /);
  });
});
