// resource-pressure: full disks and cgroup limits seen in the agent's log (seed cause 4: CPU/memory).
// Messages: ../shared/docs/waagent.md §4.6 (C1-C4, R2).
import { defineDetector } from './types.js';
import { isWin, winEvent } from './windows-events.js';
import { textOf } from './event-text.js';

export default defineDetector({
  meta: {
    id: 'resource-pressure',
    category: 'resource-pressure',
    severity: 'error',
    title: 'The VM is short of disk, memory or CPU',
    docs: 'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout',
    remediation: [
      'Free space on the OS disk (/var/lib/waagent and /var/log must be writable), or resize the disk.',
      'Check memory and CPU load around the backup window; schedule the backup outside peak load.',
    ],
    watch: ['[Errno 28]', 'No space left', 'been throttled', 'memory limit', 'CPUThrottledTime', 'Out of memory', 'blocked for more than'],
    variants: {
      'disk-full': { title: 'No space left on device' },
      'oom-kill': {
        title: 'The kernel killed processes for lack of memory',
        remediation: [
          'Find what used the memory (the victim is named in the evidence), add memory (a larger VM size) or limit the workload, and schedule backups outside peak load.',
        ],
      },
      'low-memory': {
        title: 'Windows diagnosed a low memory condition',
        remediation: ['The programs that used the most memory are named in the evidence: add memory (a larger VM size) or limit them, and keep backups out of peak load.'],
      },
      'hung-task': {
        title: 'Tasks were blocked for minutes (I/O stalls)',
        severity: 'warning',
        remediation: ['Check disk throughput limits of the VM size and disks (throttling), and heavy I/O during the backup window.'],
      },
      'agent-throttled': {
        title: 'The agent hit its CPU or memory quota',
        severity: 'warning',
        remediation: ['The agent runs in a cgroup with CPU and memory quotas; sustained throttling slows extension handling. Check the VM’s load and update the agent.'],
      },
    },
  },
  create(context) {
    return {
      event(event) {
        const w = winEvent(event);
        if (w) {
          if (isWin(w, 'resource-exhaustion-detector', [2004]) || isWin(w, 'resource-exhaustion-resolver', [1010]) || isWin(w, /^volsnap$/, [4, 5, 6, 15])) {
            context.report('low-memory', event, { detail: `${w.provider} ${w.id}` });
          } else if (isWin(w, 'srv', [2013]) || /disk is at or near capacity|low disk space/i.test(event.message)) {
            context.report('disk-full', event, { detail: `${w.provider} ${w.id}` });
          }
          return;
        }
        const kind = event.fields?.kind;
        // The kernel logs an OOM kill in stages (invoked, constraint, killed): one kill is one piece of evidence.
        if (kind === 'oom-kill') {
          if (event.fields?.stage === undefined || event.fields.stage === 'killed') context.report('oom-kill', event, { detail: event.fields?.victim });
          return;
        }
        if (kind === 'hung-task') return context.report('hung-task', event, { detail: event.fields?.task });
        const text = textOf(event);
        if (kind === 'disk-full' || /\[Errno 28\]|No space left on device/.test(text)) return context.report('disk-full', event);
        if (/has been throttled for [\d.]+ seconds|memory limit \d+ bytes exceeded|CPUThrottledTime/.test(text)) context.report('agent-throttled', event);
      },
    };
  },
});
