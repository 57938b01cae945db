// Globs on real bundle paths (lib dir, a `waagent/` root, the archive root, history zips, IID `device_0/`), the
// whole engine over an in-memory bundle, and robustness: no input makes a parser throw.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyze.js';
import { router } from '../../../src/parsers/index.js';
import { stateParsers } from '../../../src/parsers/state/index.js';
import { memoryBundle } from '../../helpers/detector-tester.js';
import { fixture, runDoc, runLines } from './helpers.js';

const route = router(stateParsers);
const combined = router();

const CASES: [string, string | undefined][] = [
  ['var/lib/waagent/GoalState.3.xml', 'goal-state'],
  ['waagent/GoalState.3.xml', 'goal-state'],
  ['GoalState.1.xml', 'goal-state'],
  ['var/lib/waagent/history/2024-05-01T10-00-00__3.zip/GoalState.xml', 'goal-state'],
  ['var/lib/waagent/history/2018-04-06T08:21:37.142697_incarnation_1.zip/ExtensionsConfig.xml', 'extensions-config'],
  ['device_0/var/lib/waagent/ExtensionsConfig.12.xml', 'extensions-config'],
  ['var/lib/waagent/VmSettings.4.json', 'vm-settings'],
  ['var/lib/waagent/history/2024-05-01T10-00-00__1234567890.zip/VmSettings.json', 'vm-settings'],
  ['var/lib/waagent/HostingEnvironmentConfig.xml', 'hosting-environment'],
  ['var/lib/waagent/history/2024-05-01T10-00-00__3.zip/SharedConfig.xml', 'shared-config'],
  ['var/lib/waagent/history/2024-05-01T10-00-00__3.zip/Certificates.json', 'certificates'],
  ['var/lib/waagent/ovf-env.xml', 'ovf-env'],
  ['var/lib/waagent/Incarnation', 'incarnation-file'],
  ['var/lib/waagent/waagent_status.json', 'waagent-status'],
  ['var/lib/waagent/waagent_status.3.json', 'waagent-status'],
  ['var/lib/waagent/history/2024-05-01T10-00-00__3.zip/waagent_status.json', 'waagent-status'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/config/41.settings', 'extension-settings'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/config/40_settings', 'extension-settings'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/41.status', 'extension-status'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/40_status', 'extension-status'],
  ['waagent/Microsoft.CPlat.Core.RunCommandHandlerLinux-1.3.8/status/firstCommand.0.status', 'extension-status'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/config/HandlerState', 'handler-state'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/config/HandlerStatus', 'handler-status'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/HandlerEnvironment.json', 'handler-environment'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/HandlerManifest.json', 'handler-manifest'],
  ['var/lib/waagent/WALinuxAgent-2.9.1.1/HandlerManifest.json', 'handler-manifest'],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/mrseq', 'extension-mrseq'],
  ['var/lib/waagent/WALinuxAgent-2.9.1.1/error.json', 'agent-error-state'],
  ['etc/waagent.conf', 'waagent-conf'],
  ['etc/os-release', 'os-release'],
  ['etc/redhat-release', 'os-release'],
  ['etc/lsb-release', 'os-release'],
  ['results.txt', 'log-collector'],
  ['var/lib/waagent/logcollector/results.txt', 'log-collector'],
  ['var/log/waagent.log', undefined],
  ['var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log', undefined],
  ['var/lib/waagent/events/1705270000000000.tld', undefined],
  ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/heartbeat.log', undefined],
  ['var/lib/waagent/error.json', undefined],
];

describe('routing bundle paths', () => {
  for (const [path, id] of CASES) {
    it(`${path} -> ${id ?? 'none'}`, () => {
      expect(route.byPath(path)?.id).toBe(id);
    });
  }

  it('beside the registered parsers, state files still reach a state parser and waagent.log the log parser', () => {
    for (const [path, id] of CASES) if (id) expect(combined.byPath(path)?.id, path).toBe(id);
    expect(combined.byPath('var/log/waagent.log')?.id).toBe('waagent-log');
  });
});

describe('through the engine', () => {
  it('a bundle of state files: every file read, broken ones listed as problems, no secret in the report', async () => {
    const snap = 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0';
    const events: string[] = [];
    const report = await analyze(
      memoryBundle({
        'results.txt': fixture('results.txt'),
        'etc/waagent.conf': fixture('waagent.conf'),
        'var/lib/waagent/GoalState.1.xml': fixture('GoalState.placeholder.xml'),
        'var/lib/waagent/history/2024-01-14T22-17-40__3.zip/GoalState.xml': fixture('GoalState.3.xml'),
        'var/lib/waagent/history/2024-01-14T22-17-40__3.zip/ExtensionsConfig.xml': fixture('ExtensionsConfig.3.xml'),
        'var/lib/waagent/history/2024-01-14T22-18-05__3.zip/waagent_status.json': fixture('waagent_status.blob.json'),
        'var/lib/waagent/ovf-env.xml': fixture('ovf-env.broken.xml'),
        [`${snap}/status/41.status`]: fixture('vmsnapshot-arm-rewrite.status'),
        [`${snap}/config/41.settings`]: fixture('broken.settings'),
      }),
      { parsers: stateParsers, detectors: [], onEvent: (e) => events.push(`${e.source} ${e.level}`) },
    );
    expect(report.sources.map((s) => s.parser).sort()).toEqual(
      ['extension-settings', 'extension-status', 'extensions-config', 'goal-state', 'goal-state', 'log-collector', 'ovf-env', 'waagent-conf', 'waagent-status'].sort(),
    );
    expect(report.problems.map((p) => p.path).sort()).toEqual([`${snap}/config/41.settings`, 'var/lib/waagent/ovf-env.xml']);
    expect(events).toContain('extension-status error');
    const text = JSON.stringify(report);
    for (const s of ['DONOTLEAK', 'DoNotLeak', 'Fixture-Pa55word']) expect(text).not.toContain(s);
  });
});

describe('robustness: nothing throws', () => {
  const junk = [
    '',
    '   \n',
    'null',
    '[]',
    '{}',
    '[null, 1, "x", {"status": null}]',
    '{"runtimeSettings": [{"handlerSettings": null}]}',
    '{"aggregateStatus": {"handlerAggregateStatus": [null, {"handlerName": 5}]}}',
    '{"__status__": 1, "__debug__": []}',
    '{"extensions_status": "x", "agent_name": null}',
    '{"a": ',
    '<a>',
    '<GoalState><Container><RoleInstanceList><RoleInstance/></RoleInstanceList></Container></GoalState>',
    '<Extensions><Plugins><Plugin/></Plugins><PluginSettings><Plugin name="x"><RuntimeSettings seqNo="1">{bad</RuntimeSettings></Plugin></PluginSettings></Extensions>',
    '<Environment><ProvisioningSection><LinuxProvisioningConfigurationSet><SSH/></LinuxProvisioningConfigurationSet></ProvisioningSection></Environment>',
    '\u0000\u0001\u0002binary',
    '['.repeat(5000),
    '<a>'.repeat(3000),
  ];
  for (const parser of stateParsers) {
    it(parser.id, () => {
      const path = parser.kind === 'document' ? parser.samples[0]!.path : 'results.txt';
      for (const text of junk) {
        if (parser.kind === 'document') expect(() => runDoc(parser, path, text)).not.toThrow();
        else if (parser.kind !== 'binary') expect(() => runLines(parser, path, text)).not.toThrow();
      }
    });
  }
});
