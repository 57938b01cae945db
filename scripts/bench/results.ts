// The bench's table: one row per figure with what was measured, the target and whether it was met.
import Table from 'cli-table3';

/**
 * Slack on every target, for the noise of a shared 2-core machine: medians of a few rounds still move by
 * 5-10% between runs when other work lands on the same cores. A figure within this margin of its target passes,
 * marked "pass (margin)"; beyond it, it fails.
 */
export const TOLERANCE = 0.1;

export type Outcome = 'pass' | 'pass (margin)' | 'FAIL' | 'not run' | 'not measured' | 'info';

export interface Row {
  figure: string;
  measured: string;
  target: string;
  outcome: Outcome;
  note?: string;
}

/** A figure that must stay at or under `target`. */
export function atMost(figure: string, value: number, target: number, format: (n: number) => string, note?: string): Row {
  const outcome: Outcome = value <= target ? 'pass' : value <= target * (1 + TOLERANCE) ? 'pass (margin)' : 'FAIL';
  return { figure, measured: format(value), target: `<= ${format(target)}`, outcome, ...(note ? { note } : {}) };
}

/** A figure that must reach at least `target`. */
export function atLeast(figure: string, value: number, target: number, format: (n: number) => string, note?: string): Row {
  const outcome: Outcome = value >= target ? 'pass' : value >= target * (1 - TOLERANCE) ? 'pass (margin)' : 'FAIL';
  return { figure, measured: format(value), target: `>= ${format(target)}`, outcome, ...(note ? { note } : {}) };
}

export const info = (figure: string, measured: string, note?: string): Row => ({ figure, measured, target: '', outcome: 'info', ...(note ? { note } : {}) });

export const notRun = (figure: string, target: string, why: string, outcome: Outcome = 'not run'): Row => ({ figure, measured: '', target, outcome, note: why });

/** A wrong report fails its figure whatever the time. */
export const wrongReport = (figure: string, target: string, what: string): Row => ({ figure, measured: 'wrong report', target, outcome: 'FAIL', note: what });

export function printTable(rows: readonly Row[]): void {
  const table = new Table({ head: ['figure', 'measured', 'target', 'result'], style: { head: [], border: [] }, wordWrap: true, colWidths: [44, 24, 16, 15] });
  for (const row of rows) table.push([row.figure, row.measured, row.target, row.outcome]);
  console.log(table.toString());
  const notes = rows.filter((r) => r.note);
  if (notes.length) console.log(notes.map((r) => `  ${r.figure}: ${r.note}`).join('\n'));
}

export const failed = (rows: readonly Row[]): boolean => rows.some((r) => r.outcome === 'FAIL');

export const mb = (n: number): string => `${n.toFixed(0)} MB`;
export const ratio = (n: number): string => `${n.toFixed(2)}x`;
export const perSecond = (unit: string) => (n: number): string => `${n.toFixed(1)} ${unit}/s`;
export const ms = (n: number): string => `${n.toFixed(0)} ms`;
export const percent = (n: number): string => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(0)}%`;
