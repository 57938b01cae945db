// The page of `logscan --format html`: the report embedded in the file as JSON, drawn with the viewer's
// renderers. No worker, no network: everything is in the file.
import type { Report } from '../../src/model.js';
import type { NotableGroup } from '../../src/report/notable.js';
import { isReport } from './report-json.js';
import { EvidenceView } from './render/evidence-view.js';
import { renderFindings } from './render/findings.js';
import { knownLines } from './render/known-lines.js';
import { attachNotable, isNotableGroups } from './render/notable.js';
import { renderOverview } from './render/overview.js';
import { renderSummary } from './render/summary.js';
import { renderVerdict } from './render/verdict.js';

const NO_BUNDLE = 'This page holds the report, not the bundle: it shows the evidence text and the lines of the same file that the report quotes. Open the bundle with logscan serve to read the whole file.';

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
    results.replaceChildren(renderVerdict(report), ...[renderOverview(report)].filter((x) => x !== null), renderSummary(report, 'json', 0), renderFindings(report));
    const notable = document.getElementById('notable');
    let groups: NotableGroup[] = [];
    if (notable) {
      const parsed: unknown = JSON.parse(notable.textContent ?? '');
      if (isNotableGroups(parsed)) groups = parsed.findings;
      attachNotable(results, groups);
    }
    showEvidenceOnClick(results, report, groups);
    document.body.dataset.state = 'done';
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = `This report cannot be shown: ${(error as Error).message}`;
    results.replaceChildren(p);
    document.body.dataset.state = 'error';
  }
}

/** An evidence place opens the evidence view with what the page holds of its file. */
function showEvidenceOnClick(results: HTMLElement, report: Report, notable: NotableGroup[]): void {
  const view = new EvidenceView();
  document.body.appendChild(view.el);
  results.addEventListener('click', (e) => {
    const button = (e.target as Element).closest('.evidence li[data-path] .place');
    const li = button?.closest<HTMLElement>('li[data-path]');
    if (!li) return;
    const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
    const place = { path: li.dataset.path ?? '', line: num(li.dataset.line), record: num(li.dataset.record) };
    view.textOnly(place, li.querySelector('pre')?.textContent ?? '', NO_BUNDLE, knownLines(report, notable, place.path));
  });
}

start();
