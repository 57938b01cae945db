// A fleet of small bundles for the queue tests, written in a second or two from the sample fixture trees
// (test/fixtures/bundles, through make-samples' filesOf): each tree as several .tgz and .zip copies under their own
// names, one large bundle that keeps a worker busy for a while (the one the kill test kills mid-job), and one file
// that is no bundle at all.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesOf } from '../../scripts/make-samples.js';
import { makeTgz, makeZip } from '../helpers/archives.js';

const trees = join(fileURLToPath(import.meta.url), '..', '..', 'fixtures', 'bundles');

export interface GeneratedFleet {
  dir: string;
  /** Every path, in the order to enqueue them; the large bundle sits in the middle. */
  paths: string[];
  large: string;
  unreadable: string;
}

/** A log line the agent writes every few minutes; the large bundle holds megabytes of them. */
const HEARTBEAT = '2024-05-02T06:00:01.178802Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.9.1.1 is running as the goal state agent\n';

export async function generateFleet(dir: string, copiesPerTree: number, largeMegabytes: number): Promise<GeneratedFleet> {
  mkdirSync(dir, { recursive: true });
  const small: string[] = [];
  for (const tree of readdirSync(trees).sort()) {
    const files = await filesOf(join(trees, tree));
    const tgz = await makeTgz(files);
    const zip = await makeZip(files);
    for (let i = 0; i < copiesPerTree; i++) {
      const path = join(dir, `${tree}-${String(i).padStart(2, '0')}.${i % 2 === 0 ? 'tgz' : 'zip'}`);
      writeFileSync(path, i % 2 === 0 ? tgz : zip);
      small.push(path);
    }
  }
  const healthy = await filesOf(join(trees, 'healthy'));
  const large = join(dir, 'large-healthy.tgz');
  const lines = HEARTBEAT.repeat(Math.ceil((largeMegabytes * 1024 * 1024) / HEARTBEAT.length));
  writeFileSync(large, await makeTgz([...healthy, { path: 'var/log/waagent.log.2', content: lines }]));
  const unreadable = join(dir, 'not-a-bundle.tgz');
  writeFileSync(unreadable, 'these bytes are no gzip member\n');
  const middle = Math.floor(small.length / 2);
  return { dir, paths: [...small.slice(0, middle), large, unreadable, ...small.slice(middle)], large, unreadable };
}
