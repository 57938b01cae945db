// A bench run counts only when the report is right: the planted causes found, nothing else, and the verdict's
// first root cause the planted one. A fast wrong answer fails the bench.
import { readFileSync } from 'node:fs';

export interface Expected {
  /** Every finding id the report must hold, and the only ones it may hold. */
  findings: string[];
  /** The verdict's first root cause. */
  rootCause: string;
}

interface Report {
  findings: { id: string }[];
  verdict?: { rootCauses: string[] };
}

/** Undefined when the JSON report at `file` says what is expected, else what is wrong. */
export function checkReport(file: string, expected: Expected): string | undefined {
  let report: Report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch (error) {
    return `no readable JSON report (${error instanceof Error ? error.message : String(error)})`;
  }
  const ids = [...new Set(report.findings.map((f) => f.id))].sort();
  const missing = expected.findings.filter((id) => !ids.includes(id));
  const extra = ids.filter((id) => !expected.findings.includes(id));
  const root = report.verdict?.rootCauses[0];
  const wrong: string[] = [];
  if (missing.length) wrong.push(`missing ${missing.join(', ')}`);
  if (extra.length) wrong.push(`unexpected ${extra.join(', ')}`);
  if (root !== expected.rootCause) wrong.push(`root cause ${root ?? 'none'}, expected ${expected.rootCause}`);
  return wrong.length ? wrong.join('; ') : undefined;
}
