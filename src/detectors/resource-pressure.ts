// resource-pressure: full disks and cgroup limits seen in the agent's log (seed cause 4: CPU/memory).
// Messages: ../shared/docs/waagent.md §4.6 (C1-C4, R2).
import { defineDetector } from './types.js';
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
    watch: ['[Errno 28]', 'No space left', 'throttled', 'memory limit', 'CPUThrottledTime'],
    variants: {
      'disk-full': { title: 'No space left on device' },
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
        const text = textOf(event);
        if (/\[Errno 28\]|No space left on device/.test(text)) return context.report('disk-full', event);
        if (/has been throttled for [\d.]+ seconds|memory limit \d+ bytes exceeded|CPUThrottledTime/.test(text)) context.report('agent-throttled', event);
      },
    };
  },
});
