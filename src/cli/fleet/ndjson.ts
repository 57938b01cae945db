// `fleet --format ndjson`: one JSON document a line, for a search engine or a database to load in bulk: each fleet
// finding, each finding of each bundle (with the bundle, who the VM is and the bundle's verdict), each unreadable
// bundle. With `--bulk-index NAME` every document is preceded by the action line of the Elasticsearch/OpenSearch
// `_bulk` API, with an id derived from the bundle and the finding, so loading the same run twice replaces rather
// than duplicates. Fields: docs/fleet.md. Node-only (node:crypto for the ids).
import { createHash } from 'node:crypto';
import type { FleetMember } from '../../fleet/patterns.js';
import type { FleetSummary } from '../../fleet/summary.js';

export interface NdjsonOptions {
  /** The `_bulk` index to name in an action line before each document; absent: documents only. */
  bulkIndex?: string;
}

/** A finding's first and last times, each only when known (a document never carries an undefined field). */
function seenSpan(f: { firstSeen?: string; lastSeen?: string }): { firstSeen?: string; lastSeen?: string } {
  return { ...(f.firstSeen !== undefined ? { firstSeen: f.firstSeen } : {}), ...(f.lastSeen !== undefined ? { lastSeen: f.lastSeen } : {}) };
}

export function renderFleetNdjson(summary: FleetSummary, members: readonly FleetMember[], options: NdjsonOptions = {}): string {
  const lines: string[] = [];
  const put = (id: string, doc: Record<string, unknown>): void => {
    if (options.bulkIndex !== undefined) lines.push(JSON.stringify({ index: { _index: options.bulkIndex, _id: docId(id) } }));
    lines.push(JSON.stringify(doc));
  };
  const tool = summary.tool.version;
  for (const f of summary.fleetFindings) {
    put(`fleet\u0000${f.id}\u0000${f.members.map((m) => m.bundle).join('\u0000')}`, {
      type: 'fleet-finding',
      id: f.id,
      severity: f.severity,
      category: f.category,
      title: f.title,
      summary: f.summary,
      ...seenSpan(f),
      bundles: f.members.map((m) => m.bundle),
      vms: f.members.map((m) => ({ bundle: m.bundle, ...m.vm })),
      tool,
    });
  }
  for (const m of [...members].sort((a, b) => a.bundle.localeCompare(b.bundle))) {
    const { report } = m;
    const roots = report.verdict.rootCauses;
    for (const f of report.findings) {
      const first = f.evidence[0];
      put(`finding\u0000${m.bundle}\u0000${f.id}`, {
        type: 'finding',
        bundle: m.bundle,
        bundleName: report.bundle.name,
        ...m.vm,
        os: report.system.os,
        verdict: report.verdict.summary,
        verdictConfidence: report.verdict.confidence,
        rootCauses: roots,
        isRootCause: roots.includes(f.id),
        ...(f.causedBy && f.causedBy.length > 0 ? { causedBy: f.causedBy } : {}),
        id: f.id,
        severity: f.severity,
        category: f.category,
        title: f.title,
        count: f.count,
        ...seenSpan(f),
        ...(first ? { evidence: { path: first.path, ...(first.line !== undefined ? { line: first.line } : {}), ...(first.time !== undefined ? { time: first.time } : {}), text: first.text } } : {}),
        tool,
      });
    }
  }
  for (const u of summary.unreadable) put(`unreadable\u0000${u.bundle}`, { type: 'unreadable', bundle: u.bundle, reason: u.reason, tool });
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** A document id that stays the same for the same bundle and finding: 32 hex digits. */
function docId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
