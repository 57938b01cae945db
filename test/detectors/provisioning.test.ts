import detector from '../../src/detectors/provisioning.js';
import { log, testDetector } from '../helpers/detector-tester.js';

testDetector(detector, {
  valid: [
    {
      name: 'provisioning already done',
      log: log(
        '2016/10/05 17:01:58.545434 INFO Provisioning already completed, skipping.',
        '2024-03-01T10:00:00.000001Z INFO Daemon Daemon Provisioning complete',
      ),
    },
  ],
  invalid: [
    {
      name: 'provisioning failed reading ovf-env.xml (2.2.47+)',
      log: log("2024-03-01T10:00:00.000001Z ERROR Daemon Daemon Provisioning failed: [ProtocolError] [CopyOvfEnv] Error reading file /mnt/cdrom/secure/ovf-env.xml: [Errno 2] No such file or directory (116.92s)"),
      id: 'provisioning.failed',
      severity: 'error',
    },
    {
      name: 'provisioning Event (2.1)',
      log: log('2016/08/11 09:36:31.201543 ERROR Event: name=WALA, op=Provision, message=Failed to copy ovf-env.xml: (000008)(000007)Failed to get dvd device'),
      id: 'provisioning.failed',
    },
    {
      name: 'the DVD cannot be mounted',
      log: log('2024-03-01T10:00:00.000001Z WARNING Daemon Mounting dvd failed [retry 1/5, sleeping 5 sec]'),
      id: 'provisioning.dvd-unavailable',
      severity: 'warning',
    },
    {
      name: 'waiting for cloud-init',
      log: log(
        '2018/03/05 00:55:50.923539 INFO Waiting for cloud-init to copy ovf-env.xml to /var/lib/waagent/ovf-env.xml [360 retries remaining, sleeping 5s]',
        '2018/03/05 00:55:55.981953 WARNING cloud-init does not appear to be running',
      ),
      id: 'provisioning.cloud-init-handshake',
      count: 2,
    },
  ],
});
