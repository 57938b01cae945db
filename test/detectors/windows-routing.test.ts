// Detectors that declare the Windows records they read (DetectorMeta.windowsEvents) must find exactly what they find
// when every record reaches them: each fixture, sample and a generated EVTX of every record kind a detector reads
// (at info level, with and without the text some detectors look for) is analysed both ways, report for report.
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../../src/detectors/index.js';
import { declaredRouting, everyRecord, reportWith } from '../helpers/record-routing.js';
import { makeZip } from '../helpers/archives.js';
import { writeEvtx, type EvtxEventSpec } from '../helpers/evtx-writer.js';

const root = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Info records of every id and provider a detector names, some naming the programs and writers detectors look for. */
function recordKinds(): EvtxEventSpec[] {
  // Fixed, so that an id dropped from a declaration is still generated; with any id a detector declares later.
  const known = [
    7031, 7034, 7023, 7000, 7009, 7022, 7024, 7036, 1000, 1005, 1026, 11401, 1401, 11402, 11708, 1014, 4199, 4198, 1001, 1002, 1003, 50036, 50037,
    2004, 1010, 4, 5, 6, 15, 2013, 8193, 8194, 8229, 8224, 12289, 12292, 12293, 11, 20, 22, 12297, 12298, 8, 9, 21, 24, 25, 33, 36, 24583, 1074, 6008,
    41, 4624,
  ];
  const ids = [...new Set([...known, ...detectors.flatMap((d) => (d.meta.windowsEvents ?? []).filter((x): x is number => typeof x === 'number'))])];
  const providers = ['Service Control Manager', 'Application Error', '.NET Runtime', 'MsiInstaller', 'Microsoft-Windows-DNS-Client', 'Microsoft-Windows-Tcpip', 'Microsoft-Windows-Dhcp-Client', 'VSS', 'volsnap', 'SQLWRITER', 'Microsoft-Windows-Resource-Exhaustion-Detector', 'EventLog', 'Microsoft-Windows-Kernel-Power', 'User32', 'Srv', 'Microsoft-Windows-Security-Auditing'];
  const texts = ['WindowsAzureGuestAgent', 'WaAppAgent.exe', 'IaaSBcdrExtension VMSnapshot', 'SqlServerWriter', 'Visual C++ 2015', 'low disk space on C:', 'routine'];
  const specs: EvtxEventSpec[] = [];
  let second = 0;
  for (const provider of providers) {
    for (const id of ids) {
      for (const text of texts) {
        specs.push({
          time: new Date(Date.UTC(2024, 5, 1, 10, 0, 0) + second++ * 1000),
          system: { provider, eventId: id, level: 4, channel: 'Application', computer: 'vm1' },
          data: { param1: text, param2: 'running' },
        });
      }
    }
  }
  // A shutdown among them: the backup records nearby decide its finding.
  specs.push({ time: new Date(Date.UTC(2024, 5, 1, 10, 5)), system: { provider: 'User32', eventId: 1074, level: 4, channel: 'System', computer: 'vm1' }, data: { param1: 'C:\\Windows\\system32\\shutdown.exe', param7: 'vm1\\admin' } });
  // Hours later, backup activity shown only by a record's text (no VSS record near), then a shutdown.
  specs.push({ time: new Date(Date.UTC(2024, 5, 1, 20, 0)), system: { provider: 'Application', eventId: 1, level: 4, channel: 'Application', computer: 'vm1' }, data: ['IaaSBcdrExtension started the snapshot'] });
  specs.push({ time: new Date(Date.UTC(2024, 5, 1, 20, 30)), system: { provider: 'User32', eventId: 1074, level: 4, channel: 'System', computer: 'vm1' }, data: { param1: 'C:\\Windows\\system32\\shutdown.exe', param7: 'vm1\\admin' } });
  return specs;
}

describe('routing Windows records by declaration changes no report', () => {
  it('on a generated EVTX of every record kind the detectors read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscan-routing-'));
    const path = join(dir, 'records.zip');
    const specs = recordKinds();
    expect(specs.length).toBeGreaterThan(1000);
    writeFileSync(path, await makeZip([{ path: 'Logs/Application.evtx', content: writeEvtx(specs) }]));
    const declared = await reportWith(path, declaredRouting);
    expect(declared).toBe(await reportWith(path, everyRecord));
    // Not a vacuous comparison: the records give findings.
    expect(JSON.parse(declared).findings.length).toBeGreaterThan(3);
  });

  const inputs = [...filesUnder(join(root, 'test', 'fixtures')), ...readdirSync(join(root, 'samples')).map((n) => join(root, 'samples', n))];
  it.each(inputs.map((p) => [p.slice(root.length + 1), p]))('%s', async (_, path) => {
    expect(await reportWith(path, declaredRouting)).toBe(await reportWith(path, everyRecord));
  });
});
