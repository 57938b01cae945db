import vss from '../../src/detectors/vss.js';
import { testDetectorOnEvents, winEvent } from '../helpers/detector-tester.js';

testDetectorOnEvents(vss, {
  valid: [
    { name: 'VSS 8224 idle shutdown is benign', events: [winEvent({ provider: 'VSS', id: 8224, level: 'info', channel: 'Application' })] },
    { name: 'an unrelated application error', events: [winEvent({ provider: 'Application Error', id: 1000, channel: 'Application', data: { '0': 'notepad.exe' } })] },
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
  ],
});

