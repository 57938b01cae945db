// Cross-VM fleet findings on generated fleets: they fire when the fleet shows the pattern, and stay quiet otherwise.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Category, Finding, Report, Severity } from '../../src/model.js';
import { FLEET_MIN_VMS, FLEET_WINDOW_MINUTES, fleetFindings, type FleetMember } from '../../src/fleet/patterns.js';

const EXT_LOG = 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log';
const WAAGENT = 'var/log/waagent.log';
const BASE = Date.parse('2026-11-30T22:00:00Z');

const minutes = (n: number): string => new Date(BASE + n * 60_000).toISOString();

/** A snapshot line as VMSnapshotLinux writes it (local time without a zone). */
const crpLine = (at: string): string => `${at.replace('T', ' ').replace('Z', '')} [Info] CRP timeout limit has reached, will not take snapshot.`;

interface FindingSpec {
  id: string;
  category: Category;
  severity?: Severity;
  /** ISO times of the evidence (first and last become firstSeen and lastSeen). */
  times: string[];
  texts?: string[];
  path?: string;
  details?: string[];
}

function finding(spec: FindingSpec): Finding {
  const times = [...spec.times].sort();
  const first = times[0];
  const last = times[times.length - 1];
  const when = first === undefined ? '' : first === last ? ` at ${first}` : ` between ${first} and ${last}`;
  const seen = times.length <= 1 ? 'Seen once' : `Seen ${times.length} times`;
  return {
    id: spec.id,
    detector: spec.id.split('.')[0]!,
    category: spec.category,
    severity: spec.severity ?? 'error',
    title: `Title of ${spec.id}`,
    summary: `${seen}${when}${spec.details && spec.details.length > 0 ? `: ${spec.details.join('; ')}.` : '.'}`,
    remediation: [`Fix ${spec.id}.`],
    evidence: times.map((time, i) => ({ path: spec.path ?? EXT_LOG, line: 10 + i, time, text: spec.texts?.[i] ?? spec.texts?.[0] ?? crpLine(time) })),
    ...(first ? { firstSeen: first, lastSeen: last } : {}),
    count: Math.max(1, times.length),
  };
}

function report(bundle: string, findings: Finding[], rootCauses: string[] = findings.map((f) => f.id)): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'logscan', version: '0.0.0-test' },
    bundle: { name: bundle, kind: 'tgz', sizeBytes: 100, files: 3 },
    system: { os: 'linux', extensions: [] },
    sources: [],
    findings,
    verdict: { summary: 'test', rootCauses, confidence: 'high', checked: [] },
    problems: [],
    timeline: { events: findings.length },
  };
}

function member(bundle: string, vm: FleetMember['vm'], findings: Finding[], rootCauses?: string[]): FleetMember {
  return { bundle, vm, report: report(bundle, findings, rootCauses) };
}

/** A VM whose backup timed out (CRP timeout, code 402) at the given minutes after 22:00. */
function timedOut(n: number, at: number[], id = 'snapshot-timeout.command-too-late'): FleetMember {
  const category: Category = id.startsWith('snapshot-timeout') ? 'snapshot-timeout' : 'snapshot-failure';
  return member(`vm${n}.tgz`, { vmId: `00000000-0000-0000-0000-00000000000${n}`, vmName: `vm${n}` }, [finding({ id, category, times: at.map(minutes) })]);
}

describe('fleet.concurrent-backups', () => {
  it('fires when three VMs time out within minutes of each other, with the VMs and times as evidence', () => {
    const fleet = [timedOut(1, [1]), timedOut(2, [5]), timedOut(3, [12]), timedOut(4, [300])];
    const found = fleetFindings(fleet);
    expect(found.map((f) => f.id)).toEqual(['fleet.concurrent-backups']);
    const [f] = found;
    expect(f!.category).toBe('snapshot-timeout');
    expect(f!.severity).toBe('error');
    expect(f!.members.map((m) => m.bundle)).toEqual(['vm1.tgz', 'vm2.tgz', 'vm3.tgz']);
    expect(f!.members[0]!.findingIds).toEqual(['snapshot-timeout.command-too-late']);
    expect(f!.evidence.map((e) => [e.bundle, e.time])).toEqual([
      ['vm1.tgz', minutes(1)],
      ['vm2.tgz', minutes(5)],
      ['vm3.tgz', minutes(12)],
    ]);
    expect(f!.evidence[0]!.text).toContain('CRP timeout limit has reached');
    expect(f!.firstSeen).toBe(minutes(1));
    expect(f!.lastSeen).toBe(minutes(12));
    expect(f!.summary).toContain('3 VMs between');
    expect(f!.summary).toContain('vm1, vm2 and vm3');
  });

  it('counts host throttling and host errors, as a snapshot failure when nothing timed out', () => {
    const fleet = [timedOut(1, [0], 'snapshot-failure.rate-exceeded'), timedOut(2, [3], 'snapshot-failure.host-error'), timedOut(3, [9], 'snapshot-failure.rate-exceeded')];
    const [f] = fleetFindings(fleet);
    expect(f?.id).toBe('fleet.concurrent-backups');
    expect(f!.category).toBe('snapshot-failure');
  });

  it('lists each window of a fleet that hit it twice', () => {
    const fleet = [timedOut(1, [0, 600]), timedOut(2, [2, 604]), timedOut(3, [4, 610])];
    const [f] = fleetFindings(fleet);
    expect(f!.summary).toContain('2 windows');
    expect(f!.evidence).toHaveLength(6);
    expect(f!.members.find((m) => m.bundle === 'vm1.tgz')!.lastSeen).toBe(minutes(600));
  });

  it('still fires on compact reports that kept the times but no evidence', () => {
    const fleet = [timedOut(1, [0]), timedOut(2, [2]), timedOut(3, [4])];
    for (const m of fleet) for (const f of m.report.findings) f.evidence = [];
    const [f] = fleetFindings(fleet);
    expect(f?.members).toHaveLength(3);
    expect(f!.evidence.every((e) => e.text.includes('snapshot-timeout.command-too-late'))).toBe(true);
  });

  it('stays quiet when VMs fail at unrelated times', () => {
    expect(fleetFindings([timedOut(1, [0]), timedOut(2, [60]), timedOut(3, [180]), timedOut(4, [16 + 180])])).toEqual([]);
  });

  it('stays quiet for one VM, however many bundles of it there are', () => {
    const vm = { vmId: 'AAAA0000-0000-0000-0000-000000000001' };
    const fleet = [0, 1, 2, 3].map((n) => member(`copy${n}.tgz`, n % 2 ? vm : { vmId: vm.vmId.toLowerCase() }, [finding({ id: 'snapshot-timeout.status-stuck', category: 'snapshot-timeout', times: [minutes(n)] })]));
    expect(fleetFindings(fleet)).toEqual([]);
    // Host names stand for the VM when there is no VM id; bundles without either are VMs of their own.
    const byHost = [0, 1, 2].map((n) => member(`h${n}.tgz`, { hostname: n ? 'web-01' : 'WEB-01' }, [finding({ id: 'snapshot-timeout.status-stuck', category: 'snapshot-timeout', times: [minutes(n)] })]));
    expect(fleetFindings(byHost)).toEqual([]);
    const anonymous = [0, 1, 2].map((n) => member(`a${n}.tgz`, {}, [finding({ id: 'snapshot-timeout.status-stuck', category: 'snapshot-timeout', times: [minutes(n)] })]));
    expect(fleetFindings(anonymous).map((f) => f.id)).toEqual(['fleet.concurrent-backups']);
  });

  it('ignores findings that do not place a struggling backup in time', () => {
    const fleet = [1, 2, 3].map((n) =>
      member(`vm${n}.tgz`, { hostname: `vm${n}` }, [finding({ id: 'network.wireserver-unreachable', category: 'network', times: [minutes(n)], path: WAAGENT, texts: ['x'] })], []),
    );
    expect(fleetFindings(fleet)).toEqual([]);
  });

  it('needs two VMs or more to be a crowd, and takes fewer VMs or a wider window when asked', () => {
    const pair = [timedOut(1, [0]), timedOut(2, [20])];
    expect(fleetFindings(pair)).toEqual([]);
    expect(fleetFindings(pair, { minVms: 2, windowMinutes: 30 })).toHaveLength(1);
    expect(fleetFindings([timedOut(1, [0])], { minVms: 1 })).toEqual([]);
  });

  it('fires for any group of enough VMs starting within the window, whatever else the fleet holds (property)', () => {
    const window = FLEET_WINDOW_MINUTES;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: window }), { minLength: FLEET_MIN_VMS, maxLength: 8 }),
        fc.integer({ min: -2000, max: 2000 }),
        (offsets, start) => {
          const fleet = offsets.map((o, i) => timedOut(i + 1, [start + o]));
          const found = fleetFindings(fleet);
          expect(found).toHaveLength(1);
          expect(new Set(found[0]!.members.map((m) => m.bundle)).size).toBe(offsets.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stays quiet when no window holds enough VMs (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: FLEET_WINDOW_MINUTES + 1, max: 600 }), { minLength: 1, maxLength: 10 }), (gaps) => {
        // Each VM fails once, more than the window after the one before: any window holds one VM only.
        let at = 0;
        const fleet = gaps.map((gap, i) => timedOut(i + 1, [(at += gap)]));
        expect(fleetFindings(fleet)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

/** A VM whose verdict blames `id` with this evidence line and the details its detector matched. */
function blamed(n: number, id: string, category: Category, text: string, details: string[] = []): FleetMember {
  const f = finding({ id, category, times: [minutes(n * 97)], texts: [text], path: WAAGENT, details });
  return member(`vm${n}.tgz`, { hostname: `vm${n}` }, [f]);
}

const agentLine = (message: string): string => `2026-11-30T22:00:00.000000Z WARNING ExtHandler ExtHandler ${message}`;
const proxyLines = (proxy: string): string =>
  agentLine(`HTTP proxy: [${proxy}]\nFetch failed: [HttpError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError Tunnel connection failed: 407 Proxy Authentication Required -- 6 attempts made`);
const dnsLine = (host: string): string => agentLine(`Fetch failed: [HttpError] [HTTP Failed] GET https://${host}/y -- IOError [Errno -2] Name or service not known -- 6 attempts made`);

describe('fleet.shared-cause', () => {
  it('names the proxy that refuses every VM', () => {
    const fleet = [1, 2, 3].map((n) => blamed(n, 'network.proxy-failure', 'network', proxyLines('proxy.corp.example:3128'), ['Tunnel connection failed']));
    const found = fleetFindings(fleet);
    expect(found.map((f) => f.id)).toEqual(['fleet.shared-cause.network.proxy-failure.proxy-corp-example-3128']);
    const [f] = found;
    expect(f!.category).toBe('network');
    expect(f!.summary).toContain('the same proxy: proxy.corp.example:3128');
    expect(f!.summary).toContain('vm1, vm2 and vm3');
    expect(f!.remediation[0]).toContain('proxy.corp.example:3128');
    expect(f!.remediation).toContain('Fix network.proxy-failure.');
    expect(f!.evidence.map((e) => e.bundle)).toEqual(['vm1.tgz', 'vm2.tgz', 'vm3.tgz']);
    expect(f!.members.map((m) => m.findingIds)).toEqual([['network.proxy-failure'], ['network.proxy-failure'], ['network.proxy-failure']]);
  });

  it('names the host name that does not resolve on every VM', () => {
    const fleet = [1, 2, 3, 4].map((n) => blamed(n, 'network.dns-failure', 'network', dnsLine('umsa1.blob.core.windows.net'), ['[Errno -2] Name or service not known']));
    const [f, ...rest] = fleetFindings(fleet);
    expect(rest).toEqual([]);
    expect(f!.id).toBe('fleet.shared-cause.network.dns-failure.umsa1-blob-core-windows-net');
    expect(f!.summary).toContain('4 VMs');
  });

  it("names the error the agent's failed requests end with when the detector names no detail (a proxy's 407)", () => {
    const line = agentLine(`Fetch failed: [HttpError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError ${'Tunnel connection failed: 407 Proxy Authentication Required'} -- 6 attempts made`);
    const fleet = [1, 2, 3].map((n) => blamed(n, 'network.proxy-failure', 'network', line.replace('x.blob', `md-${n}.blob`)));
    const [f, ...rest] = fleetFindings(fleet);
    expect(rest).toEqual([]);
    expect(f!.id).toBe('fleet.shared-cause.network.proxy-failure.tunnel-connection-failed-407-proxy-authenticatio');
    expect(f!.summary).toContain('the same error: Tunnel connection failed: 407 Proxy Authentication Required.');
    // Another error on each VM: nothing shared.
    const apart = ['407 Proxy Authentication Required', '502 Bad Gateway', '403 Forbidden'].map((e, i) =>
      blamed(i + 1, 'network.proxy-failure', 'network', agentLine(`[HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError Tunnel connection failed: ${e} -- 6 attempts made`)),
    );
    expect(fleetFindings(apart)).toEqual([]);
  });

  it('names a shared error detail when the evidence names no endpoint', () => {
    const fleet = [1, 2, 3].map((n) =>
      blamed(n, 'network.wireserver-unreachable', 'network', agentLine('[HTTP Failed] GET http://168.63.129.16/machine -- IOError [Errno 110] Connection timed out'), ['[Errno 110] Connection timed out']),
    );
    const [f] = fleetFindings(fleet);
    expect(f?.id).toBe('fleet.shared-cause.network.wireserver-unreachable.errno-110-connection-timed-out');
    expect(f!.summary).toContain('the same detail: [Errno 110] Connection timed out');
  });

  it('stays quiet when the causes differ', () => {
    // Three proxies, the same 407 from each: three problems.
    const proxies = [1, 2, 3].map((n) => blamed(n, 'network.proxy-failure', 'network', proxyLines(`proxy${n}.corp.example:3128`), ['Tunnel connection failed']));
    expect(fleetFindings(proxies)).toEqual([]);
    // Each VM fails to resolve its own disk's storage account.
    const names = [1, 2, 3].map((n) => blamed(n, 'network.dns-failure', 'network', dnsLine(`md-disk${n}.blob.core.windows.net`), ['[Errno -2] Name or service not known']));
    expect(fleetFindings(names)).toEqual([]);
    const details = ['[Errno 110] Connection timed out', '[Errno 111] Connection refused', '[Errno 113] No route to host'].map((d, i) =>
      blamed(i + 1, 'network.wireserver-unreachable', 'network', agentLine(d), [d]),
    );
    expect(fleetFindings(details)).toEqual([]);
  });

  it('stays quiet when the finding is not what the verdict blames, or on one VM', () => {
    const notRoot = [1, 2, 3].map((n) => {
      const m = blamed(n, 'network.proxy-failure', 'network', proxyLines('proxy.corp.example:3128'));
      m.report.verdict.rootCauses = [];
      return m;
    });
    expect(fleetFindings(notRoot)).toEqual([]);
    const oneVm = [1, 2, 3].map((n) => ({ ...blamed(n, 'network.proxy-failure', 'network', proxyLines('proxy.corp.example:3128')), vm: { hostname: 'the-one' } }));
    expect(fleetFindings(oneVm)).toEqual([]);
  });

  it('says nothing about damaged bundles, and copes with an empty fleet', () => {
    const damaged = [1, 2, 3].map((n) => blamed(n, 'bundle.unreadable', 'bundle', 'unexpected end of file', ['logs.tgz']));
    expect(fleetFindings(damaged)).toEqual([]);
    expect(fleetFindings([])).toEqual([]);
  });

  it('gives two groups of one finding two findings, each naming its own cause', () => {
    const a = [1, 2, 3].map((n) => blamed(n, 'network.proxy-failure', 'network', proxyLines('a.corp.example:8080')));
    const b = [4, 5, 6].map((n) => blamed(n, 'network.proxy-failure', 'network', proxyLines('b.corp.example:8080')));
    const ids = fleetFindings([...a, ...b]).map((f) => f.id);
    expect(ids).toEqual(['fleet.shared-cause.network.proxy-failure.a-corp-example-8080', 'fleet.shared-cause.network.proxy-failure.b-corp-example-8080']);
  });
});

describe('fleet findings, whatever the order', () => {
  it('finds the same patterns with the same VMs in any order of the bundles (property)', () => {
    const fleet = [
      timedOut(1, [0]),
      timedOut(2, [4]),
      timedOut(3, [9]),
      timedOut(4, [400]),
      ...[5, 6, 7].map((n) => blamed(n, 'network.proxy-failure', 'network', proxyLines('proxy.corp.example:3128'))),
      blamed(8, 'network.proxy-failure', 'network', proxyLines('other.corp.example:3128')),
    ];
    const shape = (members: FleetMember[]): [string, string[]][] =>
      fleetFindings(members)
        .map((f): [string, string[]] => [f.id, f.members.map((m) => m.bundle).sort()])
        .sort((a, b) => a[0].localeCompare(b[0]));
    const expected = shape(fleet);
    expect(expected.map(([id]) => id)).toEqual(['fleet.concurrent-backups', 'fleet.shared-cause.network.proxy-failure.proxy-corp-example-3128']);
    fc.assert(
      fc.property(fc.shuffledSubarray(fleet, { minLength: fleet.length, maxLength: fleet.length }), (shuffled) => {
        expect(shape(shuffled)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('never names a shared cause when every VM has its own (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), { minLength: 3, maxLength: 12 }), (names) => {
        const fleet = names.map((name, i) => blamed(i + 1, 'network.proxy-failure', 'network', proxyLines(`${name}.corp.example:8080`), ['Tunnel connection failed']));
        expect(fleetFindings(fleet)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
