// The findings of a report as a list: severity, category, title, summary, evidence, remediation.
import type { Evidence, Finding, Report } from '../../../src/model.js';
import { foldFindings } from '../../../src/report/folding.js';
import type { FoldedFinding } from '../../../src/report/folding.js';
import { h, withCode } from './dom.js';
import { formatTime, plural } from './format.js';
import { nestFindings } from './overview.js';

/** Evidence shown per finding before "N more". */
const EVIDENCE_SHOWN = 20;

/** `path:line`, `path record N`, or the path alone. */
export function evidencePlace(e: Evidence): string {
  if (e.line !== undefined && e.line > 0) return `${e.path}:${e.line}`;
  if (e.record !== undefined) return `${e.path} record ${e.record}`;
  return e.path;
}

function renderEvidence(evidence: Evidence[]): HTMLElement {
  const shown = evidence.slice(0, EVIDENCE_SHOWN);
  const more = evidence.length - shown.length;
  return h(
    'div',
    { class: 'evidence' },
    h('h4', null, 'Evidence'),
    h(
      'ol',
      null,
      shown.map((e) =>
        h(
          'li',
          { 'data-path': e.path, 'data-line': e.line !== undefined ? String(e.line) : undefined, 'data-record': e.record !== undefined ? String(e.record) : undefined },
          // A button: it opens the evidence view (the lines around it, or what the page holds of them).
          h(
            'button',
            { type: 'button', class: 'place', title: 'Show this evidence in its file' },
            h('code', null, evidencePlace(e)),
            e.time && h('time', { datetime: e.time }, formatTime(e.time)),
          ),
          h('pre', null, e.text),
        ),
      ),
    ),
    more > 0 && h('p', { class: 'more' }, `and ${plural(more, 'more line')}`),
  );
}

export function renderFinding(item: FoldedFinding, consequences: HTMLElement[] = []): HTMLElement {
  const { finding: f, number, causes } = item;
  const seen = f.firstSeen ? (f.lastSeen && f.lastSeen !== f.firstSeen ? `${formatTime(f.firstSeen)} – ${formatTime(f.lastSeen)}` : formatTime(f.firstSeen)) : '';
  return h(
    'li',
    { class: `finding sev-${f.severity}${item.rootCause ? ' root-cause' : ''}`, id: `finding-${number}`, 'data-id': f.id, 'data-severity': f.severity },
    h(
      'header',
      null,
      h('span', { class: `badge sev-${f.severity}` }, f.severity),
      h('span', { class: 'category' }, f.category),
      h('h3', null, h('span', { class: 'number' }, `#${number} `), h('span', { class: 'title' }, f.title)),
    ),
    causes.length > 0 &&
      h(
        'p',
        { class: 'caused-by' },
        'Caused by ',
        causes.flatMap((c, i) => [i > 0 && '; ', h('a', { href: `#finding-${c.number}` }, `#${c.number} ${c.title}`)]),
      ),
    item.rootCause && causes.length === 0 && h('p', { class: 'caused-by root' }, 'Root cause'),
    h(
      'p',
      { class: 'meta' },
      h('code', null, f.id),
      f.count > 1 && ` · seen ${f.count} times`,
      seen && ` · ${seen}`,
    ),
    h('p', { class: 'text' }, f.summary),
    f.evidence?.length > 0 && renderEvidence(f.evidence),
    f.remediation?.length > 0 &&
      h(
        'div',
        { class: 'remediation' },
        h('h4', null, 'What to do'),
        h(
          'ol',
          null,
          f.remediation.map((step) => h('li', null, withCode(step))),
        ),
        f.docs && h('p', null, h('a', { href: f.docs, target: '_blank', rel: 'noopener noreferrer' }, 'Documentation')),
      ),
    consequences.length > 0 &&
      h('div', { class: 'consequences' }, h('h4', null, `Explained by this (${consequences.length})`), h('ol', { class: 'finding-list' }, consequences)),
  );
}

/** The findings, each consequence nested under its (first) cause, in report order: root causes come first. */
export function renderFindings(report: Pick<Report, 'findings' | 'verdict'>): HTMLElement {
  const folded = foldFindings(report);
  const { top, children } = nestFindings(folded);
  const build = (item: FoldedFinding): HTMLElement => renderFinding(item, (children.get(item.finding.id) ?? []).map(build));
  return h(
    'section',
    { class: 'findings', 'aria-label': 'Findings' },
    h('h2', null, 'Findings'),
    folded.length === 0 ? h('p', { class: 'empty' }, 'Nothing wrong found in this bundle.') : h('ol', { class: 'finding-list' }, top.map(build)),
  );
}

export type { Finding };
