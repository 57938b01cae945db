// ovf-env.xml: provisioning facts; the password and custom data never reach a fact, an event or a problem.
import { describe, expect, it } from 'vitest';
import { ovfEnvParser } from '../../../src/parsers/state/index.js';
import { expectSome, fixture, runDoc } from './helpers.js';

const SECRETS = ['Fixture-Pa55word!DoNotLeak', 'Rml4dHVyZUN1c3RvbURhdGFEb05vdExlYWs=', 'DoNotLeak'];

describe('ovf-env.xml', () => {
  it('reads hostname, admin user, SSH password setting and guest agent provisioning', () => {
    const r = runDoc(ovfEnvParser, 'var/lib/waagent/ovf-env.xml', fixture('ovf-env.xml'));
    expect(r.problems).toEqual([]);
    expect(r.events).toEqual([]);
    expect(r.facts.map((f) => [f.kind, f.value, f.line])).toEqual([
      ['hostname', 'fixture-vm', 7],
      ['admin-user', 'fixtureadmin', 8],
      ['disable-ssh-password', 'false', 10],
      ['provision-guest-agent', 'true', 27],
      ['preprovisioned-vm', 'false', 29],
    ]);
    expectSome(r.facts, [{ kind: 'admin-user', attrs: { hasPassword: 'true', sshPublicKeys: '1', hasCustomData: 'true' } }]);
  });

  it('never reports the password or the custom data', () => {
    const r = runDoc(ovfEnvParser, 'var/lib/waagent/ovf-env.xml', fixture('ovf-env.xml'));
    const out = JSON.stringify(r);
    for (const s of SECRETS) expect(out).not.toContain(s);
    expect(out).not.toContain('AAAAFIXTUREKEY');
  });

  it('an unreadable ovf-env.xml is a problem, still without the password', () => {
    const r = runDoc(ovfEnvParser, 'var/lib/waagent/ovf-env.xml', fixture('ovf-env.broken.xml'));
    expect(r.facts).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^ovf-env\.xml is not well-formed XML \(line 7/);
    for (const s of SECRETS) expect(JSON.stringify(r)).not.toContain(s);
  });

  it('well-formed XML without a provisioning section is a problem', () => {
    const r = runDoc(ovfEnvParser, 'ovf-env.xml', '<Environment><wa:PlatformSettingsSection xmlns:wa="x"/></Environment>');
    expect(r.problems).toEqual(['ovf-env.xml has no <ProvisioningSection> with a provisioning configuration set: the agent cannot provision from it']);
  });

  it('an empty file is a problem', () => {
    expect(runDoc(ovfEnvParser, 'ovf-env.xml', '').problems).toEqual(['empty file: no ovf-env.xml in it']);
  });

  it('the Windows configuration set names the computer and admin user', () => {
    const text =
      '<Environment xmlns:wa="http://schemas.microsoft.com/windowsazure"><wa:ProvisioningSection><WindowsProvisioningConfigurationSet>' +
      '<ComputerName>winvm</ComputerName><AdminUsername>admin1</AdminUsername><AdminPassword>Win-Secret-DoNotLeak</AdminPassword>' +
      '</WindowsProvisioningConfigurationSet></wa:ProvisioningSection></Environment>';
    const r = runDoc(ovfEnvParser, 'ovf-env.xml', text);
    expectSome(r.facts, [{ kind: 'hostname', value: 'winvm' }, { kind: 'admin-user', value: 'admin1', attrs: { hasPassword: 'true' } }]);
    expect(JSON.stringify(r)).not.toContain('DoNotLeak');
  });
});
