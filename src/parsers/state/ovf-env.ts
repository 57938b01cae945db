// ovf-env.xml (lib dir): the provisioning input. waagent.md §2, §4.7.
// Secrets: the password (`UserPassword` / `AdminPassword`) and `CustomData` are never read into a fact, an event or
// a problem; only whether they are present. An unreadable file is a problem (provisioning depends on it).
import type { DocumentParser } from '../types.js';
import { Locator, KiB, MiB, arr, attrs, fact, obj, parseXml, text } from './util.js';
import type { Obj } from './util.js';

export const OVF_ENV_ID = 'ovf-env';

const SECRET_TAGS = ['UserPassword', 'AdminPassword', 'CustomData'];
const RE_SECRETS = new RegExp(`<(?:\\w+:)?(?:${SECRET_TAGS.join('|')})\\b[^>]*>([\\s\\S]*?)</`, 'g');

export const ovfEnvParser: DocumentParser = {
  kind: 'document',
  id: OVF_ENV_ID,
  description: 'provisioning environment (ovf-env.xml)',
  globs: ['**/ovf-env.xml'],
  maxBytes: 1 * MiB + 512 * KiB,
  samples: [
    {
      path: 'var/lib/waagent/ovf-env.xml',
      text: [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:oe="http://schemas.dmtf.org/ovf/environment/1" xmlns:wa="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">',
        '  <wa:ProvisioningSection><wa:Version>1.0</wa:Version>',
        '    <LinuxProvisioningConfigurationSet xmlns="http://schemas.microsoft.com/windowsazure">',
        '      <ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>',
        '      <HostName>sample-vm</HostName>',
        '      <UserName>azureuser</UserName>',
        '      <UserPassword>*** not a real password ***</UserPassword>',
        '      <DisableSshPasswordAuthentication>true</DisableSshPasswordAuthentication>',
        '      <SSH><PublicKeys><PublicKey><Fingerprint>0123456789ABCDEF</Fingerprint><Path>/home/azureuser/.ssh/authorized_keys</Path></PublicKey></PublicKeys></SSH>',
        '    </LinuxProvisioningConfigurationSet>',
        '  </wa:ProvisioningSection>',
        '  <wa:PlatformSettingsSection><wa:Version>1.0</wa:Version><wa:PlatformSettings>',
        '    <wa:ProvisionGuestAgent>true</wa:ProvisionGuestAgent>',
        '    <wa:PreprovisionedVm>false</wa:PreprovisionedVm>',
        '  </wa:PlatformSettings></wa:PlatformSettingsSection>',
        '</Environment>',
      ].join('\n'),
      expectFacts: [
        { kind: 'hostname', value: 'sample-vm', role: 'ovf-env', line: 6 },
        { kind: 'admin-user', value: 'azureuser', line: 7, attrs: { hasPassword: 'true', sshPublicKeys: '1', hasCustomData: 'false' } },
        { kind: 'disable-ssh-password', value: 'true', line: 9 },
        { kind: 'provision-guest-agent', value: 'true', line: 14 },
        { kind: 'preprovisioned-vm', value: 'false', line: 15 },
      ],
    },
  ],
  parse(source, ctx) {
    const secrets = secretValues(source);
    const scrub = (s: string): string => secrets.reduce((acc, v) => acc.split(v).join('***'), s);
    const doc = parseXml(source, ctx, 'ovf-env.xml', scrub);
    if (!doc) return;
    const env = obj(doc['Environment']);
    const section = obj(env?.['ProvisioningSection']);
    const set = obj(section?.['LinuxProvisioningConfigurationSet']) ?? obj(section?.['WindowsProvisioningConfigurationSet']);
    if (!env || !set) {
      ctx.problem('ovf-env.xml has no <ProvisioningSection> with a provisioning configuration set: the agent cannot provision from it');
      return;
    }
    const at = new Locator(source);
    const hostname = text(set['HostName']) ?? text(set['ComputerName']);
    fact(ctx, 'hostname', hostname, { role: 'ovf-env', line: at.xml(set['HostName'] !== undefined ? 'HostName' : 'ComputerName') });
    const user = text(set['UserName']) ?? text(set['AdminUsername']);
    fact(ctx, 'admin-user', user, {
      line: at.xml(set['UserName'] !== undefined ? 'UserName' : 'AdminUsername'),
      attrs: attrs({
        hasPassword: present(set['UserPassword'] ?? set['AdminPassword']),
        sshPublicKeys: String(arr(obj(obj(set['SSH'])?.['PublicKeys'])?.['PublicKey']).length),
        hasCustomData: present(set['CustomData']),
      }),
    });
    fact(ctx, 'disable-ssh-password', text(set['DisableSshPasswordAuthentication']), { line: at.xml('DisableSshPasswordAuthentication') });
    const platform: Obj | undefined = obj(obj(env['PlatformSettingsSection'])?.['PlatformSettings']);
    fact(ctx, 'provision-guest-agent', text(platform?.['ProvisionGuestAgent']), { line: at.xml('ProvisionGuestAgent') });
    fact(ctx, 'preprovisioned-vm', text(platform?.['PreprovisionedVm']), { line: at.xml('PreprovisionedVm') });
  },
};

function present(v: unknown): 'true' | 'false' {
  return text(v) !== undefined ? 'true' : 'false';
}

/** The secret element values as written (and trimmed), longest first, to scrub them from any message. */
function secretValues(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(RE_SECRETS)) {
    for (const v of [m[1]!, m[1]!.trim()]) if (v.length >= 3) out.add(v);
  }
  return [...out].sort((a, b) => b.length - a.length);
}
