// The work budget of template expansion (issue 11, item 1): crafted records that describe 10^30 or 50^11 elements, or
// 50 million, are problems naming their record, the file goes on, and a file's total work follows its size.
// Assertions count work units; no wall-clock target (each case ends in milliseconds, the timeouts are generous).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEvtxBytes } from '../../../src/parsers/evtx/reader.js';
import { recordEvent } from '../../../src/parsers/evtx/record.js';
import { renderXml } from '../../../src/parsers/evtx/render-xml.js';
import {
  FILE_BASE_UNITS, FILE_UNITS_PER_BYTE, FileAllowance, RECORD_CHARS, RECORD_UNITS, WorkBudget,
} from '../../../src/parsers/evtx/work.js';
import { fixChunkChecksums, writeEvtxFile } from '../../helpers/evtx-writer.js';
import { CRAFTED, craftedFile, longTextNested, nestedArrays, nestedSelf, siblingsOnOneArray } from './crafted.js';
import { parseEvtx, spec, writeEvtx } from './read.js';

const OVER_BUDGET = /\(EventRecordID 2\): expanding its templates takes more than 100000 elements, attributes and values \(the limit per record\)$/;

/** Units and characters each record's walk spent, and the ids of the records read. */
function spending(bytes: Uint8Array): { read: number[]; units: number[]; problems: string[] } {
  const read: number[] = [];
  const units: number[] = [];
  const problems: string[] = [];
  readEvtxBytes(bytes, {
    record: (record) => {
      try {
        recordEvent(record.nodes, record, 'x.evtx');
        read.push(record.id);
      } finally {
        units.push(record.budget.spentUnits);
      }
    },
    problem: (message) => problems.push(message),
  });
  return { read, units, problems };
}

describe('evtx work budget', () => {
  for (const [name, crafted] of Object.entries(CRAFTED)) {
    it(`${name}: one problem naming record 2, records 1 and 3 read`, { timeout: 20_000 }, async () => {
      const { events, problems, stats } = await parseEvtx(craftedFile(crafted));
      expect(events.map((e) => e.record)).toEqual([1, 3]);
      expect(stats.unparsed).toBe(1);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^chunk 0 at offset 0x1000: record at chunk offset 0x[0-9a-f]+ \(EventRecordID 2\): /);
      // The rendered XML of the records around it is whole.
      expect(events[1]!.raw).toContain('<Data Name="n">3</Data>');
    });
  }

  it('refuses nested Binary XML that instantiates the template it sits in', async () => {
    const { problems } = await parseEvtx(craftedFile(nestedSelf(50, 11)));
    expect(problems[0]).toMatch(/\(EventRecordID 2\): nested Binary XML refers back to the template at 0x[0-9a-f]+ being expanded/);
    // Once is enough: a template instance inside its own value is refused however few times it is used.
    expect((await parseEvtx(craftedFile(nestedSelf(1, 2)))).problems[0]).toMatch(/refers back to the template/);
  });

  it('stops each expansion at the per-record limit, whatever shape the work takes', () => {
    for (const crafted of [nestedArrays(30, 10), nestedSelf(50, 11, true), siblingsOnOneArray(2000, 25_000)]) {
      const { read, units, problems } = spending(craftedFile(crafted));
      expect(read).toEqual([1, 3]);
      expect(units[1]).toBe(RECORD_UNITS);
      expect(problems[0]).toMatch(OVER_BUDGET);
    }
  });

  it('lets the same shapes through while they stay within the limit', async () => {
    // 2^12 nested elements, 3^9 nested copies, 200 siblings × 200 items: large, but what the budget allows.
    const { events, problems } = await parseEvtx(writeEvtx([spec(nestedArrays(12, 2)), spec(nestedSelf(3, 9, true)), spec(siblingsOnOneArray(200, 200))]));
    expect(problems).toEqual([]);
    expect(events).toHaveLength(3);
    expect(events[2]!.raw!.match(/<Data>/g)).toHaveLength(40_000);
  });

  it('counts the characters produced too: a long value repeated past 4 M characters is over budget', async () => {
    // 10 + 100 + 1,000 + 10,000 elements of 1,000 characters each: 22,000 units, 11 M characters.
    const { events, problems } = await parseEvtx(writeEvtx([spec({ data: { n: 1 } }), spec(longTextNested(4, 10, 1000))]));
    expect(events.map((e) => e.record)).toEqual([1]);
    expect(problems[0]).toMatch(new RegExp(`\\(EventRecordID 2\\): expanding its templates takes more than ${RECORD_CHARS} characters`));
  });

  it('bounds a whole file: records that each spend their limit soon get only what the file has earned', () => {
    // 3,000 records of 2^20 elements each: 300 billion units without a file allowance.
    const bytes = writeEvtx(Array.from({ length: 3000 }, () => spec(nestedArrays(20, 2))));
    const { read, units, problems } = spending(bytes);
    expect(read).toEqual([]);
    const total = units.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(FILE_BASE_UNITS + FILE_UNITS_PER_BYTE * bytes.length);
    expect(problems.at(-1)).toMatch(/\(EventRecordID 3000\): expanding its templates takes more than the \d+ elements, attributes and values left of this file's work allowance$/);
  });

  it('reads ordinary records again after a run of crafted ones has spent the allowance', () => {
    const crafted = Array.from({ length: 200 }, () => spec(nestedArrays(20, 2)));
    const ordinary = Array.from({ length: 50 }, (_, i) => spec({ data: { n: i } }));
    const { read } = spending(writeEvtx([...crafted, ...ordinary]));
    expect(read).toEqual(Array.from({ length: 50 }, (_, i) => 201 + i));
  });

  it('gives a record the per-record limits while the file has them, and the rest of its allowance after', () => {
    const allowance = new FileAllowance();
    const first = allowance.budgetFor(1000);
    expect([first.unitLimit, first.charLimit, first.fileShare]).toEqual([RECORD_UNITS, RECORD_CHARS, false]);
    for (let i = 0; i < 20; i++) {
      const budget = allowance.budgetFor(1000);
      expect(() => budget.spend(RECORD_UNITS + 1, 0)).toThrow();
      allowance.charge(budget);
    }
    const last = allowance.budgetFor(1000);
    expect(last.fileShare).toBe(true);
    expect(last.unitLimit).toBe(1000 * FILE_UNITS_PER_BYTE);
  });

  it('renders the XML of a record within budget with the same count the fields walk took', () => {
    const budget = new WorkBudget();
    const bytes = writeEvtx([spec({ data: { a: 'x', b: 'y' } })]);
    readEvtxBytes(bytes, { record: (r) => void recordEvent(r.nodes, { ...r, budget }, 'x'), problem: () => {} });
    const render = new WorkBudget();
    readEvtxBytes(bytes, {
      record: (r) => {
        renderXml(r.nodes);
        recordEvent(r.nodes, { ...r, budget: render }, 'x');
      },
      problem: () => {},
    });
    expect(budget.spentUnits).toBeGreaterThan(20);
    expect(render.spentUnits).toBe(budget.spentUnits);
  });

  it('reads a damaged template definition once: every record that uses it fails with its problem', async () => {
    const { bytes, records } = writeEvtxFile([1, 2, 3].map((n) => spec({ data: { n } })));
    const first = records[0]!;
    // The first record's body: fragment header (4), instance header (10), definition header (24), then the template
    // body's fragment header (4): its first token, <Event>, is made unknown.
    bytes[first.fileOffset + 24 + 4 + 10 + 24 + 4] = 0x7f;
    fixChunkChecksums(bytes, first.slot);
    const { events, problems } = await parseEvtx(bytes);
    expect(events).toEqual([]);
    const reasons = problems.map((p) => p.replace(/^.*\(EventRecordID \d\): /, ''));
    expect(reasons).toHaveLength(3);
    expect(new Set(reasons).size).toBe(1);
    expect(reasons[0]).toMatch(/unknown Binary XML token 0x7f/);
  });

  it('keeps memory bounded on 2,000 siblings bound to a 25,000-item array (a 256 MB heap is enough)', { timeout: 60_000 }, () => {
    const script = fileURLToPath(new URL('./crafted-child.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ records: [1, 3], problems: 1 });
  });
});
