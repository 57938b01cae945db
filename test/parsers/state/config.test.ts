// /etc/waagent.conf and /etc/*-release.
import { describe, expect, it } from 'vitest';
import { osReleaseParser, waagentConfParser } from '../../../src/parsers/state/index.js';
import { fixture, runDoc } from './helpers.js';

describe('waagent.conf', () => {
  const r = runDoc(waagentConfParser, 'etc/waagent.conf', fixture('waagent.conf'));

  it('one agent-config fact per setting, role = key, trailing comments dropped', () => {
    expect(r.problems).toEqual([]);
    expect(r.facts.map((f) => [f.role, f.value, f.line])).toEqual([
      ['Extensions.Enabled', 'y', 7],
      ['Provisioning.Agent', 'auto', 11],
      ['Provisioning.DeleteRootPassword', 'y', 14],
      ['Logs.Verbose', 'n', 17],
      ['AutoUpdate.Enabled', 'n', 20],
      ['HttpProxy.Host', 'http://proxy.fixture.example', 23],
      ['HttpProxy.Port', '3128', 24],
      ['OS.EnableFirewall', 'y', 26],
      ['ResourceDisk.Format', 'y', 27],
    ]);
    expect(r.facts.every((f) => f.kind === 'agent-config')).toBe(true);
  });

  it('drops proxy credentials', () => {
    expect(r.facts.find((f) => f.role === 'HttpProxy.Host')!.attrs).toEqual({ credentialsRemoved: 'true' });
    expect(JSON.stringify(r)).not.toContain('DoNotLeak');
    expect(JSON.stringify(r)).not.toContain('proxyuser');
  });
});

describe('/etc/*-release', () => {
  it('os-release: PRETTY_NAME with ID and VERSION_ID', () => {
    const r = runDoc(osReleaseParser, 'etc/os-release', fixture('os-release'));
    expect(r.facts).toEqual([
      {
        kind: 'os',
        value: 'Ubuntu 22.04.3 LTS',
        role: 'release-file',
        time: null,
        path: 'etc/os-release',
        line: 1,
        text: 'PRETTY_NAME="Ubuntu 22.04.3 LTS"',
        attrs: { ID: 'ubuntu', VERSION_ID: '22.04', file: 'os-release' },
      },
    ]);
  });

  it('lsb-release: DISTRIB_DESCRIPTION', () => {
    const r = runDoc(osReleaseParser, 'etc/lsb-release', fixture('lsb-release'));
    expect(r.facts.map((f) => [f.value, f.line, f.attrs])).toEqual([['Ubuntu 22.04.3 LTS', 4, { ID: 'Ubuntu', VERSION_ID: '22.04', file: 'lsb-release' }]]);
  });

  it('NAME + VERSION_ID when there is no PRETTY_NAME; an empty file says nothing', () => {
    expect(runDoc(osReleaseParser, 'etc/os-release', 'NAME="CentOS Linux"\nVERSION_ID="7"\n').facts[0]!.value).toBe('CentOS Linux 7');
    expect(runDoc(osReleaseParser, 'etc/os-release', '')).toEqual({ facts: [], events: [], problems: [] });
  });
});
