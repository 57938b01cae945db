// The head of a report: what was read (bundle, system) and what could not be read (problems).
import type { Report, Severity } from '../../../src/model.js';
import { h } from './dom.js';
import { formatBytes, formatTime, plural } from './format.js';

const SEVERITIES: Severity[] = ['critical', 'error', 'warning', 'info'];

const LAYOUTS: Record<string, string> = {
  'wala-logs-zip': 'waagent -collect-logs zip',
  iid: 'Inspect IaaS Disk',
  collectguestlogs: 'CollectGuestLogs',
  'linux-tarball': 'Linux log tarball',
};

function facts(report: Report): [string, string][] {
  const { bundle, system, timeline } = report;
  const rows: [string, string | undefined][] = [
    ['Bundle', `${bundle.kind}, ${formatBytes(bundle.sizeBytes ?? 0)}, ${plural(bundle.files ?? 0, 'file')}`],
    ['Layout', bundle.layout && bundle.layout !== 'unknown' ? (LAYOUTS[bundle.layout] ?? bundle.layout) : undefined],
    ['OS', system?.osName ?? (system?.os && system.os !== 'unknown' ? system.os : undefined)],
    ['Agent', system?.agentVersion],
    ['Daemon', system?.daemonVersion],
    ['Extensions', system?.extensions?.length ? system.extensions.map((e) => (e.version ? `${e.name} ${e.version}` : e.name)).join(', ') : undefined],
    ['Time span', timeline?.from ? `${formatTime(timeline.from)} – ${formatTime(timeline.to)}` : undefined],
    ['Events', timeline ? String(timeline.events) : undefined],
    // Secrets taken out of what this page shows, each by a token («redacted:sas-1»).
    ['Redacted', report.redactions ? Object.entries(report.redactions).map(([kind, n]) => `${kind} ×${n}`).join(', ') : undefined],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
}

/** Finding counts by severity, e.g. `1 critical · 2 error`; null without findings. */
export function severityCounts(report: Report): HTMLElement | null {
  const counts = SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  if (counts.length === 0) return null;
  return h(
    'p',
    { class: 'counts' },
    counts.map(([s, n]) => h('span', { class: `badge sev-${s}` }, `${n} ${s}`)),
  );
}

export function renderSummary(report: Report, from: 'analysis' | 'json', ms: number): HTMLElement {
  const problems = report.problems ?? [];
  const origin = from === 'json' ? `report written by logscan ${report.tool.version}` : `analysed in this browser in ${(ms / 1000).toFixed(1)} s`;
  return h(
    'section',
    { class: 'summary', 'aria-label': 'Summary' },
    h('h2', null, report.bundle.name, ' ', h('span', { class: 'origin' }, origin)),
    h(
      'dl',
      { class: 'facts' },
      facts(report).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    ),
    severityCounts(report),
    problems.length > 0 &&
      h(
        'details',
        { class: 'problems' },
        h('summary', null, `${plural(problems.length, 'problem')} reading the bundle`),
        h(
          'ul',
          null,
          problems.map((p) => h('li', null, h('code', null, p.path), ': ', p.message)),
        ),
      ),
    (report.skipped?.length ?? 0) > 0 &&
      h(
        'details',
        { class: 'skipped' },
        h('summary', null, `${plural(report.skipped!.length, 'file')} not read`),
        h(
          'ul',
          null,
          report.skipped!.map((k) => h('li', null, h('code', null, k.path), ': ', k.reason)),
        ),
      ),
  );
}
