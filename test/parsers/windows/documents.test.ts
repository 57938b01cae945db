// The Windows document parsers: aggregate status (mirrors the Linux waagent_status facts), plugin files
// (SeqNumber.txt, HeartBeat.Json, PackageInformation.txt) and provisioning evidence (state.ini, WaSetup.xml).
import { describe, expect, it } from 'vitest';
import { waagentStatusParser } from '../../../src/parsers/state/index.js';
import {
  aggregateStatusParser,
  heartbeatParser,
  imageStateParser,
  packageInformationParser,
  seqNumberParser,
  setupXmlParser,
} from '../../../src/parsers/windows/index.js';
import { fixture, runDoc, utc } from './helpers.js';

const VMSNAPSHOT = 'Microsoft.Azure.RecoveryServices.VMSnapshot';
const PLUGIN = `Packages/Plugins/${VMSNAPSHOT}/1.0.74.0`;

describe('aggregatestatus.json', () => {
  const path = 'WindowsAzure/Logs/AggregateStatus/aggregatestatus.json';
  const r = runDoc(aggregateStatusParser, path, fixture('aggregatestatus.json'));

  it('reports the agent, the OS and each handler', () => {
    expect(r.problems).toEqual([]);
    expect(r.facts.find((f) => f.kind === 'agent-version')).toMatchObject({ value: '2.7.41491.1102', role: 'windows-agent', time: utc(2024, 5, 2, 3, 12, 5), line: 6 });
    expect(r.facts.find((f) => f.kind === 'agent-status')).toMatchObject({ value: 'Ready', attrs: { source: 'aggregatestatus' } });
    expect(r.facts.find((f) => f.kind === 'os')).toMatchObject({ value: 'Windows Server 2019 Datacenter 10.0.17763' });
    expect(r.facts.find((f) => f.kind === 'hostname')).toMatchObject({ value: 'winvm01' });
    expect(r.facts.find((f) => f.kind === 'goal-state-status')).toMatchObject({ value: 'Failed', attrs: { code: '1009', inSvdSeqNo: '3' } });
    const vmsnapshot = r.facts.find((f) => f.kind === 'extension-status' && f.value === VMSNAPSHOT);
    expect(vmsnapshot).toMatchObject({
      line: 15,
      attrs: {
        version: '1.0.74.0',
        handlerStatus: 'NotReady',
        handlerCode: '1009',
        status: 'error',
        code: '400',
        operation: 'Enable',
        outcome: 'error',
        sequence: '12',
        message: 'VSS writer SqlServerWriter is in a failed state',
        source: 'aggregatestatus',
      },
    });
    expect(r.facts.find((f) => f.kind === 'extension-status' && f.value === 'Microsoft.Compute.BGInfo')?.attrs).toMatchObject({ handlerStatus: 'Ready', outcome: 'success' });
  });

  it('emits events at the document time with the level of the outcome', () => {
    expect(r.events.map((e) => [e.line, e.level])).toEqual([
      [7, 'info'],
      [52, 'error'],
      [15, 'error'],
      [41, 'info'],
    ]);
    expect(r.events[0]).toMatchObject({ time: utc(2024, 5, 2, 3, 12, 5), timeSource: 'utc', source: 'windows-aggregate-status', raw: '"status": "Ready",' });
    expect(r.events[2]).toMatchObject({ extension: { name: VMSNAPSHOT, version: '1.0.74.0' }, fields: { name: VMSNAPSHOT, handlerStatus: 'NotReady', status: 'error', code: '400' } });
  });

  it('uses the same attribute names as the Linux waagent_status parser', () => {
    const linux = runDoc(waagentStatusParser, 'var/lib/waagent/waagent_status.json', fixture('aggregatestatus.json'));
    const keys = (facts: typeof r.facts, kind: string): string[][] =>
      facts.filter((f) => f.kind === kind).map((f) => Object.keys(f.attrs ?? {}).filter((k) => k !== 'source' && k !== 'format').sort());
    for (const kind of ['extension-status', 'agent-status', 'goal-state-status']) expect(keys(r.facts, kind), kind).toEqual(keys(linux.facts, kind));
    expect(r.facts.filter((f) => f.kind === 'extension-status').map((f) => f.attrs)).toEqual(
      linux.facts.filter((f) => f.kind === 'extension-status').map((f) => ({ ...f.attrs, source: 'aggregatestatus' })),
    );
  });

  it('a NotReady agent is an error event; a bare aggregateStatus object and .NET dates are read', () => {
    const doc = JSON.stringify({ aggregateStatus: { guestAgentStatus: { version: '2.7.41491.1010', status: 'NotReady', formattedMessage: { message: 'GuestAgent is not ready' } } }, timestampUTC: '/Date(1714619525000)/' });
    const x = runDoc(aggregateStatusParser, path, doc);
    expect(x.events[0]).toMatchObject({ level: 'error', time: 1714619525000, timeSource: 'utc' });
    const bare = runDoc(aggregateStatusParser, path, JSON.stringify({ guestAgentStatus: { version: '2.7.41491.1010', status: 'Ready' }, handlerAggregateStatus: [] }));
    expect(bare.problems).toEqual([]);
    expect(bare.facts).toContainEqual(expect.objectContaining({ kind: 'agent-version', value: '2.7.41491.1010', role: 'windows-agent', time: null }));
  });

  it('reports unreadable documents as problems', () => {
    expect(runDoc(aggregateStatusParser, path, '{"aggregateStatus": {').problems[0]).toMatch(/not valid JSON/);
    expect(runDoc(aggregateStatusParser, path, '[1,2]').problems[0]).toMatch(/not an object/);
    expect(runDoc(aggregateStatusParser, path, '{"x": 1}').problems[0]).toMatch(/unknown format/);
    expect(runDoc(aggregateStatusParser, path, '').problems[0]).toMatch(/empty/);
  });
});

describe('plugin files', () => {
  it('SeqNumber.txt', () => {
    const mtime = new Date(utc(2024, 5, 2, 3, 10, 42));
    const r = runDoc(seqNumberParser, `${PLUGIN}/SeqNumber.txt`, fixture('SeqNumber.txt'), mtime);
    expect(r.facts).toEqual([
      expect.objectContaining({ kind: 'extension-sequence', value: VMSNAPSHOT, time: mtime.getTime(), attrs: { version: '1.0.74.0', seq: '12', source: 'SeqNumber.txt', mtime: mtime.toISOString() } }),
    ]);
    expect(runDoc(seqNumberParser, `${PLUGIN}/SeqNumber.txt`, 'twelve').problems).toHaveLength(1);
    expect(runDoc(seqNumberParser, `${PLUGIN}/SeqNumber.txt`, '').problems).toHaveLength(1);
  });

  it('HeartBeat.Json: a NotReady heartbeat is a fact and a warning at the file time', () => {
    const mtime = new Date(utc(2024, 5, 2, 3, 11, 42));
    const r = runDoc(heartbeatParser, `${PLUGIN}/Status/HeartBeat.Json`, fixture('HeartBeat.Json'), mtime);
    expect(r.facts).toEqual([
      expect.objectContaining({ kind: 'extension-heartbeat', value: VMSNAPSHOT, attrs: expect.objectContaining({ version: '1.0.74.0', status: 'NotReady', code: '1', message: 'IaaSBcdrExtension enable failed' }) }),
    ]);
    expect(r.events).toEqual([expect.objectContaining({ level: 'warning', time: mtime.getTime(), timeSource: 'utc', extension: { name: VMSNAPSHOT, version: '1.0.74.0' } })]);
    const ready = runDoc(heartbeatParser, `${PLUGIN}/Status/HeartBeat.Json`, '[{"version": 1.0, "heartbeat": {"status": "ready", "code": 0, "Message": "running"}}]');
    expect(ready.events).toEqual([]);
    expect(ready.facts[0]).toMatchObject({ time: null, attrs: { status: 'ready', code: '0', message: 'running' } });
    expect(runDoc(heartbeatParser, `${PLUGIN}/Status/HeartBeat.Json`, '[{}]').problems).toHaveLength(1);
    expect(runDoc(heartbeatParser, `${PLUGIN}/Status/HeartBeat.Json`, 'not json').problems).toHaveLength(1);
  });

  it('PackageInformation.txt: key/value lines, else the first line; never secret-looking keys', () => {
    const r = runDoc(packageInformationParser, `${PLUGIN}/PackageInformation.txt`, 'Name: Microsoft.Azure.RecoveryServices.VMSnapshot\nVersion: 1.0.74.0\nStorageKey: abc\n');
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'extension-package', value: VMSNAPSHOT, role: '1.0.74.0', attrs: { Name: VMSNAPSHOT, Version: '1.0.74.0', version: '1.0.74.0', source: 'PackageInformation.txt' } })]);
    const plain = runDoc(packageInformationParser, `${PLUGIN}/PackageInformation.txt`, '\n\nVMSnapshot package 1.0.74.0\n');
    expect(plain.facts[0]).toMatchObject({ line: 3, attrs: { text: 'VMSnapshot package 1.0.74.0' } });
  });
});

describe('provisioning evidence', () => {
  it('state.ini: setup not complete is a warning', () => {
    const r = runDoc(imageStateParser, 'Windows/Setup/State/state.ini', fixture('state.ini'));
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'windows-image-state', value: 'IMAGE_STATE_UNDEPLOYABLE', line: 2, attrs: expect.objectContaining({ complete: 'false', section: 'State' }) })]);
    expect(r.events).toEqual([expect.objectContaining({ level: 'warning', time: null, timeSource: 'none', fields: { imageState: 'IMAGE_STATE_UNDEPLOYABLE' } })]);
    expect(runDoc(imageStateParser, 'Windows/Setup/State/state.ini', '[State]\n').problems).toEqual(['state.ini has no ImageState line']);
  });

  it('WaSetup.xml: one event per timed element, errors as facts, a cut file read to its end', () => {
    const r = runDoc(setupXmlParser, 'Windows/Panther/WaSetup.xml', fixture('WaSetup.xml'));
    expect(r.problems).toEqual([]);
    expect(r.events.map((e) => [e.line, e.endLine, e.level, e.prefix])).toEqual([
      [3, 5, 'info', 'Unattend'],
      [6, 13, 'error', 'Unattend'],
      [14, 16, 'warning', 'WaSetup'],
      [17, 18, 'info', 'WaSetup'],
    ]);
    expect(r.events[1]).toMatchObject({
      time: utc(2024, 4, 30, 10, 12, 44, 870),
      timeSource: 'utc',
      raw: '<Event time="2024-04-30T10:12:44.870Z" category="ERROR" source="Unattend">',
      message: "InstrumentProcedure: Failed to execute 'Call ConfigureNetwork()'. Will raise error to caller - The system cannot find the file specified & retried (-2147024894, Network.wsf)",
      fields: { file: 'WaSetup.xml', category: 'ERROR', source: 'Unattend', number: '-2147024894' },
    });
    expect(r.events[3]!.message).toBe('Setup cut here');
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'windows-setup-error', line: 6, value: "InstrumentProcedure: Failed to execute 'Call ConfigureNetwork()'. Will raise error to caller" })]);
  });

  it('VmAgentInstaller.xml: self-closing elements and message attributes; no timed element is a problem', () => {
    const path = 'Windows/Panther/VmAgentInstaller.xml';
    const r = runDoc(setupXmlParser, path, '<Log>\n<Entry time="2024-04-30T10:15:00Z" level="Error" message="MSI install failed: 1603"/>\n</Log>\n');
    expect(r.events).toEqual([expect.objectContaining({ level: 'error', line: 2, message: 'MSI install failed: 1603', fields: expect.objectContaining({ file: 'VmAgentInstaller.xml' }) })]);
    expect(runDoc(setupXmlParser, path, '<Log><Entry>no time</Entry></Log>').problems[0]).toMatch(/no timed elements/);
  });
});
