// Which VM a bundle is from: one answer each for the VM id, its Azure name and its host name, in report.system.
import { describe, expect, it } from 'vitest';
import { makeFacts } from '../../src/facts/store.js';
import { buildSystem } from '../../src/system.js';
import type { Fact } from '../../src/model.js';

const at = (time: number | null, path = 'var/lib/waagent/waagent_status.json'): Pick<Fact, 'time' | 'path'> => ({ time, path });

describe('VM identity', () => {
  it('takes the newest-dated statement of each; undated ones (ovf-env.xml) count as oldest', () => {
    const facts = makeFacts(
      [
        { kind: 'hostname', role: 'status-file', value: 'web-01', ...at(2000) },
        { kind: 'hostname', role: 'ovf-env', value: 'provisioned-name', ...at(null, 'var/lib/waagent/ovf-env.xml') },
        { kind: 'vm-name', value: 'old-name', ...at(1000, 'var/lib/waagent/HostingEnvironmentConfig.xml') },
        { kind: 'vm-name', value: 'web-01-vm', ...at(3000, 'var/lib/waagent/history/x/VmSettings.json') },
        { kind: 'vm-id', value: '{86F4AE0A-61F8-48AE-9199-40F402D56864}', ...at(3000, 'var/lib/waagent/history/x/VmSettings.json') },
      ],
      [],
    );
    expect(facts.vm.vmId).toMatchObject({ value: '86f4ae0a-61f8-48ae-9199-40f402d56864', path: 'var/lib/waagent/history/x/VmSettings.json' });
    expect(buildSystem(facts)).toMatchObject({ vmId: '86f4ae0a-61f8-48ae-9199-40f402d56864', vmName: 'web-01-vm', hostname: 'web-01' });
  });

  it('ignores a VM id that is no GUID and a name with control characters; says nothing it was not told', () => {
    const facts = makeFacts(
      [
        { kind: 'vm-id', value: 'TEST_VMId', ...at(1) },
        { kind: 'hostname', value: 'evil\u001b[31mname', ...at(1) },
      ],
      [],
    );
    const system = buildSystem(facts);
    expect(system).not.toHaveProperty('vmId');
    expect(system).not.toHaveProperty('hostname');
    expect(system).not.toHaveProperty('vmName');
  });
});
