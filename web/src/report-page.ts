// The page of `logscan --format html`: the report embedded in the file as JSON, drawn with the viewer's
// renderers. No worker, no network: everything is in the file.
import type { Report } from '../../src/model.js';
import { isReport } from './report-json.js';
import { renderFindings } from './render/findings.js';
import { renderSummary } from './render/summary.js';
import { renderVerdict } from './render/verdict.js';
import { attachNotable, isNotableGroups } from './render/notable.js';

function start(): void {
  const results = document.getElementById('results');
  const data = document.getElementById('report');
  if (!results || !data) return;
  try {
    const value: unknown = JSON.parse(data.textContent ?? '');
    if (!isReport(value)) throw new Error('the embedded report is not a logscan report');
    // The CLI that wrote this page wrote its verdict too (a JSON report from an older logscan opens in the viewer).
    const report: Report = value;
    // The report's order is the verdict's: root causes first, each with what it explains.
    results.dataset.file = report.bundle.name;
    results.replaceChildren(renderVerdict(report), renderSummary(report, 'json', 0), renderFindings(report));
    const notable = document.getElementById('notable');
    if (notable) {
      const groups: unknown = JSON.parse(notable.textContent ?? '');
      if (isNotableGroups(groups)) attachNotable(results, groups.findings);
    }
    document.body.dataset.state = 'done';
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = `This report cannot be shown: ${(error as Error).message}`;
    results.replaceChildren(p);
    document.body.dataset.state = 'error';
  }
}

start();
