// waagent_status.json in its shapes: agent details (2.2.3x-2.4), the raw status blob, the history copy with
// __status__/__debug__ (and its no-blob-yet variant that is not valid JSON as written).
import { describe, expect, it } from 'vitest';
import { waagentStatusParser } from '../../../src/parsers/state/index.js';
import { all, expectSome, find, fixture, runDoc } from './helpers.js';

describe('waagent_status.json: agent details (2.2.3x-2.4)', () => {
  const r = runDoc(waagentStatusParser, 'var/lib/waagent/waagent_status.json', fixture('waagent_status.agent-details.json'));
  const time = Date.UTC(2021, 1, 3, 4, 5, 6);

  it('agent version, OS, Python at the last status upload time', () => {
    expect(r.problems).toEqual([]);
    expectSome(r.facts, [
      { kind: 'agent-version', value: '2.2.53', role: 'status-file', time, line: 1, attrs: { goalStateVersion: '2.2.53', format: 'agent-details', source: 'waagent_status' } },
      { kind: 'os', value: 'ubuntu 18.04', role: 'status-file', time },
      { kind: 'python', value: '3.6.9', role: 'status-file' },
    ]);
  });

  it('one extension-status fact and event per handler; NotReady is an error', () => {
    expect(all(r.facts, 'extension-status').map((f) => [f.value, f.attrs?.['version'], f.attrs?.['handlerStatus'], f.attrs?.['outcome']])).toEqual([
      ['Microsoft.Azure.RecoveryServices.VMSnapshotLinux', '1.0.9172.0', 'Ready', 'success'],
      ['Microsoft.OSTCExtensions.VMAccessForLinux', '1.5.10', 'NotReady', 'error'],
    ]);
    expect(r.events.map((e) => [e.level, e.time, e.extension?.name, e.format])).toEqual([
      ['info', time, 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', 'agent-details'],
      ['error', time, 'Microsoft.OSTCExtensions.VMAccessForLinux', 'agent-details'],
    ]);
    expect(r.events[1]!.message).toBe('Handler Microsoft.OSTCExtensions.VMAccessForLinux 1.5.10: NotReady');
    expect(r.events[1]!.timeSource).toBe('utc');
  });
});

describe('waagent_status.json: status blob', () => {
  const path = 'var/lib/waagent/history/2024-01-14T22-18-05__3.zip/waagent_status.json';
  const r = runDoc(waagentStatusParser, path, fixture('waagent_status.blob.json'));
  const time = Date.UTC(2024, 0, 14, 22, 18, 5);

  it('agent version, agent status with the RSM update status, OS and host name', () => {
    expect(r.problems).toEqual([]);
    expectSome(r.facts, [
      { kind: 'agent-version', value: '2.9.1.1', role: 'status-file', time, attrs: { format: 'status-blob' } },
      {
        kind: 'agent-status',
        value: 'Ready',
        attrs: { version: '2.9.1.1', message: 'Guest Agent is running', updateStatus: 'Error', updateExpectedVersion: '2.10.0.8', updateCode: '1', updateMessage: 'Failed to download agent package from all URIs' },
      },
      { kind: 'os', value: 'ubuntu 22.04', role: 'status-file' },
      { kind: 'hostname', value: 'fixture-vm', role: 'status-file' },
      { kind: 'goal-state-status', value: 'Success', attrs: { inSvdSeqNo: '3', code: '0' } },
    ]);
  });

  it('the relayed VMSnapshotLinux status is judged like the status file (rewrite trap)', () => {
    const snap = find(r.facts, 'extension-status', 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux')!;
    expect(snap.attrs).toMatchObject({
      version: '1.0.9225.0',
      handlerStatus: 'Ready',
      status: 'success',
      code: '122',
      outcome: 'error',
      rewritten: 'true',
      sequence: '41',
      substatusStatus: 'error',
      extErrorCode: 'FailedRetryableFsFreezeTimeout',
      timestamp: '2024-01-14T22:17:51.000Z',
      source: 'waagent_status',
    });
    const ev = r.events.find((e) => e.extension?.name === 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux')!;
    expect(ev).toMatchObject({ level: 'error', time, timeSource: 'utc', fields: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', status: 'success', code: '122', outcome: 'error' } });
  });

  it('levels: agent update error is a warning, a healthy handler info, a transitioning multi-config extension a warning', () => {
    expect(r.events.map((e) => [e.level, e.extension?.name ?? 'agent'])).toEqual([
      ['warning', 'agent'],
      ['error', 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux'],
      ['info', 'Microsoft.Azure.Monitor.AzureMonitorLinuxAgent'],
      ['warning', 'Microsoft.CPlat.Core.RunCommandHandlerLinux'],
    ]);
    expect(find(r.facts, 'extension-status', 'Microsoft.CPlat.Core.RunCommandHandlerLinux')!.attrs).toMatchObject({ extensionName: 'firstCommand', outcome: 'transitioning', statusName: 'firstCommand' });
    expect(r.events[0]!.message).toBe('Guest agent 2.9.1.1: Ready - Guest Agent is running; update to 2.10.0.8: Error - Failed to download agent package from all URIs');
  });
});

describe('waagent_status.json: history copy with __status__ and __debug__', () => {
  it('reads the blob inside, the daemon version from __debug__, a failed goal state and a failed handler', () => {
    const r = runDoc(waagentStatusParser, 'var/lib/waagent/waagent_status.4.json', fixture('waagent_status.debug.json'));
    expect(r.problems).toEqual([]);
    expectSome(r.facts, [
      { kind: 'agent-version', value: '2.9.1.1', role: 'status-file', line: 3, attrs: { format: 'status-debug', daemonVersion: '2.2.53' } },
      { kind: 'agent-version', value: '2.2.53', role: 'daemon', line: 4, time: Date.UTC(2024, 0, 14, 22, 18, 5) },
      { kind: 'agent-status', value: 'NotReady', attrs: { message: 'Guest Agent is not running' } },
      { kind: 'python', value: '3.10.12' },
      { kind: 'goal-state-status', value: 'Failed', attrs: { code: '-1', inSvdSeqNo: '4', message: 'Failed to process goal state: extension CustomScript failed' } },
      {
        kind: 'extension-status',
        value: 'Microsoft.Azure.Extensions.CustomScript',
        attrs: { handlerStatus: 'NotReady', handlerCode: '1009', status: 'error', code: '1', outcome: 'error', substatusCodes: '0,0', message: 'Enable failed: failed to execute command: command terminated with exit status=1' },
      },
    ]);
    expect(r.events.map((e) => [e.level, e.message.slice(0, 40)])).toEqual([
      ['error', 'Guest agent 2.9.1.1: NotReady - Guest Ag'],
      ['error', 'Goal state 4: Failed (code -1) - Failed '],
      ['error', 'Handler Microsoft.Azure.Extensions.Custo'],
    ]);
    expect(r.events.every((e) => e.line === 3)).toBe(true);
  });

  it('"__status__": , (no blob yet) is read, not reported as broken JSON', () => {
    const r = runDoc(waagentStatusParser, 'var/lib/waagent/history/2024-01-14T22-18-05__3/waagent_status.json', fixture('waagent_status.debug-empty.json'));
    expect(r.problems).toEqual([]);
    expect(r.facts.map((f) => [f.kind, f.value, f.role])).toEqual([
      ['agent-version', '2.2.53', 'daemon'],
      ['python', '3.10.12', 'status-file'],
    ]);
  });
});

describe('waagent_status.json: damaged or foreign content', () => {
  it('cut JSON, another JSON shape, and an array are problems', () => {
    const text = fixture('waagent_status.blob.json');
    expect(runDoc(waagentStatusParser, 'waagent_status.json', text.slice(0, 500)).problems).toEqual(['agent status file is not valid JSON (the text ends early: cut or truncated file)']);
    expect(runDoc(waagentStatusParser, 'waagent_status.json', '{"foo": 1}').problems).toEqual([
      'agent status file has none of aggregateStatus, __status__ or extensions_status: unknown waagent_status format',
    ]);
    expect(runDoc(waagentStatusParser, 'waagent_status.json', '[]').problems).toHaveLength(1);
  });
});
