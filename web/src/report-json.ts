// A JSON report written by `logscan --format json` (the report contract), recognised by its start.
import type { Report } from '../../src/model.js';
import { decideVerdict } from '../../src/report/verdict.js';

/** Reports are small; anything larger is not opened as one. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** `renderJson` writes `{` then `"schemaVersion": 1` first. */
const REPORT_START = /^\s*\{\s*"schemaVersion"\s*:\s*1\s*[,}]/;

export function isReport(value: unknown): value is Report {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Report>;
  return r.schemaVersion === 1 && r.tool?.name === 'logscan' && Array.isArray(r.findings) && typeof r.bundle === 'object' && r.bundle !== null;
}

/** The report in `file`, or null when the file is not one (it is then analysed as a bundle). */
export async function readReportFile(file: Blob): Promise<Report | null> {
  if (file.size > MAX_REPORT_BYTES) return null;
  const head = new TextDecoder().decode(await file.slice(0, 256).arrayBuffer());
  if (!REPORT_START.test(head)) return null;
  let value: unknown;
  try {
    value = JSON.parse(await file.text());
  } catch {
    return null;
  }
  return isReport(value) ? withVerdict(value) : null;
}

/** A report written before verdicts existed gets one from its own findings (schema 1 readers lose nothing). */
export function withVerdict(report: Report): Report {
  if (report.verdict) return report;
  const { findings, verdict } = decideVerdict(report.findings, report.sources ?? [], { extensions: report.system?.extensions ?? [] });
  return { ...report, findings, verdict };
}
