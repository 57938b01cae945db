// The answer first, on every sample and fixture bundle: each sample's root cause is fixed here (and in the README's
// Samples table); no report has two findings with the same evidence or the same id; consequences name causes that
// are in the report; remediation fits the VM's platform.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, settleBundleYears } from '../../src/analyze.js';
import { openBundle } from '../../src/ingest/index.js';
import type { Report } from '../../src/model.js';
import { LINUX_ONLY, WINDOWS_ONLY } from '../helpers/platform-words.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const samples = join(root, 'samples');
const fixtures = join(root, 'test', 'fixtures', 'bundles');

/** The report as the CLI makes it: read again when the bundle's dated logs correct a year-less log's year. */
async function reportOf(path: string): Promise<Report> {
  return settleBundleYears(async (yearShifts) => {
    const bundle = await openBundle(path);
    const input = { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems };
    return analyze(input, yearShifts ? { yearShifts } : {});
  }, true);
}

/** Each sample's first root cause (undefined: a healthy bundle, no root cause at all). */
const ROOT_CAUSES: Record<string, string | undefined> = {
  'healthy.tgz': undefined,
  'healthy.zip': undefined,
  'healthy-logs.zip': undefined,
  'bundle-truncated-logs.zip': undefined,
  'network-wireserver.tgz': 'network.wireserver-unreachable',
  'agent-crash-loop.tgz': 'resource-pressure.disk-full',
  'extension-failure.tgz': 'extension-failure.timeout',
  'dhcp-no-response.tgz': 'dhcp.no-response',
  'agent-outdated.tgz': 'agent-outdated.below-minimum',
  'fsfreeze-timeout.tgz': 'fsfreeze.freeze-timeout',
  'frozen-vm.tgz': 'fsfreeze.stayed-frozen',
  'snapshot-timeout.tgz': 'network.wireserver-unreachable',
  'snapshot-failure.tgz': 'snapshot-failure.pre-post-script',
  'resource-pressure.tgz': 'resource-pressure.disk-full',
  'windows-vss-sql.zip': 'vss.sql-writer',
  'windows-agent-crash-loop.zip': 'resource-pressure.disk-full',
};

function evidenceKey(f: Report['findings'][number]): string {
  return f.evidence
    .map((e) => `${e.path}#${e.line ?? ''}#${e.record ?? ''}`)
    .sort()
    .join('|');
}

function checkInvariants(report: Report): void {
  const ids = report.findings.map((f) => f.id);
  expect(new Set(ids).size, 'finding ids are unique').toBe(ids.length);
  const keys = report.findings.filter((f) => f.evidence.length > 0).map(evidenceKey);
  expect(new Set(keys).size, 'no two findings quote the same evidence').toBe(keys.length);
  expect(report.verdict.summary.length).toBeGreaterThan(20);
  for (const id of report.verdict.rootCauses) expect(ids).toContain(id);
  for (const f of report.findings) {
    for (const cause of f.causedBy ?? []) expect(ids).toContain(cause);
    // A consequence folds under its first cause, which comes before it.
    if (f.causedBy) expect(ids.indexOf(f.causedBy[0]!), `${f.causedBy[0]} is listed before its consequence ${f.id}`).toBeLessThan(ids.indexOf(f.id));
    expect(report.verdict.rootCauses.includes(f.id) && f.causedBy !== undefined, `${f.id} is a root cause and a consequence`).toBe(false);
    const wrong = report.system.os === 'windows' ? LINUX_ONLY : report.system.os === 'linux' ? WINDOWS_ONLY : undefined;
    if (wrong) for (const step of f.remediation) expect(step, `${f.id} on ${report.system.os}`).not.toMatch(wrong);
  }
}

describe('verdict on every sample', () => {
  const files = readdirSync(samples).filter((f) => /\.(tgz|zip)$/.test(f));
  it('every sample has an expected root cause here', () => {
    expect(files.sort()).toEqual(Object.keys(ROOT_CAUSES).sort());
  });
  for (const file of files) {
    it(`${file}: ${ROOT_CAUSES[file] ?? 'no root cause'}`, async () => {
      const report = await reportOf(join(samples, file));
      checkInvariants(report);
      const expected = ROOT_CAUSES[file];
      if (expected === undefined) {
        expect(report.verdict.rootCauses).toEqual([]);
        expect(report.verdict.summary).toMatch(/^No failure found: /);
      } else {
        expect(report.verdict.rootCauses[0]).toBe(expected);
        expect(report.findings[0]!.id).toBe(expected);
      }
    });
  }
});

describe('verdict invariants on every fixture bundle', () => {
  for (const dir of readdirSync(fixtures)) {
    it(dir, async () => checkInvariants(await reportOf(join(fixtures, dir))));
  }
});
