// Goal-state documents: GoalState, ExtensionsConfig, VmSettings, HostingEnvironmentConfig, SharedConfig,
// Incarnation, Certificates.json.
import { describe, expect, it } from 'vitest';
import {
  certificatesParser,
  extensionsConfigParser,
  goalStateParser,
  hostingEnvironmentParser,
  incarnationParser,
  sharedConfigParser,
  vmSettingsParser,
} from '../../../src/parsers/state/index.js';
import { all, expectSome, find, fixture, runDoc } from './helpers.js';

describe('GoalState.xml', () => {
  it('reads incarnation, container, role instance and expected state (legacy lib-dir name, no time)', () => {
    const r = runDoc(goalStateParser, 'var/lib/waagent/GoalState.3.xml', fixture('GoalState.3.xml'));
    expect(r.problems).toEqual([]);
    expect(r.events).toEqual([]);
    expect(r.facts.map((f) => [f.kind, f.value, f.line, f.time])).toEqual([
      ['incarnation', '3', 4, null],
      ['expected-state', 'Started', 6, null],
      ['container-id', '5b0f2c3e-7a1d-4c6b-9e8f-0a1b2c3d4e5f', 14, null],
      ['role-instance-id', '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b._fixture-vm', 17, null],
    ]);
    expect(find(r.facts, 'incarnation')!.role).toBe('goal-state');
  });

  it('takes the time from a history folder (current and legacy names)', () => {
    const cur = runDoc(goalStateParser, 'var/lib/waagent/history/2024-01-14T22-17-40__3.zip/GoalState.xml', fixture('GoalState.3.xml'));
    expect(find(cur.facts, 'incarnation')!.time).toBe(Date.UTC(2024, 0, 14, 22, 17, 40));
    const legacy = runDoc(goalStateParser, 'var/lib/waagent/history/2018-04-06T08:21:37.142697_incarnation_3/GoalState.xml', fixture('GoalState.3.xml'));
    expect(find(legacy.facts, 'incarnation')!.time).toBe(Date.UTC(2018, 3, 6, 8, 21, 37, 142));
  });

  it('the 2.8+ placeholder yields nothing and no problem', () => {
    const r = runDoc(goalStateParser, 'var/lib/waagent/GoalState.1.xml', fixture('GoalState.placeholder.xml'));
    expect(r).toEqual({ facts: [], events: [], problems: [] });
  });

  it('a cut file is a problem naming the line, not an exception', () => {
    const r = runDoc(goalStateParser, 'var/lib/waagent/GoalState.4.xml', fixture('GoalState.broken.xml'));
    expect(r.facts).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^goal state is not well-formed XML \(line \d+/);
  });

  it('XML of another kind is a problem', () => {
    const r = runDoc(goalStateParser, 'GoalState.2.xml', '<Foo><Bar/></Foo>');
    expect(r.problems).toEqual(['no <GoalState> element: not a WireServer goal state']);
  });
});

describe('ExtensionsConfig.xml', () => {
  const r = runDoc(extensionsConfigParser, 'var/lib/waagent/ExtensionsConfig.3.xml', fixture('ExtensionsConfig.3.xml'));
  const time = Date.UTC(2024, 0, 15, 2, 36, 0);

  it('reads without problems; the document time is InVMGoalStateMetaData createdOnTicks', () => {
    expect(r.problems).toEqual([]);
    expect(r.events).toEqual([]);
    expect(r.facts.every((f) => f.time === time)).toBe(true);
  });

  it('incarnation, GA family version (RSM flags), region, status blob type', () => {
    expectSome(r.facts, [
      { kind: 'incarnation', value: '3', role: 'extensions-config', line: 2, attrs: { inSvdSeqNo: '3', activityId: '1d2c3b4a-0000-4000-8000-000000000001', createdOn: '2024-01-15T02:36:00.000Z' } },
      { kind: 'ga-family-version', value: '2.10.0.8', role: 'Prod', line: 11, attrs: { isVersionFromRSM: 'true', isVMEnabledForRSMUpgrades: 'true', incarnation: '3' } },
      { kind: 'region', value: 'eastus2', line: 14 },
      { kind: 'status-upload-blob-type', value: 'PageBlob', line: 17 },
    ]);
  });

  it('one extension-config per plugin with its settings summary, multi-config names and dependencies', () => {
    const ext = all(r.facts, 'extension-config');
    expect(ext.map((f) => [f.value, f.line])).toEqual([
      ['Microsoft.Azure.RecoveryServices.VMSnapshotLinux', 19],
      ['Microsoft.Azure.Extensions.CustomScript', 20],
      ['Microsoft.CPlat.Core.RunCommandHandlerLinux', 25],
    ]);
    expect(ext[0]!.attrs).toEqual({
      version: '1.0.9225.0',
      state: 'enabled',
      autoUpgrade: 'true',
      runAsStartupTask: 'false',
      isJson: 'true',
      useExactVersion: 'true',
      locationHost: 'umsafixture2.blob.core.windows.net',
      seqNo: '41',
      hasProtectedSettings: 'true',
      publicSettingsKeys: 'locale,taskId,commandToExecute,objectStr,logsBlobUri,statusBlobUri,commandStartTimeUTCTicks,vmType',
      thumbprint: '6A1B2C3D4E5F60718293A4B5C6D7E8F901234567',
      vmType: 'microsoft.compute/virtualmachines',
      incarnation: '3',
      source: 'ExtensionsConfig',
    });
    expect(ext[1]!.attrs).toMatchObject({ state: 'disabled', seqNo: '2', hasProtectedSettings: 'false', publicSettingsKeys: 'commandToExecute', dependsOn: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux' });
    expect(ext[2]!.attrs).toMatchObject({ seqNo: '0', extensions: 'firstCommand:enabled,secondCommand:disabled' });
    expect(ext[0]!.text).toBe('Plugin name=Microsoft.Azure.RecoveryServices.VMSnapshotLinux version=1.0.9225.0 state=enabled');
  });

  it('never reports settings values or SAS URLs', () => {
    const out = JSON.stringify(r);
    for (const s of ['FIXTUREPROTECTEDSECRETDONOTLEAK', 'FIXTUREOBJECTSTRDONOTLEAK', 'FIXTURECOMMANDDONOTLEAK', 'FIXTURESIGNATUREDONOTLEAK', 'FIXTUREPROFILESIGDONOTLEAK', 'FIXTURELOGSIG', 'sig=']) {
      expect(out).not.toContain(s);
    }
  });
});

describe('VmSettings.json (FastTrack)', () => {
  const path = 'var/lib/waagent/history/2024-01-14T22-17-40__10016425637754081485.zip/VmSettings.json';
  const r = runDoc(vmSettingsParser, path, fixture('VmSettings.json'));

  it('reads HostGAPlugin version, source, GA family and VM metadata', () => {
    expect(r.problems).toEqual([]);
    expectSome(r.facts, [
      { kind: 'host-ga-plugin-version', value: '1.0.8.159', line: 2, time: Date.UTC(2024, 0, 15, 2, 36, 40) },
      { kind: 'goal-state-source', value: 'FastTrack', line: 9, attrs: { inSvdSeqNo: '5', etag: '10016425637754081485', onHold: 'false' } },
      { kind: 'ga-family-version', value: '2.10.0.8', role: 'Prod', line: 27, attrs: { isVersionFromRSM: 'true', source: 'VmSettings' } },
      { kind: 'vm-name', value: 'fixture-vm', line: 18 },
      { kind: 'vm-size', value: 'Standard_D2s_v5', line: 21 },
      { kind: 'region', value: 'eastus2', line: 19 },
      { kind: 'status-upload-blob-type', value: 'BlockBlob', line: 12 },
    ]);
  });

  it('extension-config facts with source VmSettings', () => {
    const ext = all(r.facts, 'extension-config');
    expect(ext.map((f) => [f.value, f.line, f.attrs?.['version']])).toEqual([
      ['Microsoft.Azure.Monitor.AzureMonitorLinuxAgent', 35, '1.29.6'],
      ['Microsoft.CPlat.Core.RunCommandHandlerLinux', 56, '1.3.8'],
    ]);
    expect(ext[0]!.attrs).toMatchObject({ seqNo: '7', hasProtectedSettings: 'true', publicSettingsKeys: 'GCS_AUTO_CONFIG', locationHost: 'umsafixture8.blob.core.windows.net', source: 'VmSettings' });
    expect(ext[1]!.attrs).toMatchObject({ isMultiConfig: 'true', extensions: 'firstCommand:enabled,secondCommand:disabled', dependsOn: 'Microsoft.Azure.Monitor.AzureMonitorLinuxAgent', hasProtectedSettings: 'false' });
    const out = JSON.stringify(r);
    expect(out).not.toContain('DONOTLEAK');
    expect(out).not.toContain('echo one');
  });

  it('JSON that is not an object is a problem', () => {
    expect(runDoc(vmSettingsParser, 'VmSettings.1.json', '[1,2]').problems).toEqual(['VmSettings is JSON but not an object: not the expected format']);
    expect(runDoc(vmSettingsParser, 'VmSettings.1.json', '{"hostGAPluginVersion": "1.0.8.1",\n  "x": }').problems).toEqual(['VmSettings is not valid JSON (line 2, column 8)']);
  });
});

describe('HostingEnvironmentConfig.xml and SharedConfig.xml', () => {
  it('hosting environment: deployment, VM name, role name, incarnation; no application settings', () => {
    const r = runDoc(hostingEnvironmentParser, 'var/lib/waagent/HostingEnvironmentConfig.xml', fixture('HostingEnvironmentConfig.xml'));
    expect(r.problems).toEqual([]);
    expect(r.facts.map((f) => [f.kind, f.value, f.line])).toEqual([
      ['incarnation', '3', 2],
      ['deployment-name', '4f3e2d1c0b0a09080706050403020100', 6],
      ['vm-name', 'fixture-vm', 10],
      ['role-name', '_fixture-vm', 11],
    ]);
    expect(JSON.stringify(r)).not.toContain('FIXTUREACCOUNTKEYDONOTLEAK');
  });

  it('shared config: deployment, role, instance with its address', () => {
    const r = runDoc(sharedConfigParser, 'var/lib/waagent/SharedConfig.xml', fixture('SharedConfig.xml'));
    expect(r.problems).toEqual([]);
    expectSome(r.facts, [
      { kind: 'incarnation', value: '3', role: 'shared-config', line: 2 },
      { kind: 'deployment-name', value: '4f3e2d1c0b0a09080706050403020100', line: 3, attrs: { incarnation: '12' } },
      { kind: 'role-instance', value: '_fixture-vm', line: 9, attrs: { address: '10.1.0.4' } },
    ]);
  });
});

describe('Incarnation and Certificates.json', () => {
  it('Incarnation: a plain number', () => {
    const r = runDoc(incarnationParser, 'var/lib/waagent/Incarnation', fixture('Incarnation'));
    expect(r.facts.map((f) => [f.kind, f.value, f.role, f.line])).toEqual([['incarnation', '3', 'file', 1]]);
    expect(runDoc(incarnationParser, 'Incarnation', '<html>').problems).toEqual(['Incarnation file does not hold a plain incarnation number']);
    expect(runDoc(incarnationParser, 'Incarnation', '').problems).toHaveLength(1);
  });

  it('Certificates.json: one fact per thumbprint', () => {
    const r = runDoc(certificatesParser, 'waagent/history/2024-01-14T22-17-40__3.zip/Certificates.json', '[{"thumbprint": "6A1B2C3D4E5F60718293A4B5C6D7E8F901234567", "hasPrivateKey": true}, {"thumbprint": "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C", "hasPrivateKey": false}]');
    expect(r.facts.map((f) => [f.value, f.attrs?.['hasPrivateKey']])).toEqual([
      ['6A1B2C3D4E5F60718293A4B5C6D7E8F901234567', 'true'],
      ['0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C', 'false'],
    ]);
  });
});
