// `logscan --version` is answered by bin/logscan.js from package.json, without loading the CLI: it must say what the
// CLI itself says (commander's --version, from TOOL_VERSION), or the two would drift apart.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/analysis.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'logscan.js'), ...args], { encoding: 'utf8' });

describe('logscan --version', () => {
  it('package.json and the CLI carry the same version', () => {
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version).toBe(TOOL_VERSION);
  });

  it.each([['--version'], ['-V']])('%s alone answers from the launcher, as the CLI would', (flag) => {
    const fast = run(flag);
    expect(fast.status).toBe(0);
    expect(fast.stdout).toBe(`${TOOL_VERSION}\n`);
    // with another option, the CLI itself answers (commander): the same line
    const full = run('--no-progress', flag);
    expect(full.stderr).toBe('');
    expect(full.stdout).toBe(fast.stdout);
  });
});
