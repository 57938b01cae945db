import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import detector from '../../src/detectors/agent-crash.js';
import { ExitLoop, isLoop, LOOP_WINDOW_MS, MAX_EXIT_CELLS } from '../../src/detectors/exit-loop.js';
import type { LogEvent } from '../../src/model.js';
import { findingsForEvents, log, testDetector } from '../helpers/detector-tester.js';

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
      name: 'one crash: the exception, the daemon’s exit line and the next start’s "did not terminate cleanly" (disk full first)',
      log: log(
        '2024-02-20T08:00:02.011782Z WARNING ExtHandler ExtHandler Agent WALinuxAgent-2.10.0.8 failed with exception: [Errno 28] No space left on device',
        "2024-02-20T08:00:02.220551Z WARNING Daemon Daemon ExtHandler process WALinuxAgent-2.10.0.8 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 1",
        '2024-02-20T08:00:03.220108Z INFO ExtHandler ExtHandler Agent did not terminate cleanly: [Errno 28] No space left on device',
      ),
      id: 'agent-crash.exthandler-exit',
      count: 3,
      firstStep: /^Free disk space first: .*df -h/,
    },
    {
      name: 'a "did not terminate cleanly" about an earlier, unseen crash stays its own finding',
      log: log(
        "2024-02-20T08:00:00.220551Z INFO ExtHandler ExtHandler Agent did not terminate cleanly: [Errno 2] No such file or directory: '/var/lib/waagent/history'",
        "2024-02-20T08:00:02.220551Z WARNING Daemon Daemon ExtHandler process WALinuxAgent-2.10.0.8 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 1",
      ),
      id: 'agent-crash.exthandler-exit',
      others: ['agent-crash.unclean-exit'],
    },
    {
      name: 'a handler of the previous agent had to be killed (WALinuxAgent update.py _ensure_no_orphans)',
      log: log(
        '2024-05-02T06:00:01.914471Z INFO ExtHandler ExtHandler WALinuxAgent-2.10.0.8 waiting for orphan process 1187 to terminate',
        '2024-05-02T06:03:01.914471Z WARNING ExtHandler ExtHandler WALinuxAgent-2.10.0.8 forcibly terminated orphan process 1187',
      ),
      id: 'agent-crash.orphan-process',
      severity: 'warning',
      count: 1,
    },
    {
      name: 'the handler fails because python is missing',
      log: log("2024-03-01T10:00:00.000001Z WARNING Daemon Daemon ExtHandler process WALinuxAgent-2.9.1.1 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 127\n/usr/bin/env: 'python3': No such file or directory"),
      id: 'agent-crash.exthandler-exit',
      firstStep: /install Python 3/,
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
      id: 'agent-crash.exthandler-exit',
      severity: 'error',
      count: 1,
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
      name: 'an orphan that terminated by itself is not a finding, a real one is',
      log: log('2024-05-02T06:03:01.914471Z WARNING ExtHandler ExtHandler Exception occurred waiting for orphan agent to terminate: [Errno 1] Operation not permitted'),
      id: 'agent-crash.orphan-process',
      firstStep: /Permission denied on the path/,
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
    { name: '2.2.25 is past the downgrade defect', log: log('2018/03/05 14:31:50.000000 INFO Azure Linux Agent Version:2.2.25') },
    {
      name: 'an orphan handler that exits while the new one waits',
      log: log('2024-05-02T06:00:01.914471Z INFO ExtHandler ExtHandler WALinuxAgent-2.10.0.8 waiting for orphan process 1187 to terminate'),
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
      name: 'a 2.2.22 agent refuses extension updates (Downgrade not allowed, KB 4099558)',
      log: log('2018/03/05 14:31:50.000000 INFO Azure Linux Agent Version:2.2.22'),
      id: 'agent-crash.known-defect',
    },
    {
      name: '2.2.0 under Python 3',
      log: log('2016/10/05 17:01:58.465810 INFO Azure Linux Agent Version:2.2.0', '2016/10/05 17:01:58.483163 INFO Python: 3.5.2'),
      id: 'agent-crash.known-defect',
    },
  ],
});

// The Windows agent's own log (SupportArticles-docs windows/windows-azure-guest-agent.md, "Guest Agent is stuck in the Stopping process").
testDetector(detector, {
  path: 'WindowsAzure/Logs/WaAppAgent.log',
  valid: [{ name: 'a clean stop', log: log('[00000007] [07/18/2019 14:46:28.87] [WARN]  WindowsAzureGuestAgent stopping.') }],
  invalid: [
    {
      name: 'the agent cannot be stopped',
      log: log(
        '[00000007] [07/18/2019 14:46:28.87] [WARN]  WindowsAzureGuestAgent stopping.',
        '[00000004] [07/18/2019 14:46:28.89] [WARN]  WindowsAzureGuestAgent could not be stopped. Exception: System.NullReferenceException: Object reference not set to an instance of an object.',
        '   at Microsoft.WindowsAzure.GuestAgent.AgentCore.AgentCore.Stop(Boolean waitForTerminalState)',
      ),
      id: 'agent-crash.windows-stuck-stopping',
      firstStep: /WaAppAgent\.exe runs/,
    },
    {
      name: 'three starts in an hour, each after a disk-full crash: one loop, the disk first',
      log: log(
        '[00000006] 2024-12-01T03:00:01.112Z [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1102',
        '[00000006] 2024-12-01T03:00:04.003Z [ERROR] Unhandled exception in the guest agent: System.IO.IOException: There is not enough space on the disk.',
        '[00000006] 2024-12-01T03:05:11.402Z [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1102',
        '[00000006] 2024-12-01T03:05:14.118Z [ERROR] Unhandled exception in the guest agent: System.IO.IOException: There is not enough space on the disk.',
        '[00000006] 2024-12-01T03:10:21.771Z [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1102',
      ),
      id: 'agent-crash.windows-restart-loop',
      severity: 'critical',
      count: 5,
      firstStep: /^Free disk space on C:/,
    },
  ],
});

const HOUR = 3_600_000;

function agentLine(time: number, message: string, level: LogEvent['level'] = 'warning'): LogEvent {
  return { time, timeText: new Date(time).toISOString(), timeSource: 'utc', level, source: 'waagent-log', path: 'var/log/waagent.log', line: 1, message };
}
const exitAt = (time: number): LogEvent =>
  agentLine(time, "ExtHandler process WALinuxAgent-2.9.1.1 launched with command 'python3 -u bin/x -run-exthandlers' exited with return code: 1");

describe('agent-crash in bounded memory', () => {
  it('decides a crash loop as the exits arrive, as sorting them all would (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 * LOOP_WINDOW_MS }), { maxLength: 40 }), (times) => {
        const exits = new ExitLoop();
        for (const t of times) exits.add(t);
        expect(exits.loop).toBe(isLoop([...times].sort((a, b) => a - b), LOOP_WINDOW_MS));
        expect(exits.count).toBe(times.length);
      }),
      { numRuns: 2000 },
    );
    const edge = new ExitLoop();
    for (const t of [LOOP_WINDOW_MS, 2 * LOOP_WINDOW_MS, 1.5 * LOOP_WINDOW_MS]) edge.add(t);
    expect(edge.loop).toBe(true);
  });

  it('100,000 exits 7 hours apart keep at most the cells bound, and are no loop; three more within the window are', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const exits = new ExitLoop();
    for (let i = 0; i < 100_000; i++) exits.add(start + i * 7 * HOUR);
    expect(exits.loop).toBe(false);
    expect(exits.kept).toBeLessThanOrEqual(2 * MAX_EXIT_CELLS);
    const last = start + 99_999 * 7 * HOUR;
    exits.add(last + 3 * HOUR);
    exits.add(last + 5 * HOUR);
    expect(exits.loop).toBe(true);
    expect(exits.kept).toBe(0);
  });

  it('the finding over 100,000 exits: critical only with a loop, counting every exit', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const spread = Array.from({ length: 100_000 }, (_, i) => exitAt(start + i * 7 * HOUR));
    const calm = findingsForEvents(detector, spread).find((f) => f.id === 'agent-crash.exthandler-exit')!;
    expect(calm.count).toBe(100_000);
    expect(calm.severity).toBe('error');
    const last = start + 99_999 * 7 * HOUR;
    const looping = findingsForEvents(detector, [...spread, exitAt(last + 3 * HOUR), exitAt(last + 5 * HOUR)]).find((f) => f.id === 'agent-crash.exthandler-exit')!;
    expect(looping.severity).toBe('critical');
    expect(looping.summary).toMatch(/exited 100002 times/);
  });

  it('100,000 distinct exception messages: the newest still joins its "did not terminate cleanly"', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const events = Array.from({ length: 100_000 }, (_, i) => agentLine(start + i * 1000, `Agent WALinuxAgent-2.10.0.8 failed with exception: error number ${i}`));
    events.push(agentLine(start + 100_000_000, 'Agent did not terminate cleanly: error number 99999', 'info'));
    events.push(agentLine(start + 100_000_001, 'Agent did not terminate cleanly: error number 0', 'info'));
    const findings = findingsForEvents(detector, events);
    // The newest crash's unclean start is that crash; one 100,000 crashes ago is past what is remembered.
    expect(findings.find((f) => f.id === 'agent-crash.exthandler-exit')?.count).toBe(100_001);
    expect(findings.find((f) => f.id === 'agent-crash.unclean-exit')?.count).toBe(1);
  });
});
