// vm-shutdown: the guest was shut down or restarted from inside (for example over RDP) — around a backup
// the status is then reported wrongly (seed cause 4). Events: windows.md §3; Linux: syslog shutdown lines.
import { defineDetector } from './types.js';
import type { LogEvent } from '../model.js';
import { isWin, winEvent } from './windows-events.js';

/** A shutdown this close to backup activity is likely what broke it. */
const NEAR_BACKUP_MS = 2 * 3_600_000;

export default defineDetector({
  meta: {
    id: 'vm-shutdown',
    category: 'vm-shutdown',
    severity: 'warning',
    title: 'The VM was shut down or restarted from inside',
    docs: 'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout',
    remediation: [
      'Do not shut the VM down from inside the guest (RDP, shutdown command, scheduled tasks) while a backup may run: stop it from the portal so that the platform knows.',
      'Check who or what initiated the shutdown (the evidence names the process and user), and move it out of the backup window.',
    ],
    // Event-log records and classified kernel lines (`fields.kind`) always reach detectors.
    watch: [],
    variants: {
      'initiated-shutdown': { title: 'A process or user shut the VM down from inside' },
      'unexpected-shutdown': { title: 'The VM stopped unexpectedly (crash or power loss)' },
      'near-backup': { title: 'The VM was shut down during or close to a backup', severity: 'error' },
    },
  },
  create(context) {
    const shutdowns: LogEvent[] = [];
    const backupTimes: number[] = [];
    return {
      event(event) {
        const w = winEvent(event);
        if (w && (isWin(w, 'vss', [8193, 8194, 8229, 12289, 12297, 12298]) || /IaaSBcdr|VMSnapshot/i.test(event.message))) {
          if (event.time !== null) backupTimes.push(event.time);
        }
        if (event.extension?.name.includes('VMSnapshot') && event.time !== null) backupTimes.push(event.time);
        if (w && isWin(w, 'user32', [1074])) {
          shutdowns.push(event);
          return context.report('initiated-shutdown', event, { detail: [w.data('param1') ?? w.data(0), w.data('param7') ?? w.data(6)].filter(Boolean).join(' by ') || undefined });
        }
        if (isWin(w, 'eventlog', [6008]) || isWin(w, 'kernel-power', [41])) {
          shutdowns.push(event);
          return context.report('unexpected-shutdown', event, { detail: `${w!.provider} ${w!.id}` });
        }
        if (event.fields?.kind === 'shutdown' && event.fields.action !== 'power-key') {
          shutdowns.push(event);
          context.report('initiated-shutdown', event, { detail: event.fields.action });
        }
      },
      finish() {
        for (const s of shutdowns) {
          if (s.time !== null && backupTimes.some((t) => Math.abs(t - s.time!) <= NEAR_BACKUP_MS)) context.report('near-backup', s);
        }
      },
    };
  },
});
