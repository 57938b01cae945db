// The findings at a glance, right after the verdict: severity, number and title (a link to the finding), how
// often it was seen; consequences indented under their cause as the findings list nests them.
import type { Report } from '../../../src/model.js';
import { foldFindings } from '../../../src/report/folding.js';
import type { FoldedFinding } from '../../../src/report/folding.js';
import { h } from './dom.js';

/** Top-level items and the consequences under each, as renderFindings nests them (under the first cause). */
export function nestFindings(folded: FoldedFinding[]): { top: FoldedFinding[]; children: Map<string, FoldedFinding[]> } {
  const children = new Map<string, FoldedFinding[]>();
  const top: FoldedFinding[] = [];
  // A finding whose causes are missing or circular (a report from elsewhere) stays at the top, so every one is shown.
  for (const item of folded) {
    const parent = item.depth > 0 ? item.finding.causedBy![0]! : undefined;
    if (parent === undefined) top.push(item);
    else children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  return { top, children };
}

export function renderOverview(report: Pick<Report, 'findings' | 'verdict'>): HTMLElement | null {
  const folded = foldFindings(report);
  if (folded.length === 0) return null;
  const { top, children } = nestFindings(folded);
  const item = (x: FoldedFinding): HTMLElement => {
    const f = x.finding;
    const under = children.get(f.id) ?? [];
    return h(
      'li',
      { class: `sev-${f.severity}`, 'data-id': f.id },
      h(
        'div',
        { class: 'row' },
        h('span', { class: `badge sev-${f.severity}` }, f.severity),
        h('a', { href: `#finding-${x.number}` }, h('span', { class: 'number' }, `#${x.number}`), ' ', f.title),
        f.count > 1 && h('span', { class: 'count', title: `seen ${f.count} times` }, `×${f.count}`),
      ),
      under.length > 0 && h('ol', null, under.map(item)),
    );
  };
  return h(
    'nav',
    { class: 'overview', 'aria-label': 'Findings overview' },
    h('h2', null, `Findings at a glance (${folded.length})`),
    h('ol', null, top.map(item)),
  );
}
