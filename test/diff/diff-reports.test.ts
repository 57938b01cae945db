// Findings resolved, new and persisting between two reports; evidence matched by what it says, not where or when.
import { describe, expect, it } from 'vitest';
import type { Category, Evidence, Finding, Report, Severity } from '../../src/model.js';
import { diffExitCode, diffReports, failingEntries, sameFinding } from '../../src/diff/diff-reports.js';
import { evidenceKey } from '../../src/diff/evidence-key.js';

const WAAGENT = 'var/log/waagent.log';
const DNS = (t: string, attempts = 6): string =>
  `${t} WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError [Errno -2] Name or service not known -- ${attempts} attempts made`;
const REFUSED = (t: string): string => `${t} WARNING ExtHandler ExtHandler [HTTP Failed] GET http://168.63.129.16/machine -- IOError [Errno 111] Connection refused -- 6 attempts made`;
const TIMED_OUT = (t: string): string => `${t} WARNING ExtHandler ExtHandler [HTTP Failed] GET http://168.63.129.16/machine -- IOError [Errno 110] Connection timed out -- 6 attempts made`;

function finding(id: string, lines: { line: number; time: string; text: string }[], severity: Severity = 'error', category: Category = 'network'): Finding {
  const evidence: Evidence[] = lines.map((l) => ({ path: WAAGENT, line: l.line, time: l.time, text: l.text }));
  return {
    id,
    detector: id.split('.')[0]!,
    category,
    severity,
    title: `Title of ${id}`,
    summary: 'Seen.',
    remediation: [],
    evidence,
    ...(lines.length > 0 ? { firstSeen: lines[0]!.time, lastSeen: lines[lines.length - 1]!.time } : {}),
    count: Math.max(1, lines.length),
  };
}

function report(name: string, findings: Finding[], span: { from?: string; to?: string } = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'logscan', version: '0.0.0-test' },
    bundle: { name, kind: 'tgz', sizeBytes: 1, files: 1 },
    system: { os: 'linux', extensions: [] },
    sources: [],
    findings,
    verdict: { summary: `verdict of ${name}`, rootCauses: findings.map((f) => f.id), confidence: 'high', checked: ['network'] },
    problems: [],
    timeline: { events: 10, ...span },
  };
}

const NOV1 = '2026-11-01T10:00:00.000Z';
const NOV2 = '2026-11-02T10:00:00.000Z';
const at = (iso: string): string => iso.replace('.000Z', '.000000Z');

describe('evidenceKey', () => {
  it('drops times, line-independent counts, process ids and GUIDs, and keeps the error codes', () => {
    expect(evidenceKey(DNS(at(NOV1), 6))).toBe(evidenceKey(DNS(at(NOV2), 3)));
    expect(evidenceKey(REFUSED(at(NOV1)))).not.toBe(evidenceKey(TIMED_OUT(at(NOV1))));
    expect(evidenceKey('Nov 30 22:00:01 vm1 waagent[1234]: Attempt 3 of 25 failed after 12.5 seconds')).toBe(
      evidenceKey('Dec  1 03:10:59 vm1 waagent[98]: Attempt 9 of 25 failed after 3 seconds'),
    );
    expect(evidenceKey('[ 1234.567890] Out of memory: Killed process 4242 (python3)')).toBe(evidenceKey('[   12.000001] Out of memory: Killed process 4242 (python3)'));
    expect(evidenceKey('op=Enable, operationId=0f8fad5b-d9cb-469f-a165-70867728950e duration=1234')).toBe(
      evidenceKey('op=Enable, operationId=7c9e6679-7425-40de-944b-e07fc1f90ae7 duration=77'),
    );
    expect(evidenceKey('11/30/2026 10:00:01 PM VSS 12289 error 0x800423f4')).toBe(evidenceKey('12/01/2026 1:02:03 AM VSS 12289 error 0x800423f4'));
    expect(evidenceKey('VSS 12289 error 0x800423f4')).not.toBe(evidenceKey('VSS 12289 error 0x800423f3'));
  });
});

describe('diffReports', () => {
  it('sorts findings into resolved, new and persisting', () => {
    const before = report('before.tgz', [
      finding('network.dns-failure', [{ line: 10, time: NOV1, text: DNS(at(NOV1)) }]),
      finding('network.proxy-failure', [{ line: 11, time: NOV1, text: `${at(NOV1)} WARNING ExtHandler Tunnel connection failed: 407 Proxy Authentication Required` }]),
    ]);
    const after = report('after.tgz', [
      finding('network.dns-failure', [{ line: 310, time: NOV2, text: DNS(at(NOV2), 3) }]),
      finding('network.tls-failure', [{ line: 312, time: NOV2, text: `${at(NOV2)} WARNING ExtHandler [SSL: CERTIFICATE_VERIFY_FAILED]` }]),
    ]);
    const diff = diffReports(before, after);
    expect(diff.resolved.map((e) => e.id)).toEqual(['network.proxy-failure']);
    expect(diff.new.map((e) => e.id)).toEqual(['network.tls-failure']);
    expect(diff.persisting.map((e) => e.id)).toEqual(['network.dns-failure']);
    const [persisting] = diff.persisting;
    // Matched across shifted line numbers and another day; both sides kept.
    expect(persisting!.before!.evidence[0]!.line).toBe(10);
    expect(persisting!.after!.evidence[0]!.line).toBe(310);
    expect(diff.resolved[0]!.after).toBeUndefined();
    expect(diff.new[0]!.before).toBeUndefined();
    expect(diff.before.bundle).toBe('before.tgz');
    expect(diff.after.verdict).toBe('verdict of after.tgz');
  });

  it('tells apart one finding id whose evidence says something else after the fix', () => {
    const before = report('b', [finding('network.wireserver-unreachable', [{ line: 5, time: NOV1, text: REFUSED(at(NOV1)) }])]);
    const after = report('a', [finding('network.wireserver-unreachable', [{ line: 5, time: NOV2, text: TIMED_OUT(at(NOV2)) }])]);
    const diff = diffReports(before, after);
    expect(diff.resolved.map((e) => e.id)).toEqual(['network.wireserver-unreachable']);
    expect(diff.new.map((e) => e.id)).toEqual(['network.wireserver-unreachable']);
    expect(diff.persisting).toEqual([]);
    expect(diff.resolved[0]!.before!.evidence[0]!.text).toContain('Connection refused');
    expect(diff.new[0]!.after!.evidence[0]!.text).toContain('Connection timed out');
  });

  it('needs one evidence line in common, not all of them; findings without evidence match by id', () => {
    const a = finding('x.y', [
      { line: 1, time: NOV1, text: REFUSED(at(NOV1)) },
      { line: 2, time: NOV1, text: DNS(at(NOV1)) },
    ]);
    const b = finding('x.y', [{ line: 90, time: NOV2, text: DNS(at(NOV2), 2) }]);
    expect(sameFinding(a, b)).toBe(true);
    expect(sameFinding(finding('x.y', []), finding('x.y', []))).toBe(true);
    expect(sameFinding(finding('x.y', []), b)).toBe(false);
    expect(sameFinding(a, { ...b, id: 'x.z' })).toBe(false);
  });

  it('calls a finding resolved when the after bundle holds only its old lines and goes on past them', () => {
    const old = finding('network.dns-failure', [{ line: 10, time: NOV1, text: DNS(at(NOV1)) }]);
    const before = report('b', [old], { from: NOV1, to: '2026-11-01T12:00:00.000Z' });
    const after = report('a', [{ ...old, evidence: old.evidence.map((e) => ({ ...e, line: 40 })) }], { from: NOV1, to: NOV2 });
    const diff = diffReports(before, after);
    expect(diff.persisting).toEqual([]);
    expect(diff.resolved.map((e) => [e.id, e.onlyOldLines])).toEqual([['network.dns-failure', true]]);
    expect(diffExitCode(diff, 'error')).toBe(0);
    // The same bundle twice says nothing about later: persisting.
    expect(diffReports(before, before).persisting.map((e) => e.id)).toEqual(['network.dns-failure']);
  });

  it('orders entries by severity, then id', () => {
    const before = report('b', []);
    const after = report('a', [
      finding('b.warn', [{ line: 1, time: NOV2, text: 'w' }], 'warning'),
      finding('a.info', [{ line: 2, time: NOV2, text: 'i' }], 'info'),
      finding('c.crit', [{ line: 3, time: NOV2, text: 'c' }], 'critical'),
      finding('a.warn', [{ line: 4, time: NOV2, text: 'w2' }], 'warning'),
    ]);
    expect(diffReports(before, after).new.map((e) => e.id)).toEqual(['c.crit', 'a.warn', 'b.warn', 'a.info']);
  });
});

describe('diffExitCode', () => {
  const warnBefore = finding('w.x', [{ line: 1, time: NOV1, text: 'disk almost full' }], 'warning');
  const errBefore = finding('e.x', [{ line: 2, time: NOV1, text: 'fatal thing' }], 'error');

  it('fails on new or persisting findings at or above --fail-on, never on resolved ones', () => {
    const onlyResolved = diffReports(report('b', [errBefore]), report('a', []));
    expect(diffExitCode(onlyResolved, 'info')).toBe(0);
    const persistingWarning = diffReports(report('b', [warnBefore]), report('a', [{ ...warnBefore, lastSeen: NOV2 }]));
    expect(persistingWarning.persisting).toHaveLength(1);
    expect(diffExitCode(persistingWarning, 'error')).toBe(0);
    expect(diffExitCode(persistingWarning, 'warning')).toBe(1);
    const newError = diffReports(report('b', []), report('a', [errBefore]));
    expect(diffExitCode(newError, 'error')).toBe(1);
    expect(diffExitCode(newError, 'critical')).toBe(0);
    expect(diffExitCode(newError, 'never')).toBe(0);
    expect(failingEntries(newError, 'warning').map((e) => e.id)).toEqual(['e.x']);
  });

  it('judges a persisting finding by its severity after the fix', () => {
    const eased = diffReports(report('b', [errBefore]), report('a', [{ ...errBefore, severity: 'warning' }]));
    expect(eased.persisting[0]!.severity).toBe('warning');
    expect(diffExitCode(eased, 'error')).toBe(0);
  });
});

describe('different VMs', () => {
  it('says so when the bundles name different VMs, by VM id first, else host name', () => {
    const a = report('a', []);
    const b = report('b', []);
    expect(diffReports(a, b).differentVms).toBeUndefined();
    a.system.hostname = 'web-01';
    b.system.hostname = 'WEB-01';
    expect(diffReports(a, b).differentVms).toBeUndefined();
    b.system.hostname = 'web-02';
    expect(diffReports(a, b).differentVms).toBe(true);
    a.system.vmId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    b.system.vmId = '0F8FAD5B-D9CB-469F-A165-70867728950E';
    // The same VM id: one VM renamed.
    expect(diffReports(a, b).differentVms).toBeUndefined();
    expect(diffReports(a, b).after.vm).toEqual({ vmId: b.system.vmId, hostname: 'web-02' });
  });
});
