// The notable events of an html report under each finding: "What happened around it".
import type { NotableEvent, NotableGroup } from '../../../src/report/notable.js';
import { h } from './dom.js';
import { formatTime, plural } from './format.js';

function place(e: NotableEvent): string {
  if (e.line !== undefined && e.line > 0) return `${e.path}:${e.line}`;
  if (e.record !== undefined) return `${e.path} record ${e.record}`;
  return e.path;
}

export function isNotableGroups(value: unknown): value is { findings: NotableGroup[] } {
  if (!value || typeof value !== 'object') return false;
  const groups = (value as { findings?: unknown }).findings;
  return Array.isArray(groups) && groups.every((g) => g && typeof g === 'object' && typeof (g as NotableGroup).finding === 'string' && Array.isArray((g as NotableGroup).events));
}

export function renderNotable(group: NotableGroup): HTMLElement {
  return h(
    'div',
    { class: 'notable' },
    h('h4', null, 'What happened around it'),
    group.events.length === 0
      ? h('p', { class: 'empty' }, 'No warnings or errors near this finding.')
      : h(
          'ol',
          { class: 'notable-events' },
          group.events.map((e) =>
            h(
              'li',
              { class: `lvl-${e.level ?? 'none'}${e.evidence ? ' is-evidence' : ''}`, 'data-path': e.path, 'data-line': e.line !== undefined ? String(e.line) : undefined },
              h(
                'div',
                { class: 'place' },
                e.time ? h('time', { datetime: e.time }, formatTime(e.time)) : h('span', { class: 'no-time' }, 'no time'),
                h('span', { class: 'level' }, e.level ?? ''),
                e.source && h('span', { class: 'source' }, e.source),
                h('code', null, place(e)),
                e.evidence && h('span', { class: 'tag' }, 'evidence'),
              ),
              h('pre', null, typeof e.message === 'string' ? e.message : ''),
            ),
          ),
        ),
    group.omitted > 0 && h('p', { class: 'more' }, `and ${plural(group.omitted, 'more event')} left out of this file`),
  );
}

/** Appends each group under its finding (`li.finding[data-id]`) inside `root`. */
export function attachNotable(root: HTMLElement, groups: NotableGroup[]): void {
  const byId = new Map<string, HTMLElement>();
  for (const li of root.querySelectorAll<HTMLElement>('li.finding[data-id]')) byId.set(li.dataset.id ?? '', li);
  for (const g of groups) {
    const li = byId.get(g.finding);
    if (!li) continue;
    const node = renderNotable(g);
    const remediation = li.querySelector(':scope > .remediation');
    if (remediation) li.insertBefore(node, remediation);
    else li.appendChild(node);
  }
}
