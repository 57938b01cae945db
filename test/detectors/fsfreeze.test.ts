import detector from '../../src/detectors/fsfreeze.js';
import { log, testDetector } from '../helpers/detector-tester.js';
import { EXTENSION_LOG, HEALTHY_RUN, py3, VMSNAPSHOT_PREFIX } from '../helpers/vmsnapshot-lines.js';

const P = VMSNAPSHOT_PREFIX;
const EXT_LOG = EXTENSION_LOG;

testDetector(detector, {
  path: EXT_LOG,
  valid: [
    { name: 'a full freeze/snapshot/thaw cycle', log: log(...HEALTHY_RUN) },
    { name: 'mounts skipped by configuration', log: log(py3('01.000001', 'skipped mount :/mnt/resource'), ...HEALTHY_RUN) },
  ],
  invalid: [
    {
      name: 'FIFREEZE fails on a mount (old nested backuplogger format)',
      log: log(`2016/12/10 01:11:00 ${P}2016-12-10 01:11:00.532512  Info  Failed to FIFREEZE: /data/dblog`, '2016/12/10 01:11:00'),
      id: 'fsfreeze.freeze-failed',
      severity: 'error',
    },
    {
      name: 'the freeze times out (py3, with the status code)',
      log: log(
        py3('01.000001', 'T:S freeze, timeout value 60'),
        py3('07.000001', 'freeze timed-out'),
        py3('07.100001', 'T:S ###### Enable failed with error: freeze took longer than timeout StatusCode.FailedRetryableFsFreezeTimeout,'),
      ),
      id: 'fsfreeze.freeze-timeout',
      severity: 'error',
    },
    {
      name: 'the binary never signals the freeze (serial-console copy)',
      log: log('2019-11-23 21:12:24.539751  Info  freeze_safe after returning from startproc : sig_handle=0 '),
      id: 'fsfreeze.freeze-timeout',
    },
    {
      name: 'FITHAW fails (safefreeze binary output)',
      log: log(
        py3('03.600000', '============== Binary output traces start ================='),
        '2017-11-02 11:22:56 Failed to FITHAW: /usr/sap',
        py3('03.700000', '============== Binary output traces end ================='),
      ),
      id: 'fsfreeze.thaw-failed',
    },
    {
      name: 'the safefreeze binary is gone',
      log: log(py3('01.000001', 'safefreeze binary is missing in the following path /var/lib/waagent/x/main/safefreeze/bin/safefreeze')),
      id: 'fsfreeze.binary-missing',
    },
    {
      name: 'another process holds the freeze lock',
      log: log(py3('01.000001', 'Failed to open file or aquire lock: [Errno 11] Resource temporarily unavailable')),
      id: 'fsfreeze.lock-held',
      severity: 'warning',
    },
    {
      name: 'the log stops while frozen (buffered lines never flushed)',
      log: log(py3('01.000001', 'Taking Snapshot through Host'), py3('01.100000', 'T:S freeze, timeout value 60'), py3('01.200000', 'fsfreeze mount :/')),
      id: 'fsfreeze.stayed-frozen',
      severity: 'critical',
    },
  ],
});
