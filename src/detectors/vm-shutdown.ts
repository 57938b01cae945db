// vm-shutdown: the guest was shut down or restarted from inside (for example over RDP) — around a backup
// the status is then reported wrongly (seed cause 4). Events: windows.md §3; Linux: syslog shutdown lines.
// A shutdown is one finding: near-backup when it falls close to backup activity, else initiated or unexpected.
import { defineDetector } from './types.js';
import type { LogEvent } from '../model.js';
import { isWin, winEvent } from './windows-events.js';
import { TimeBuckets } from './time-buckets.js';
import { BACKUP_AGENT_ISSUES } from '../knowledge/pages.js';

/** A shutdown this close to backup activity is likely what broke it. */
const NEAR_BACKUP_MS = 2 * 3_600_000;
/** Shutdowns kept until the backup times are known (a VM rebooted daily for years has a few thousand). */
const MAX_SHUTDOWNS = 5000;

type Kind = 'initiated-shutdown' | 'unexpected-shutdown';

/** A Windows record naming the backup extension: backup activity, whatever its provider. */
const BACKUP_TEXT = /IaaSBcdr|VMSnapshot/i;

/** VSS records read as backup activity (declared and read). */
const BACKUP_VSS_IDS = [8193, 8194, 8229, 12289, 12297, 12298];

export default defineDetector({
  meta: {
    id: 'vm-shutdown',
    category: 'vm-shutdown',
    severity: 'warning',
    title: 'The VM was shut down or restarted from inside',
    docs: BACKUP_AGENT_ISSUES,
    remediation: {
      linux: [
        'Do not shut the VM down or reboot it from inside the guest (`shutdown`/`reboot` over SSH, cron jobs, automatic reboots after package updates) while a backup may run: stop it from the portal so that the platform knows.',
        'Check who or what initiated the shutdown (the evidence names the action), and move it out of the backup window.',
      ],
      windows: [
        'Do not shut the VM down from inside Windows (Start menu over RDP, shutdown.exe, scheduled tasks, Windows Update restarts) while a backup may run: stop it from the portal so that the platform knows.',
        'Check who or what initiated the shutdown (the evidence names the process and user), and move it out of the backup window.',
      ],
    },
    // Classified kernel lines (`fields.kind`), warnings and errors always reach detectors; event-log records by windowsEvents.
    watch: [],
    // Shutdowns (User32 1074, EventLog 6008, Kernel-Power 41) and backup activity: VSS records, and any record naming the backup extension.
    windowsEvents: [1074, 6008, 41, ...BACKUP_VSS_IDS],
    windowsText: BACKUP_TEXT,
    variants: {
      'initiated-shutdown': { title: 'A process or user shut the VM down from inside' },
      'unexpected-shutdown': {
        title: 'The VM stopped unexpectedly (crash or power loss)',
        platform: 'windows',
        remediation: [
          'Look for the cause of the unexpected stop before the evidence: bug checks (System log BugCheck 1001, memory dumps in C:\\Windows\\Minidump), and the VM’s activity log and Resource Health for host events.',
        ],
      },
      'near-backup': { title: 'The VM was shut down during or close to a backup', severity: 'error' },
    },
  },
  create(context) {
    const shutdowns: { kind: Kind; event: LogEvent; detail: string | undefined }[] = [];
    const backupTimes = new TimeBuckets(NEAR_BACKUP_MS);
    const note = (kind: Kind, event: LogEvent, detail: string | undefined): void => {
      if (shutdowns.length < MAX_SHUTDOWNS) shutdowns.push({ kind, event, detail });
    };
    return {
      event(event) {
        const w = winEvent(event);
        if (w && (isWin(w, 'vss', BACKUP_VSS_IDS) || BACKUP_TEXT.test(event.message))) {
          if (event.time !== null) backupTimes.add(event.time);
        }
        if (event.extension?.name.includes('VMSnapshot') && event.time !== null) backupTimes.add(event.time);
        if (w && isWin(w, 'user32', [1074])) {
          return note('initiated-shutdown', event, [w.data('param1') ?? w.data(0), w.data('param7') ?? w.data(6)].filter(Boolean).join(' by ') || undefined);
        }
        if (isWin(w, 'eventlog', [6008]) || isWin(w, 'kernel-power', [41])) return note('unexpected-shutdown', event, w!.label);
        if (event.fields?.kind === 'shutdown' && event.fields.action !== 'power-key') note('initiated-shutdown', event, event.fields.action);
      },
      finish() {
        for (const { kind, event, detail } of shutdowns) {
          const near = event.time !== null && backupTimes.anyIn(event.time - NEAR_BACKUP_MS, event.time + NEAR_BACKUP_MS);
          context.report(near ? 'near-backup' : kind, event, { detail: near ? [kind === 'unexpected-shutdown' ? 'unexpected' : 'initiated', detail].filter(Boolean).join(': ') : detail });
        }
      },
    };
  },
});
