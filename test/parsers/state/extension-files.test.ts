// Files under /var/lib/waagent/<Publisher.Type>-<version>/: status, settings, HandlerState, HandlerStatus,
// HandlerEnvironment.json, HandlerManifest.json, mrseq; and WALinuxAgent-<ver>/error.json.
import { describe, expect, it } from 'vitest';
import {
  agentErrorParser,
  extensionSettingsParser,
  extensionStatusParser,
  handlerEnvironmentParser,
  handlerManifestParser,
  handlerStateParser,
  handlerStatusParser,
  mrseqParser,
} from '../../../src/parsers/state/index.js';
import { extensionFromPath, splitNameVersion } from '../../../src/parsers/state/index.js';
import { fixture, runDoc } from './helpers.js';

const SNAP = 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0';
const CSE = 'var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10';

describe('extension identity from the folder name', () => {
  it('splits at the last dash followed by a digit', () => {
    expect(splitNameVersion('Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0')).toEqual({ name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9225.0' });
    expect(splitNameVersion('Microsoft.Azure.Monitor.AzureMonitor-Linux-Agent-1.29.6')).toEqual({ name: 'Microsoft.Azure.Monitor.AzureMonitor-Linux-Agent', version: '1.29.6' });
    expect(splitNameVersion('WALinuxAgent-2.9.1.1')).toEqual({ name: 'WALinuxAgent', version: '2.9.1.1' });
    expect(splitNameVersion('no-version')).toEqual({ name: 'no-version' });
  });

  it('reads the Linux layout, and the Windows plugin layout <Name>/<version>/', () => {
    expect(extensionFromPath(`${SNAP}/status/0.status`, 1)).toEqual({ name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9225.0' });
    expect(extensionFromPath('Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.80.0/Status/0.status', 1)).toEqual({
      name: 'Microsoft.Azure.RecoveryServices.VMSnapshot',
      version: '1.0.80.0',
    });
  });
});

describe('status/<N>.status', () => {
  it('VMSnapshotLinux "success" with code 122 and an error substatus is an error (the ARM rewrite trap)', () => {
    const r = runDoc(extensionStatusParser, `${SNAP}/status/41.status`, fixture('vmsnapshot-arm-rewrite.status'));
    expect(r.problems).toEqual([]);
    expect(r.facts).toHaveLength(1);
    expect(r.facts[0]).toMatchObject({
      kind: 'extension-status',
      value: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
      time: Date.UTC(2024, 0, 14, 22, 17, 51),
      line: 1,
      attrs: {
        version: '1.0.9225.0',
        status: 'success',
        code: '122',
        operation: 'Enable',
        outcome: 'error',
        rewritten: 'true',
        sequence: '41',
        substatusStatus: 'error',
        substatusCode: '122',
        substatusTime: '2024-01-14T22:17:51.000Z',
        extErrorCode: 'FailedRetryableFsFreezeTimeout',
        snapshotCreator: 'guestExtension',
        vmHealthState: '128',
        message: 'T:S Enable failed with error: FailedRetryableFsFreezeTimeout  snapshotCreator=guestExtension,',
        timestamp: '2024-01-14T22:17:51.000Z',
        source: 'status-file',
      },
    });
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      level: 'error',
      source: 'extension-status',
      time: Date.UTC(2024, 0, 14, 22, 17, 51),
      timeText: '2024-01-14T22:17:51Z',
      timeSource: 'utc',
      line: 1,
      extension: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9225.0' },
      fields: { status: 'success', code: '122', operation: 'Enable', name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', outcome: 'error', extErrorCode: 'FailedRetryableFsFreezeTimeout' },
    });
    expect(r.events[0]!.message).toMatch(/^Microsoft\.Azure\.RecoveryServices\.VMSnapshotLinux Enable: status success, code 122 \(real outcome error: code 122; substatus error/);
    expect(r.events[0]!.raw).toContain('"status": "success", "code": "122"');
    expect(r.events[0]!.raw!.length).toBeLessThan(400);
  });

  it('a status stuck at transitioning with code 4 is a warning', () => {
    const r = runDoc(extensionStatusParser, `${SNAP}/status/42.status`, fixture('vmsnapshot-transitioning.status'));
    expect(r.facts[0]!.attrs).toMatchObject({ status: 'transitioning', code: '4', outcome: 'transitioning', sequence: '42', message: 'Transitioning state in extension' });
    expect(r.events.map((e) => [e.level, e.time])).toEqual([['warning', Date.UTC(2024, 0, 15, 22, 16, 49)]]);
  });

  it('a real success (old <N>_status name) is info, with host status codes and snapshot counts', () => {
    const r = runDoc(extensionStatusParser, `${SNAP}/status/40_status`, fixture('vmsnapshot-success_status'));
    expect(r.problems).toEqual([]);
    expect(r.facts[0]!.attrs).toMatchObject({
      status: 'success',
      code: '1',
      outcome: 'success',
      sequence: '40',
      snapshotCreator: 'backupHostService',
      hostStatusCodePreSnapshot: '200',
      hostStatusCodeDoSnapshot: '200',
      snapshots: '2',
      snapshotsFailed: '0',
    });
    expect(r.facts[0]!.attrs!['rewritten']).toBeUndefined();
    expect(r.events[0]!.level).toBe('info');
    expect(JSON.stringify(r)).not.toContain('snapshot=2024');
  });

  it('a plain error is an error, not marked rewritten', () => {
    const r = runDoc(extensionStatusParser, `${SNAP}/status/43.status`, fixture('vmsnapshot-error.status'));
    expect(r.facts[0]!.attrs).toMatchObject({ status: 'error', code: '556', outcome: 'error', hostStatusCodeDoSnapshot: '556', extErrorCode: 'FailedHostSnapshotRemoteServerError' });
    expect(r.facts[0]!.attrs!['rewritten']).toBeUndefined();
    expect(r.events[0]!.level).toBe('error');
  });

  it('an empty status file is a fact (no status yet), a broken one a problem', () => {
    const empty = runDoc(extensionStatusParser, `${CSE}/status/0.status`, '');
    expect(empty.problems).toEqual([]);
    expect(empty.facts[0]).toMatchObject({ kind: 'extension-status', value: 'Microsoft.Azure.Extensions.CustomScript', attrs: { status: 'none', empty: 'true', sequence: '0' } });
    const broken = runDoc(extensionStatusParser, `${CSE}/status/1.status`, '[{"status": {"status": "succ');
    expect(broken.problems).toEqual(['extension status file is not valid JSON (the text ends early: cut or truncated file)']);
    expect(broken.facts).toEqual([]);
    expect(runDoc(extensionStatusParser, `${CSE}/status/1.status`, '[{"version": 1}]').problems).toEqual([
      'extension status item without a "status" object: not the extension status format',
    ]);
  });

  it('a multi-config status file names the extension', () => {
    const text = '[{"version": 1.0, "timestampUTC": "2024-01-14T22:17:00Z", "status": {"name": "firstCommand", "operation": "Enable", "status": "error", "code": 1, "formattedMessage": {"lang": "en-US", "message": "script exited with 1"}}}]';
    const r = runDoc(extensionStatusParser, 'var/lib/waagent/Microsoft.CPlat.Core.RunCommandHandlerLinux-1.3.8/status/firstCommand.0.status', text);
    expect(r.facts[0]).toMatchObject({ value: 'Microsoft.CPlat.Core.RunCommandHandlerLinux', attrs: { extensionName: 'firstCommand', sequence: '0', outcome: 'error', statusName: 'firstCommand' } });
  });
});

describe('config/<N>.settings', () => {
  it('reports keys and the presence of protected settings, never values', () => {
    const r = runDoc(extensionSettingsParser, `${CSE}/config/2.settings`, fixture('customscript.settings'));
    expect(r.problems).toEqual([]);
    expect(r.facts).toEqual([
      {
        kind: 'extension-settings',
        value: 'Microsoft.Azure.Extensions.CustomScript',
        time: null,
        path: `${CSE}/config/2.settings`,
        line: 4,
        attrs: { version: '2.1.10', seq: '2', hasProtectedSettings: 'true', thumbprint: '6A1B2C3D4E5F60718293A4B5C6D7E8F901234567', publicSettingsKeys: 'fileUris', valid: 'true' },
        text: '2.settings: protected settings present, public keys fileUris',
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('DONOTLEAK');
  });

  it('VMSnapshotLinux settings (protected settings removed by the extension): vmType and command start time', () => {
    const r = runDoc(extensionSettingsParser, `${SNAP}/config/41.settings`, fixture('vmsnapshot.settings'));
    expect(r.facts[0]!.attrs).toMatchObject({
      seq: '41',
      hasProtectedSettings: 'false',
      vmType: 'microsoft.compute/virtualmachines',
      commandStartTime: '2024-01-15T02:36:23.000Z',
      publicSettingsKeys: 'locale,taskId,commandToExecute,objectStr,logsBlobUri,statusBlobUri,commandStartTimeUTCTicks,vmType',
    });
    const out = JSON.stringify(r);
    for (const s of ['FIXTUREOBJECTSTRDONOTLEAK', 'FIXTURELOGSIG', 'FIXTURESTATUSSIG']) expect(out).not.toContain(s);
  });

  it('an unparseable settings file is a problem AND a fact with valid=false, quoting nothing from it', () => {
    const r = runDoc(extensionSettingsParser, `${CSE}/config/3.settings`, fixture('broken.settings'));
    expect(r.problems).toEqual(['extension settings file is not valid JSON (the text ends early: cut or truncated file)']);
    expect(r.facts).toHaveLength(1);
    expect(r.facts[0]).toMatchObject({
      kind: 'extension-settings',
      value: 'Microsoft.Azure.Extensions.CustomScript',
      attrs: { version: '2.1.10', seq: '3', valid: 'false', error: 'extension settings file is not valid JSON (the text ends early: cut or truncated file)' },
    });
    expect(JSON.stringify(r)).not.toContain('DONOTLEAK');
  });

  it('JSON of the wrong shape is a problem and an invalid fact too', () => {
    const r = runDoc(extensionSettingsParser, `${CSE}/config/4_settings`, '{"runtimeSettings": []}');
    expect(r.problems).toHaveLength(1);
    expect(r.facts[0]!.attrs).toMatchObject({ seq: '4', valid: 'false' });
  });
});

describe('HandlerState, HandlerStatus, HandlerEnvironment.json, HandlerManifest.json, mrseq', () => {
  it('HandlerState', () => {
    const r = runDoc(handlerStateParser, `${SNAP}/config/HandlerState`, fixture('HandlerState'));
    expect(r.facts.map((f) => [f.kind, f.value, f.attrs])).toEqual([['handler-state', 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', { version: '1.0.9225.0', state: 'Enabled' }]]);
    const failed = runDoc(handlerStateParser, 'var/lib/waagent/Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.29.6/config/HandlerState', fixture('HandlerState.failed-upgrade'));
    expect(failed.facts[0]!.attrs!['state']).toBe('FailedUpgrade');
    expect(runDoc(handlerStateParser, `${SNAP}/config/HandlerState`, '').problems).toEqual(['empty HandlerState file: the handler state is unknown']);
  });

  it('HandlerStatus', () => {
    const r = runDoc(handlerStatusParser, `${CSE}/config/HandlerStatus`, fixture('HandlerStatus'));
    expect(r.problems).toEqual([]);
    expect(r.facts[0]).toMatchObject({
      kind: 'handler-status',
      value: 'Microsoft.Azure.Extensions.CustomScript',
      attrs: { version: '2.1.10', status: 'NotReady', code: '1009', message: expect.stringContaining('Non-zero exit code: 1') },
    });
  });

  it('HandlerEnvironment.json', () => {
    const r = runDoc(handlerEnvironmentParser, `${SNAP}/HandlerEnvironment.json`, fixture('HandlerEnvironment.json'));
    expect(r.facts[0]!.attrs).toEqual({
      version: '1.0.9225.0',
      environmentVersion: '1',
      logFolder: '/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
      configFolder: `/${SNAP}/config`,
      statusFolder: `/${SNAP}/status`,
      heartbeatFile: `/${SNAP}/heartbeat.log`,
      eventsFolder: '/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/events',
      eventsFolderPreview: '/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/events',
    });
  });

  it('HandlerManifest.json', () => {
    const r = runDoc(handlerManifestParser, `${SNAP}/HandlerManifest.json`, fixture('HandlerManifest.json'));
    expect(r.facts[0]).toMatchObject({
      value: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
      line: 4,
      attrs: { version: '1.0.9225.0', manifestName: 'VMSnapshotLinux', updateMode: 'UpdateWithoutInstall', continueOnUpdateFailure: 'true', reportHeartbeat: 'false', enableCommand: 'main/handle.sh enable' },
    });
  });

  it('mrseq', () => {
    const r = runDoc(mrseqParser, `${SNAP}/mrseq`, fixture('mrseq'));
    expect(r.facts.map((f) => [f.kind, f.value, f.attrs])).toEqual([['extension-sequence', 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', { version: '1.0.9225.0', seq: '41' }]]);
  });
});

describe('WALinuxAgent-<ver>/error.json', () => {
  it('3 failures blacklist the version: fact and warning event at the last failure', () => {
    const r = runDoc(agentErrorParser, 'var/lib/waagent/WALinuxAgent-2.10.0.8/error.json', fixture('error.blacklisted.json'));
    expect(r.facts[0]).toMatchObject({
      kind: 'agent-error-state',
      value: '2.10.0.8',
      time: 1705270000123,
      attrs: { failure_count: '3', was_fatal: 'false', blacklisted: 'true', last_failure: '2024-01-14T22:06:40.123Z', reason: expect.stringContaining('did not report its status') },
    });
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ level: 'warning', time: 1705270000123, timeSource: 'utc', source: 'agent-error-state', fields: { version: '2.10.0.8', blacklisted: 'true' } });
  });

  it('a clean error state is a fact, no event', () => {
    const r = runDoc(agentErrorParser, 'var/lib/waagent/WALinuxAgent-2.9.1.1/error.json', fixture('error.clean.json'));
    expect(r.facts[0]).toMatchObject({ value: '2.9.1.1', time: null, attrs: { failure_count: '0', blacklisted: 'false' } });
    expect(r.events).toEqual([]);
  });
});
