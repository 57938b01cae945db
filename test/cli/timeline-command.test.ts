// `logscan timeline` in process: every event in time order across files, and the redactor belongs to the run (a
// second run in the same process numbers its secrets from 1 again, as a second process would).
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runTimeline } from '../../src/cli/timeline-command.js';
import { makeTempDir, makeTgz, type TempDir } from '../helpers/archives.js';

const SIGS = ['sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg%3D', 'sig=ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210gfedcba%3D'];
const sas = (sig: string) => `https://acct.blob.core.windows.net/c/setup.sh?sv=2021-08-06&sr=b&sp=r&${sig}`;

/** A waagent.log from `start` (ms), one line every 2 s, a SAS URL with `sig` on every `sasEvery`th. */
function waagent(sig: string, start: number, lines: number, sasEvery = 10): string {
  let text = '';
  for (let i = 0; i < lines; i++) {
    const stamp = new Date(start + i * 2000).toISOString().replace('Z', '123Z');
    text += i % sasEvery === 0 ? `${stamp} INFO ExtHandler ExtHandler Downloading artifacts profile ${sas(sig)}\n` : `${stamp} INFO ExtHandler ExtHandler Heartbeat ${i}\n`;
  }
  return text;
}

const dirs: TempDir[] = [];
afterAll(async () => {
  for (const d of dirs) await d.cleanup();
});

describe('runTimeline', () => {
  it('writes every event of every file in time order, and numbers secrets per run', async () => {
    const dir = await makeTempDir('logscan-timeline-command-');
    dirs.push(dir);
    const t0 = Date.UTC(2024, 4, 2, 6, 0, 0);
    // The rotated (older) log comes second in the archive, and both overlap by an hour: the lines interleave.
    // Two bundles alike but for their secret: a run of each gives the same bytes only if each numbers from 1.
    const bundles = SIGS.map((sig, i) => ({
      bundle: dir.path(`b${i}.tgz`),
      files: [
        { path: 'var/log/waagent.log', content: waagent(sig, t0, 4000) },
        { path: 'var/log/waagent.log.1', content: waagent(sig, t0 - 7_200_001, 5400, 7) },
      ],
    }));
    for (const b of bundles) writeFileSync(b.bundle, await makeTgz(b.files));
    const outputs: string[] = [];
    for (const [format, bundle] of [['jsonl', bundles[0]!.bundle], ['jsonl', bundles[1]!.bundle], ['csv', bundles[0]!.bundle]] as const) {
      const output = dir.path(`out-${outputs.length}.${format}`);
      expect(await runTimeline(bundle, { output, progress: false })).toBe(0);
      outputs.push(readFileSync(output, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    const records = outputs[0]!.trimEnd().split('\n').map((l) => JSON.parse(l) as { datetime: string; message: string; path: string; line: number });
    expect(records).toHaveLength(9400);
    const times = records.map((r) => Date.parse(r.datetime));
    expect(times.every((t, i) => i === 0 || times[i - 1]! <= t)).toBe(true);
    for (const sig of SIGS) expect(outputs.join('')).not.toContain(sig);
    expect(new Set(records.filter((r) => r.message.includes('«redacted')).map((r) => r.message.replace(/.*«/, '«')))).toEqual(new Set(['«redacted:sas-1»']));
    const csv = outputs[2]!.trimEnd().split('\n');
    expect(csv[0]).toBe('datetime,timestamp_desc,message,source,path,line,level,time_source,record');
    expect(csv).toHaveLength(9401);
    expect(csv.slice(1).map((row) => row.slice(0, row.indexOf(',')))).toEqual(records.map((r) => r.datetime));
  });
});
