import detector from '../../src/detectors/agent-crash.js';
import { log, testDetector } from '../helpers/detector-tester.js';

testDetector(detector, {
  valid: [
    {
      name: 'a clean start of the goal-state agent',
      log: log(
        '2024-03-01T10:00:00.000001Z INFO ExtHandler ExtHandler Azure Linux Agent (Goal State Agent version 2.9.1.1)',
        '2024-03-01T10:00:00.000002Z INFO Daemon Daemon Agent WALinuxAgent-2.9.1.1 launched with command \'python3 -u bin/WALinuxAgent-2.9.1.1-py3.8.egg -run-exthandlers\' is successfully running',
      ),
    },
    {
      name: 'a child that returned code 0',
      log: log("2018/01/01 00:00:00.000000 WARNING Agent WALinuxAgent-2.2.20 launched with command 'python -u /usr/sbin/waagent -run-exthandlers' returned code: 0"),
    },
    {
      name: 'a 2.0 DHCP time-out traceback (the dhcp detector owns it)',
      log: log(
        '2017/04/05 15:19:30 ERROR:timed out',
        '2017/04/05 15:19:30 ERROR:Traceback (most recent call last):',
        '2017/04/05 15:19:30 ERROR:  File "/usr/sbin/waagent", line 6171, in DoDhcpWork',
        '2017/04/05 15:19:30 ERROR:timeout: timed out',
      ),
    },
  ],
  invalid: [
    {
      name: 'ExtHandler exits with a return code (2.9+)',
      log: log("2024-03-01T10:00:00.000001Z WARNING Daemon Daemon ExtHandler process WALinuxAgent-2.9.1.1 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 1"),
      id: 'agent-crash.exthandler-exit',
      severity: 'error',
    },
    {
      name: 'three exits within an hour are a crash loop',
      log: log(
        "2024-03-01T10:00:00.000001Z WARNING Daemon Daemon ExtHandler process WALinuxAgent-2.9.1.1 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 1",
        "2024-03-01T10:10:00.000001Z WARNING Daemon Daemon ExtHandler process WALinuxAgent-2.9.1.1 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 1",
        "2024-03-01T10:20:00.000001Z WARNING Daemon Daemon ExtHandler process WALinuxAgent-2.9.1.1 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 1",
      ),
      id: 'agent-crash.exthandler-exit',
      severity: 'critical',
      count: 3,
    },
    {
      name: 'launch fails with an exception and the Event line (2.2.0)',
      log: log(
        "2017/06/17 22:20:18.226916 WARNING Agent WALinuxAgent-2.2.0 launched with command 'python -u /usr/sbin/waagent -run-exthandlers' failed with exception: unknown encoding: string-escape",
        "2017/06/17 22:20:18.227055 ERROR Event: name=WALinuxAgent, op=Enable, message=Agent WALinuxAgent-2.2.0 launched with command 'python -u /usr/sbin/waagent -run-exthandlers' failed with exception: unknown encoding: string-escape",
      ),
      id: 'agent-crash.exthandler-exit',
      count: 2,
    },
    {
      name: 'did not terminate cleanly',
      log: log('2017/07/17 10:18:56.439857 INFO WALinuxAgent-2.2.10 did not terminate cleanly'),
      id: 'agent-crash.unclean-exit',
      severity: 'warning',
    },
    {
      name: 'unhandled exception with its traceback attached',
      log: log(
        "2017/07/17 10:18:56.520270 WARNING Agent WALinuxAgent-2.2.10 failed with exception: [Errno 20] Not a directory: '/var/log/azure/Example'",
        '2017/07/17 10:18:56.524184 WARNING Traceback (most recent call last):',
        '  File "azurelinuxagent/ga/update.py", line 257, in run',
        '    exthandlers_handler.run()',
        "NotADirectoryError: [Errno 20] Not a directory: '/var/log/azure/Example'",
      ),
      id: 'agent-crash.unhandled-exception',
      severity: 'error',
    },
    {
      name: 'daemon crash',
      log: log('2024-03-01T10:00:00.000001Z WARNING Daemon Daemon Daemon ended with exception -- Sleep 15 seconds and restart daemon'),
      id: 'agent-crash.unhandled-exception',
    },
    {
      name: 'restart limit reached',
      log: log('2018/01/01 00:00:00.000000 WARNING Agent WALinuxAgent-2.2.20 restarted more than 6 times in 300 seconds'),
      id: 'agent-crash.crash-loop',
      severity: 'critical',
    },
    {
      name: 'events folder full kills a 2.0 agent (timestamps stripped)',
      log: log('ERROR:Error Traceback (most recent call last):', 'ERROR:Exception: WriteToFolder:Too many file under /var/lib/waagent/events exit'),
      id: 'agent-crash.events-folder-full',
    },
    {
      name: 'memory limit',
      log: log('2024-03-01T10:00:00.000001Z INFO ExtHandler ExtHandler Agent WALinuxAgent-2.9.1.1 is reached memory limit -- exiting'),
      id: 'agent-crash.memory-limit',
    },
    {
      name: 'a worker thread dies',
      log: log('2024-03-01T10:00:00.000001Z WARNING ExtHandler ExtHandler Monitor thread died, restarting'),
      id: 'agent-crash.thread-died',
    },
  ],
});

testDetector(detector, {
  valid: [
    {
      name: '2.2.0 under Python 2 has no string-escape defect',
      log: log('2016/10/05 17:01:58.465810 INFO Azure Linux Agent Version:2.2.0', '2016/10/05 17:01:58.483163 INFO Python: 2.7.5'),
    },
  ],
  invalid: [
    {
      name: 'a 2.1.5 release candidate (relaunches a crashing handler forever)',
      log: log('2016/07/13 17:08:29.429758 INFO Agent WALinuxAgent-2.1.5.rc6 is running as the goal state agent'),
      id: 'agent-crash.known-defect',
      severity: 'warning',
    },
    {
      name: '2.2.0 under Python 3',
      log: log('2016/10/05 17:01:58.465810 INFO Azure Linux Agent Version:2.2.0', '2016/10/05 17:01:58.483163 INFO Python: 3.5.2'),
      id: 'agent-crash.known-defect',
    },
  ],
});
