// What a fleet keeps of each bundle's report for its summary and the cross-VM patterns: the findings with their times
// and first few evidence items, the verdict and who the VM is; the sources, skipped files and most of the evidence go.
// Memory then grows by a few kilobytes a bundle, whatever each report held. Still typed as a Report, so the patterns
// (./patterns.ts) read it like any report. No Node imports: the browser could summarise a fleet too.
import type { Finding, Report } from '../model.js';
import { cutRedacted } from '../report/redact.js';

/** Evidence items kept per finding: the patterns take a bundle's first, the summaries show one. */
export const DIGEST_EVIDENCE = 3;
/** Characters kept of one evidence line (a log line can run to kilobytes). */
const EVIDENCE_CHARS = 400;
/** Problems kept per bundle (their number is in `problemCount`). */
const DIGEST_PROBLEMS = 3;

/** A compact report; `problemCount` says how many problems the whole one listed. */
export type BundleDigest = Report & { problemCount: number };

export function digestOf(report: Report): BundleDigest {
  const { os, osName, agentVersion, vmId, vmName, hostname } = report.system;
  return {
    schemaVersion: report.schemaVersion,
    tool: report.tool,
    bundle: report.bundle,
    system: {
      os,
      ...(osName !== undefined ? { osName } : {}),
      ...(agentVersion !== undefined ? { agentVersion } : {}),
      ...(vmId !== undefined ? { vmId } : {}),
      ...(vmName !== undefined ? { vmName } : {}),
      ...(hostname !== undefined ? { hostname } : {}),
      extensions: [],
    },
    sources: [],
    findings: report.findings.map(compactFinding),
    verdict: report.verdict,
    problems: report.problems.slice(0, DIGEST_PROBLEMS),
    problemCount: report.problems.length,
    timeline: report.timeline,
    ...(report.redactions ? { redactions: report.redactions } : {}),
  };
}

function compactFinding(f: Finding): Finding {
  return {
    ...f,
    evidence: f.evidence.slice(0, DIGEST_EVIDENCE).map((e) => ({ ...e, text: cutRedacted(e.text, EVIDENCE_CHARS) })),
  };
}

/** The VM a bundle is from, as the report says (absent fields: the bundle did not say). */
export function vmOf(report: Report): { vmId?: string; vmName?: string; hostname?: string } {
  const { vmId, vmName, hostname } = report.system;
  return { ...(vmId !== undefined ? { vmId } : {}), ...(vmName !== undefined ? { vmName } : {}), ...(hostname !== undefined ? { hostname } : {}) };
}
