// resource-pressure: full disks and cgroup limits seen in the agent's log (seed cause 4: CPU/memory).
// Messages: ../shared/docs/waagent.md §4.6 (C1-C4, R2). Hung tasks inside a freeze window are fsfreeze's finding
// (the freeze blocks them), so only the others are reported here.
import { defineDetector } from './types.js';
import { isWin, winEvent } from './windows-events.js';
import { textOf } from './event-text.js';
import { FREEZE_WATCH, FreezePhases } from './freeze-phase.js';
import { DISK_FULL, READ_ONLY_FS } from '../knowledge/evidence-fixes.js';
import { BACKUP_AGENT_ISSUES } from '../knowledge/pages.js';

/** A full disk in a Windows record's words, whatever its provider. */
const DISK_FULL_TEXT = /disk is at or near capacity|low disk space|not enough space on the disk|0x80070070/i;

/** volsnap's records read as memory pressure (declared and read). */
const VOLSNAP_PRESSURE_IDS = [4, 5, 6, 15];

export default defineDetector({
  meta: {
    id: 'resource-pressure',
    category: 'resource-pressure',
    severity: 'error',
    title: 'The VM is short of disk, memory or CPU',
    docs: BACKUP_AGENT_ISSUES,
    remediation: {
      linux: [
        'Free space on the OS disk (/var/lib/waagent and /var/log must be writable), or expand the disk.',
        'Check memory and CPU load around the backup window (`free -m`, `top`, sar); schedule the backup outside peak load.',
      ],
      windows: [
        'Free space on C: (Disk Cleanup, old files under C:\\WindowsAzure\\Logs and C:\\Windows\\Temp), or expand the OS disk.',
        'Check memory and CPU load around the backup window (Task Manager, Performance Monitor); schedule the backup outside peak load.',
      ],
    },
    watch: [...FREEZE_WATCH, '[Errno 28]', 'No space left', 'not enough space on the disk', 'been throttled', 'CPUThrottledTime', 'Out of memory', 'blocked for more than'],
    // Resource-Exhaustion, volsnap's and Srv's records by id; a full disk as any record may say it.
    windowsEvents: [2004, 1010, ...VOLSNAP_PRESSURE_IDS, 2013],
    windowsText: DISK_FULL_TEXT,
    variants: {
      'disk-full': { title: 'No space left on device', fixes: [DISK_FULL, READ_ONLY_FS] },
      'oom-kill': {
        title: 'The kernel killed processes for lack of memory',
        platform: 'linux',
        remediation: [
          'Find what used the memory (the victim is named in the evidence), add memory (a larger VM size) or limit the workload, and schedule backups outside peak load.',
        ],
      },
      'low-memory': {
        title: 'Windows diagnosed a low memory condition',
        platform: 'windows',
        remediation: ['The programs that used the most memory are named in the evidence: add memory (a larger VM size) or limit them, and keep backups out of peak load.'],
      },
      'hung-task': {
        title: 'Tasks were blocked for minutes (I/O stalls)',
        platform: 'linux',
        severity: 'warning',
        remediation: ['Check disk throughput limits of the VM size and disks (throttling), and heavy I/O during the backup window.'],
      },
      'agent-throttled': {
        title: 'The agent hit its CPU quota',
        platform: 'linux',
        severity: 'warning',
        remediation: ['The agent runs in a cgroup with a CPU quota; sustained throttling slows extension handling. Check the VM’s load (`top`, `systemd-cgtop`) and update the agent.'],
      },
    },
  },
  create(context) {
    const phases = new FreezePhases();
    return {
      event(event) {
        phases.note(event);
        const w = winEvent(event);
        if (w) {
          if (isWin(w, 'resource-exhaustion-detector', [2004]) || isWin(w, 'resource-exhaustion-resolver', [1010]) || isWin(w, /^volsnap$/, VOLSNAP_PRESSURE_IDS)) {
            context.report('low-memory', event, { detail: w.label });
          } else if (isWin(w, 'srv', [2013]) || DISK_FULL_TEXT.test(event.message)) {
            context.report('disk-full', event, { detail: w.label });
          }
          return;
        }
        const kind = event.fields?.kind;
        // The kernel logs an OOM kill in stages (invoked, constraint, killed): one kill is one piece of evidence.
        if (kind === 'oom-kill') {
          if (event.fields?.stage === undefined || event.fields.stage === 'killed') context.report('oom-kill', event, { detail: event.fields?.victim });
          return;
        }
        if (phases.holdHungTask(event)) return;
        const text = textOf(event);
        // Linux (ENOSPC) and Windows (.NET's IOException, HRESULT 0x80070070 ERROR_DISK_FULL) say it their own way.
        if (kind === 'disk-full' || /\[Errno 28\]|No space left on device|not enough space on the disk|0x80070070/.test(text)) return context.report('disk-full', event);
        // The agent's memory quota ("memory limit N bytes exceeded") restarts it: agent-crash.memory-limit owns that line.
        if (/has been throttled for [\d.]+ seconds|CPUThrottledTime/.test(text)) context.report('agent-throttled', event);
      },
      finish() {
        for (const e of phases.hungTasks(false)) context.report('hung-task', e, { detail: e.fields?.task });
      },
    };
  },
});
