import vss from '../../src/detectors/vss.js';
import { log, testDetector, testDetectorOnEvents, winEvent } from '../helpers/detector-tester.js';

testDetectorOnEvents(vss, {
  valid: [
    { name: 'VSS 8224 idle shutdown is benign', events: [winEvent({ provider: 'VSS', id: 8224, level: 'info', channel: 'Application' })] },
    { name: 'an unrelated application error', events: [winEvent({ provider: 'Application Error', id: 1000, channel: 'Application', data: { '0': 'notepad.exe' } })] },
    { name: 'a VSS info record naming another writer', events: [winEvent({ provider: 'VSS', id: 8230, level: 'info', channel: 'Application', data: { '0': 'System Writer' } })] },
  ],
  invalid: [
    { name: 'VSS 8193 unexpected error', events: [winEvent({ provider: 'VSS', id: 8193, channel: 'Application', data: { '0': 'CreateDiffArea', '1': '0x8000ffff' } })], id: 'vss.vss-error', severity: 'error' },
    { name: 'VSS 12297 cannot flush writes', events: [winEvent({ provider: 'VSS', id: 12297, channel: 'Application' })], id: 'vss.hold-writes-timeout' },
    { name: 'volsnap 25 shadow storage could not grow', events: [winEvent({ provider: 'volsnap', id: 25, level: 'warning' })], id: 'vss.shadow-storage', severity: 'warning' },
    {
      name: 'SQL writer 24583 names the SQL writer with the USEVSSCOPYBACKUP remedy',
      events: [winEvent({ provider: 'SQLWRITER', id: 24583, channel: 'Application', data: { '0': 'BACKUP DATABASE is terminating abnormally.' } })],
      id: 'vss.sql-writer',
    },
    {
      name: 'a VSS info record naming the SQL writer in its data',
      events: [winEvent({ provider: 'VSS', id: 8230, level: 'info', channel: 'Application', data: { '0': 'SqlServerWriter', '1': '0x800423f4' } })],
      id: 'vss.sql-writer',
    },
    {
      // The record's message is cut at 2,000 characters (EVTX) or rendered without the data (exports): its data is read too.
      name: 'a VSS info record naming the SQL writer past its cut message',
      events: [winEvent({ provider: 'VSS', id: 8230, level: 'info', channel: 'Application', data: { '0': 'x'.repeat(2100), '1': 'SqlServerWriter' }, message: `VSS 8230: 0=${'x'.repeat(1990)} …` })],
      id: 'vss.sql-writer',
    },
  ],
});


// The backup plugin's own log: the summary line of a writer failure joins the SQL writer's finding.
testDetector(vss, {
  path: 'WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.99.0/IaaSBcdrExtension0.log',
  valid: [{ name: 'a snapshot that starts', log: log('[2024-11-04 22:00:05.102] [INFO] Starting snapshot for task 4f8e2a10-6b5c-4d3e-9a1b-0c2d3e4f5a6b') }],
  invalid: [
    {
      name: 'the SQL writer fails and the plugin sums it up: one finding',
      log: log(
        '[2024-11-04 22:10:06.004] [ERROR] VSS snapshot failed: writer SqlServerWriter is in failed state (0x800423f4) Waiting for completion',
        '[2024-11-04 22:10:06.310] [ERROR] Snapshot failed with error VssWriterFailed',
      ),
      id: 'vss.sql-writer',
      count: 2,
      firstStep: /USEVSSCOPYBACKUP/,
    },
    {
      name: 'a writer fails on its own',
      log: log('[2024-11-04 22:10:06.310] [ERROR] Snapshot failed with error VssWriterFailed'),
      id: 'vss.writer-failed',
    },
  ],
});
