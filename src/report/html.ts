// One self-contained HTML file for a ticket: the report as JSON inside the page, the viewer's renderer
// script and style inline, nothing fetched from anywhere (a Content-Security-Policy says so too).
// Core module: no Node imports; the CLI reads the built script and style and passes them in.
import type { Report } from '../model.js';

/** The whole file stays under 5 MB: the embedded JSON is kept under this many bytes. */
export const HTML_JSON_BUDGET = 4.5 * 1024 * 1024;
/** Evidence kept per finding, tried in turn until the JSON fits the budget. */
const EVIDENCE_CAPS = [20, 10, 5, 3, 1];
/** Characters of one evidence text kept when even one excerpt per finding does not fit. */
const TEXT_CAP = 2000;

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

export interface HtmlAssets {
  /** The bundled report-page script (dist/web/report-page.js). */
  script: string;
  /** The viewer's stylesheet (dist/web/style.css). */
  css: string;
}

export interface HtmlOptions {
  /** Budget for the embedded JSON in bytes (tests make it small). */
  jsonBudget?: number;
}

/** JSON for a `<script type="application/json">` element: `<` never appears, so nothing closes it. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The report, its evidence cut down until its JSON fits `budget` bytes; `cap` says how, when it had to. */
export function fitReport(report: Report, budget: number): { json: string; cap?: { evidence: number; text?: number } } {
  const full = embedJson(report);
  if (utf8Length(full) <= budget) return { json: full };
  const capped = (evidence: number, text?: number): Report => ({
    ...report,
    findings: report.findings.map((f) => ({
      ...f,
      evidence: f.evidence.slice(0, evidence).map((e) => (text !== undefined && e.text.length > text ? { ...e, text: `${e.text.slice(0, text)}…` } : e)),
    })),
  });
  for (const evidence of EVIDENCE_CAPS) {
    const json = embedJson(capped(evidence));
    if (utf8Length(json) <= budget) return { json, cap: { evidence } };
  }
  return { json: embedJson(capped(1, TEXT_CAP)), cap: { evidence: 1, text: TEXT_CAP } };
}

/** Inline script text: `</script` cannot end the element (`<\/` means the same in strings and regexps). */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

export function renderHtml(report: Report, assets: HtmlAssets, opts: HtmlOptions = {}): string {
  const { json, cap } = fitReport(report, opts.jsonBudget ?? HTML_JSON_BUDGET);
  const note = cap
    ? `This file keeps at most ${cap.evidence} evidence excerpt${cap.evidence === 1 ? '' : 's'} per finding${
        cap.text ? ` of at most ${cap.text} characters each` : ''
      } to stay under 5 MB; the JSON report (logscan --format json) has them all.`
    : '';
  const title = `logscan report: ${report.bundle.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="logscan ${escapeHtml(report.tool.version)}">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>
${inlineStyle(assets.css)}
.cap-note { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid var(--warning); background: var(--panel); }
</style>
</head>
<body data-state="report">
<header class="top">
<h1>logscan</h1>
<p>${escapeHtml(title)}. A self-contained report: nothing in this file is fetched from the network.</p>
</header>
<main>
${note ? `<p id="cap-note" class="cap-note" data-evidence-cap="${cap!.evidence}">${escapeHtml(note)}</p>\n` : ''}<noscript><p class="error">This report is drawn by a script in the file; allow scripts to see it, or read the JSON in the page source.</p></noscript>
<div id="results"></div>
</main>
<script type="application/json" id="report">${json}</script>
<script>
${inlineScript(assets.script)}
</script>
</body>
</html>
`;
}
