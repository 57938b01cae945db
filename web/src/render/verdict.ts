// The answer first: the verdict's sentence, its root causes (links to their findings, with what each explains), what
// was checked, and how times were read.
import type { Report } from '../../../src/model.js';
import { clockNotes, explainedBy, foldFindings } from '../../../src/report/folding.js';
import { h } from './dom.js';
import { plural } from './format.js';

export function renderVerdict(report: Report): HTMLElement {
  const { verdict } = report;
  const folded = foldFindings(report);
  const byId = new Map(folded.map((x) => [x.finding.id, x]));
  const explains = (id: string): number => explainedBy(report.findings, id).length;
  const notes = clockNotes(report.sources ?? []);
  return h(
    'section',
    { class: `verdict confidence-${verdict.confidence}`, 'aria-label': 'Verdict' },
    h('h2', null, 'Verdict ', h('span', { class: 'confidence' }, `${verdict.confidence} confidence`)),
    h('p', { class: 'answer' }, verdict.summary),
    verdict.rootCauses.length > 0 &&
      h(
        'ol',
        { class: 'root-causes' },
        verdict.rootCauses.map((id) => {
          const root = byId.get(id);
          if (!root) return null;
          const n = explains(id);
          return h(
            'li',
            null,
            h('span', { class: `badge sev-${root.finding.severity}` }, root.finding.severity),
            ' ',
            h('a', { href: `#finding-${root.number}` }, `#${root.number} ${root.finding.title}`),
            n > 0 && h('span', { class: 'explains' }, ` explains ${plural(n, 'other finding')}`),
          );
        }),
      ),
    verdict.checked.length > 0 && h('p', { class: 'checked' }, `Checked: ${verdict.checked.join(', ')}`),
    notes.length > 0 && h('ul', { class: 'clock-notes' }, notes.map((n) => h('li', null, 'Times: ', n))),
  );
}
