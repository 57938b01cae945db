// One self-contained HTML file for a ticket: the report as JSON inside the page, the viewer's renderer
// script and style inline, nothing fetched from anywhere (a Content-Security-Policy says so too).
// Core module: no Node imports; the CLI reads the built script and style and passes them in.
import type { Report } from '../model.js';
import type { Notable } from './notable.js';
import { NOTABLE_BUFFER, NOTABLE_MESSAGE_CAP } from './notable.js';

/** The whole file stays under 5 MB: the embedded JSON is kept under this many bytes. */
export const HTML_JSON_BUDGET = 4.5 * 1024 * 1024;
/** Evidence kept per finding, tried in turn until the JSON fits the budget. */
const EVIDENCE_CAPS = [20, 10, 5, 3, 1];
/** Characters of one evidence text kept when even one excerpt per finding does not fit. */
const TEXT_CAP = 2000;

/** What the page can do, said under the findings: it holds the report, not the bundle. */
const PAGE_HINT =
  'Click an evidence place (path:line) to see its text and the lines of the same file that this report quotes. The bundle itself is not in this file: logscan serve opens it, with every line and a timeline.';

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
  /** The notable events around each finding (a second embedded JSON, `id="notable"`). */
  notable?: Notable;
  /** Budget for the notable events' JSON in bytes; taken out of `jsonBudget`. */
  notableBudget?: number;
}

/** Of the 4.5 MB, the notable events take at most this much. */
export const HTML_NOTABLE_BUDGET = 1.5 * 1024 * 1024;
/** Non-evidence notable events kept per finding, tried in turn until their JSON fits. */
const NOTABLE_CAPS = [50, 20, 10, 5, 0];

/** The notable events, fewer per finding until their JSON fits `budget` bytes. */
export function fitNotable(notable: Notable, budget: number): { json: string; notable: Notable } {
  for (const n of NOTABLE_CAPS) {
    const fitted: Notable =
      n >= notable.perFinding
        ? notable
        : {
            ...notable,
            perFinding: Math.min(notable.perFinding, n),
            findings: notable.findings.map((g) => {
              let others = 0;
              const events = g.events.filter((e) => e.evidence || others++ < n);
              return { ...g, events, omitted: g.omitted + g.events.length - events.length };
            }),
          };
    const json = embedJson(fitted);
    if (utf8Length(json) <= budget || n === 0) return { json, notable: fitted };
  }
  throw new Error('unreachable');
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

/** How a report was cut to fit the page: evidence per finding, characters per evidence, entries per list. */
export interface HtmlCap {
  evidence: number;
  text?: number;
  /** Entries kept of `sources`, `problems` and `skipped` each, when one had more; `lists` says how many each had. */
  list?: number;
  lists?: { sources: number; problems: number; skipped: number };
}

/** Entries per list (sources, problems, skipped) tried in turn: a bundle of 200,000 members has 200,000 sources. */
const LIST_CAPS = [2000, 500, 100, 20];
/** Past this many entries in all, the lists are cut before anything is serialised (the whole JSON would be large). */
const LIST_PRECUT = 2000;

/**
 * The first `n` entries of a list, those `keep` prefers first (a source the evidence cites, one whose times were not
 * plain UTC: the page's notes read them), then in order.
 */
function firstOf<T>(list: readonly T[] | undefined, n: number, keep: (x: T) => boolean = () => false): T[] | undefined {
  if (!list || list.length <= n) return list as T[] | undefined;
  const preferred = list.filter(keep).slice(0, n);
  const rest = list.filter((x) => !keep(x)).slice(0, n - preferred.length);
  return [...preferred, ...rest];
}

/** The report, cut down until its JSON fits `budget` bytes (lists first when huge, then evidence); `cap` says how. */
export function fitReport(report: Report, budget: number): { json: string; cap?: HtmlCap } {
  const lengths = { sources: report.sources.length, problems: report.problems.length, skipped: report.skipped?.length ?? 0 };
  const longest = Math.max(lengths.sources, lengths.problems, lengths.skipped);
  const cited = new Set(report.findings.flatMap((f) => f.evidence.map((e) => e.path)));
  const capped = (evidence: number | undefined, text?: number, list?: number): Report => ({
    ...report,
    ...(list !== undefined && list < longest
      ? {
          sources: firstOf(report.sources, list, (s) => cited.has(s.path) || s.clock !== undefined)!,
          problems: firstOf(report.problems, list, (p) => cited.has(p.path))!,
          ...(report.skipped ? { skipped: firstOf(report.skipped, list) } : {}),
        }
      : {}),
    findings:
      evidence === undefined
        ? report.findings
        : report.findings.map((f) => ({
            ...f,
            evidence: f.evidence.slice(0, evidence).map((e) => (text !== undefined && e.text.length > text ? { ...e, text: `${e.text.slice(0, text)}…` } : e)),
          })),
  });
  const capOf = (evidence: number, text?: number, list?: number): HtmlCap => ({
    evidence,
    ...(text !== undefined ? { text } : {}),
    ...(list !== undefined && list < longest ? { list, lists: lengths } : {}),
  });
  const precut = lengths.sources + lengths.problems + lengths.skipped > LIST_PRECUT;
  if (!precut) {
    const full = embedJson(report);
    if (utf8Length(full) <= budget) return { json: full };
  }
  const lists = precut ? LIST_CAPS : [undefined, ...LIST_CAPS];
  for (const list of lists) {
    for (const evidence of EVIDENCE_CAPS) {
      const json = embedJson(capped(evidence, undefined, list));
      if (utf8Length(json) <= budget) return { json, cap: capOf(evidence, undefined, list) };
    }
  }
  const last = LIST_CAPS[LIST_CAPS.length - 1]!;
  return { json: embedJson(capped(1, TEXT_CAP, last)), cap: capOf(1, TEXT_CAP, last) };
}

/** What the page left out to stay under 5 MB, in words. */
function capNote(cap: HtmlCap): string {
  const parts = [`at most ${cap.evidence} evidence excerpt${cap.evidence === 1 ? '' : 's'} per finding${cap.text ? ` of at most ${cap.text} characters each` : ''}`];
  if (cap.list !== undefined && cap.lists) {
    const cut = (['sources', 'problems', 'skipped'] as const).filter((k) => cap.lists![k] > cap.list!);
    const names = { sources: 'sources read', problems: 'problems', skipped: 'files not read' };
    parts.push(cut.map((k) => `the first ${cap.list} of ${cap.lists![k]} ${names[k]}`).join(', '));
  }
  return `This file keeps ${parts.join(' and ')} to stay under 5 MB; the JSON report (logscan --format json) has them all.`;
}

/** Inline script text: `</script` cannot end the element (`<\/` means the same in strings and regexps). */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

export function renderHtml(report: Report, assets: HtmlAssets, opts: HtmlOptions = {}): string {
  const budget = opts.jsonBudget ?? HTML_JSON_BUDGET;
  const notable = opts.notable ? fitNotable(opts.notable, opts.notableBudget ?? Math.min(HTML_NOTABLE_BUDGET, budget / 3)) : undefined;
  const { json, cap } = fitReport(report, budget - (notable ? utf8Length(notable.json) : 0));
  const note = cap ? capNote(cap) : '';
  const n = notable?.notable;
  const notableNote = n
    ? `Notable events: for each finding, its evidence and the warnings and errors within ${n.windowMinutes} minutes of its evidence times, at most ${n.perFinding} per finding and ${n.total} in total${
        n.notCollected > 0 ? `; ${n.notCollected} later warnings and errors of this bundle were not considered (at most ${NOTABLE_BUFFER} are)` : ''
      }. Messages are redacted and cut to ${NOTABLE_MESSAGE_CAP} characters. logscan timeline has every event.`
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
<meta name="description" content="${escapeHtml(report.verdict.summary)}">
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
${note ? `<p id="cap-note" class="cap-note" data-evidence-cap="${cap!.evidence}">${escapeHtml(note)}</p>\n` : ''}<noscript><p class="error">Verdict: ${escapeHtml(report.verdict.summary)} This report is drawn by a script in the file; allow scripts to see the findings, or read the JSON in the page source.</p></noscript>
<div id="results"></div>
<footer class="page-notes">
<p id="hint" class="keys">${escapeHtml(PAGE_HINT)}</p>
${notableNote ? `<p id="notable-note" class="notable-note" data-per-finding="${n!.perFinding}" data-total="${n!.total}">${escapeHtml(notableNote)}</p>\n` : ''}</footer>
</main>
<script type="application/json" id="report">${json}</script>
${notable ? `<script type="application/json" id="notable">${notable.json}</script>\n` : ''}<script>
${inlineScript(assets.script)}
</script>
</body>
</html>
`;
}
