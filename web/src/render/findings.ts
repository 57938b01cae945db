// The findings of a report as a list: severity, category, title, summary, evidence, remediation.
import type { Evidence, Finding } from '../../../src/model.js';
import { h } from './dom.js';
import { formatTime, plural } from './format.js';

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
          h('div', { class: 'place' }, h('code', null, evidencePlace(e)), e.time && h('time', { datetime: e.time }, formatTime(e.time))),
          h('pre', null, e.text),
        ),
      ),
    ),
    more > 0 && h('p', { class: 'more' }, `and ${plural(more, 'more line')}`),
  );
}

export function renderFinding(f: Finding): HTMLElement {
  const seen = f.firstSeen ? (f.lastSeen && f.lastSeen !== f.firstSeen ? `${formatTime(f.firstSeen)} – ${formatTime(f.lastSeen)}` : formatTime(f.firstSeen)) : '';
  return h(
    'li',
    { class: `finding sev-${f.severity}`, 'data-id': f.id, 'data-severity': f.severity },
    h(
      'header',
      null,
      h('span', { class: `badge sev-${f.severity}` }, f.severity),
      h('span', { class: 'category' }, f.category),
      h('h3', null, f.title),
    ),
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
          f.remediation.map((step) => h('li', null, step)),
        ),
        f.docs && h('p', null, h('a', { href: f.docs, target: '_blank', rel: 'noopener noreferrer' }, 'Documentation')),
      ),
  );
}

export function renderFindings(findings: Finding[]): HTMLElement {
  return h(
    'section',
    { class: 'findings', 'aria-label': 'Findings' },
    h('h2', null, 'Findings'),
    findings.length === 0
      ? h('p', { class: 'empty' }, 'Nothing wrong found in this bundle.')
      : h(
          'ol',
          { class: 'finding-list' },
          findings.map((f) => renderFinding(f)),
        ),
  );
}
