// The timeline's bounded sort: lines past the budget go to sorted run files, merged at the end; the order is the
// one an in-memory stable sort gives, whatever the budget.
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TimelineSorter } from '../../src/cli/timeline-sort.js';

async function sorted(items: [number, string][], budget: number): Promise<{ lines: string[]; spilled: number; dir: string | undefined }> {
  const sorter = new TimelineSorter(budget);
  for (const [time, line] of items) sorter.add(time, line);
  const spilled = sorter.spilled;
  const dir = sorter.runDirectory;
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  await sorter.writeTo(out);
  out.end();
  const text = chunks.join('');
  return { lines: text === '' ? [] : text.slice(0, -1).split('\n'), spilled, dir };
}

/** What a stable in-memory sort by time gives. */
const expected = (items: [number, string][]) =>
  items
    .map((item, i) => [item, i] as const)
    .sort((a, b) => a[0][0] - b[0][0] || a[1] - b[1])
    .map(([[, line]]) => line);

describe('TimelineSorter', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) - 100;
  // Three "files", each mostly in order, with equal times across and within them.
  const items: [number, string][] = [];
  for (const file of ['a', 'b', 'c']) for (let i = 0; i < 400; i++) items.push([Math.max(0, i * 10 + (i % 7 === 0 ? random() : 0)), `{"file":"${file}","n":${i}}`]);

  it('in memory under the budget: no run file', async () => {
    const r = await sorted(items, 1 << 30);
    expect(r.spilled).toBe(0);
    expect(r.lines).toEqual(expected(items));
  });

  it('past the budget: run files, merged in the same order (equal times in arrival order), then removed', async () => {
    const r = await sorted(items, 500);
    expect(r.spilled).toBeGreaterThan(20);
    expect(r.lines).toEqual(expected(items));
    expect(r.dir).toBeDefined();
    expect(existsSync(r.dir!)).toBe(false);
  });

  it('keeps CSV lines with newlines inside quotes, and lines that start with a quote, intact', async () => {
    const csv: [number, string][] = [
      [3, '2024-01-01T00:00:03.000Z,Log entry time (UTC),"two\nlines",waagent-log'],
      [1, '"quoted first",x'],
      [2, 'plain\ttab,y'],
      [1, 'second at 1'],
    ];
    const r = await sorted(csv, 10);
    expect(r.spilled).toBeGreaterThan(1);
    expect(r.lines.join('\n')).toBe(expected(csv).join('\n'));
  });

  it('keeps multi-byte text, a line longer than the budget and one longer than the write buffer intact', async () => {
    const long = 'x'.repeat(3 << 20);
    const lines: [number, string][] = [
      [5, '{"message":"é 中文 😀 \\u0000"}'],
      [2, long],
      [2, 'ü'.repeat(300)],
      [1, ''],
      [7, `${long}é`],
      [0, '€'],
    ];
    for (const budget of [64, 4096, 1 << 30]) {
      const r = await sorted(lines, budget);
      expect(r.lines).toEqual(expected(lines));
    }
  });

  it('merges runs that interleave line by line, equal times across runs in arrival order', async () => {
    // Two "files" over the same hours, each in order, the second arriving after the first: runs of one overlap the other's.
    const two: [number, string][] = [];
    for (const file of ['syslog', 'waagent']) for (let i = 0; i < 3000; i++) two.push([Math.floor(i / 3) * 7 + (file === 'syslog' ? 0 : 3), `${file} ${i} ${'é'.repeat(i % 5)}`]);
    const r = await sorted(two, 2000);
    expect(r.spilled).toBeGreaterThan(20);
    expect(r.lines).toEqual(expected(two));
  });

  it('an ordered stream comes out as it went in, through runs or not', async () => {
    const ordered: [number, string][] = Array.from({ length: 5000 }, (_, i) => [i >> 2, `line ${i}`]);
    expect((await sorted(ordered, 1 << 30)).lines).toEqual(ordered.map(([, l]) => l));
    expect((await sorted(ordered, 3000)).lines).toEqual(ordered.map(([, l]) => l));
  });
});
