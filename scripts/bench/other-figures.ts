// Figures other engineers' tools measure, taken into the one table: the fleet rate (scripts/bench-fleet.ts) and
// the browser's (a renderer memory helper under test/browser/). Each is "not measured" until its tool exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './measure.js';
import { atLeast, notRun, perSecond, type Row } from './results.js';

export const FLEET_TARGET = 50;
const FLEET_SCRIPT = join(root, 'scripts', 'bench-fleet.ts');

/**
 * Runs scripts/bench-fleet.ts in its own process and reads its rate: a JSON line with `bundlesPerSecond`, or
 * else the last "<n> bundles/s" it prints.
 */
export function fleetRows(): Row[] {
  const figure = 'fleet of small bundles';
  const target = `>= ${FLEET_TARGET} bundles/s`;
  if (!existsSync(FLEET_SCRIPT)) return [notRun(figure, target, 'scripts/bench-fleet.ts does not exist yet', 'not measured')];
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const run = spawnSync(process.execPath, [tsx, FLEET_SCRIPT], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const text = `${run.stdout}\n${run.stderr}`;
  let rate: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const value = (JSON.parse(line) as { bundlesPerSecond?: unknown }).bundlesPerSecond;
      if (typeof value === 'number') rate = value;
    } catch {
      // Not the JSON line.
    }
  }
  rate ??= [...text.matchAll(/([\d.]+)\s*bundles\/s/g)].map((m) => Number(m[1])).pop();
  if (rate === undefined || Number.isNaN(rate)) {
    return [{ figure, measured: 'no rate', target, outcome: 'FAIL', note: `bench-fleet.ts exited ${run.status} without a bundles/s figure: ${text.trim().slice(-300)}` }];
  }
  return [atLeast(figure, rate, FLEET_TARGET, perSecond('bundles'), 'scripts/bench-fleet.ts')];
}
