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

// cloud-init's Azure data source (canonical/cloud-init cloudinit/sources/DataSourceAzure.py, helpers/azure.py).
testDetector(detector, {
  path: 'var/log/cloud-init.log',
  valid: [
    { name: 'cloud-init reports ready', log: log('2024-01-14 22:16:55,104 - azure.py[INFO]: Reported ready to Azure fabric.') },
    { name: 'a debug line about the fabric', log: log('2024-01-14 22:16:55,104 - azure.py[DEBUG]: Registering with Azure...') },
  ],
  invalid: [
    {
      name: 'cloud-init reports a provisioning failure to Azure; the agent’s line about it is the same problem',
      files: {
        'var/log/cloud-init.log': log(
          '2024-01-14 22:17:40,331 - DataSourceAzure.py[ERROR]: Azure datasource failure occurred: result=error|reason=failure to obtain DHCP lease|agent=Cloud-Init/23.3.3|vm_id=0a1b2c3d',
          '2024-01-14 22:17:41,002 - azure.py[WARNING]: Reported failure to Azure fabric.',
        ),
        'var/log/waagent.log': log('2024-01-14T22:18:00.000001Z ERROR Daemon Daemon Provisioning with cloud-init failed: [ProvisionError] cloud-init did not report ready (60.5s)'),
      },
      id: 'provisioning.failed',
      count: 3,
    },
    {
      name: 'cloud-init cannot report ready: the wire server is blocked',
      log: log(
        "2024-01-14 22:17:40,331 - azure.py[ERROR]: exception while reporting ready: HTTPConnectionPool(host='168.63.129.16', port=80): Max retries exceeded with url: /machine/?comp=goalstate (Caused by NewConnectionError('Failed to establish a new connection: [Errno 110] Connection timed out'))",
      ),
      id: 'provisioning.report-ready-failed',
      firstStep: /^Traffic to 168\.63\.129\.16 is dropped/,
    },
    {
      name: 'an older cloud-init cannot reach the fabric',
      log: log('2020-01-14 22:17:40,331 - DataSourceAzure.py[WARNING]: Error communicating with Azure fabric; You may experience connectivity issues.'),
      id: 'provisioning.report-ready-failed',
    },
  ],
});
