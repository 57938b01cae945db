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

/** One row of the context: path and line (or record); the same event under two findings has the same key. */
export function notableKey(e: Pick<NotableEvent, 'path' | 'line' | 'record'>): string {
  return `${e.path}\u0000${e.line ?? ''}\u0000${e.record ?? ''}`;
}

/** Links to findings by number: `#1 and #2`. */
function findingLinks(numbers: string[]): (Node | string)[] {
  return numbers.flatMap((n, i) => [...(i === 0 ? [] : [i === numbers.length - 1 ? ' and ' : ', ']), h('a', { href: `#finding-${n}` }, `#${n}`)]);
}

/**
 * "What happened around it": the finding's evidence among the warnings and errors near it in time. `shownAbove`
 * maps the events that its causes' contexts (above it on the page) already list to the number of the finding that
 * lists them: they are not listed again.
 */
export function renderNotable(group: NotableGroup, shownAbove: ReadonlyMap<string, string> = new Map()): HTMLElement {
  const events = group.events.filter((e) => !shownAbove.has(notableKey(e)));
  const where = [...new Set(group.events.map((e) => shownAbove.get(notableKey(e))).filter((n): n is string => n !== undefined))];
  if (events.length === 0 && where.length > 0) {
    // Everything around it is already listed under its cause: one line, no list.
    return h('div', { class: 'notable none' }, h('p', null, 'What happened around it: nothing beyond what ', findingLinks(where), ' shows.'));
  }
  return h(
    'details',
    // Open: a reader folds a long one away.
    { class: 'notable', open: '' },
    h(
      'summary',
      null,
      'What happened around it',
      events.length > 0 && `: ${plural(events.length, 'event')}`,
      where.length > 0 && [' (the others are under ', ...findingLinks(where), ')'],
    ),
    events.length === 0
      ? h('p', { class: 'empty' }, 'No warnings or errors near this finding.')
      : h(
          'ol',
          { class: 'notable-events' },
          events.map((e) =>
            h(
              'li',
              {
                class: `lvl-${e.level ?? 'none'}${e.evidence ? ' is-evidence' : ''}`,
                'data-path': e.path,
                'data-line': e.line !== undefined ? String(e.line) : undefined,
                'data-record': e.record !== undefined ? String(e.record) : undefined,
              },
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

/**
 * Puts each group under its finding (`li.finding[data-id]` inside `root`), before "What to do". A finding nested in
 * its cause lists only what the contexts above it (its cause's, and theirs) do not.
 */
export function attachNotable(root: HTMLElement, groups: NotableGroup[]): void {
  const byFinding = new Map(groups.map((g) => [g.finding, g]));
  /** Per finding item: the events listed by it and the contexts above it, each with the number of the finding that lists it. */
  const shown = new Map<HTMLElement, Map<string, string>>();
  // Document order: a cause is done before what it explains.
  for (const li of root.querySelectorAll<HTMLElement>('li.finding[data-id]')) {
    const parent = li.parentElement?.closest<HTMLElement>('li.finding') ?? null;
    const above = (parent && shown.get(parent)) || new Map<string, string>();
    const group = byFinding.get(li.dataset.id ?? '');
    if (!group) {
      shown.set(li, above);
      continue;
    }
    const node = renderNotable(group, above);
    const number = li.id.replace(/^finding-/, '');
    const mine = new Map(above);
    for (const e of group.events) if (!mine.has(notableKey(e))) mine.set(notableKey(e), number);
    shown.set(li, mine);
    const remediation = li.querySelector(':scope > .remediation');
    if (remediation) li.insertBefore(node, remediation);
    else li.appendChild(node);
  }
}
