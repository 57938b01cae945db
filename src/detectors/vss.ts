// vss: Volume Shadow Copy fails, times out or is in a bad state; the SQL Server writer in particular
// (seed cause 4). Events: ../shared/docs/windows.md §3.
import { defineDetector } from './types.js';
import type { LogEvent } from '../model.js';
import { isWin, recordTextMatches, winEvent } from './windows-events.js';
import { TimeBuckets } from './time-buckets.js';
import { BACKUP_VM_ERRORS } from '../knowledge/pages.js';

/** VSS error events in the Application log. 8224 (idle shutdown) is benign and not here. */
const VSS_ERRORS = [8193, 8194, 8229, 12289, 12292, 12293, 11, 20, 22];
/** Flushing or holding writes for the shadow copy failed or timed out (VSS and volsnap). */
const VSS_HOLD = [12297, 12298];
const VOLSNAP_HOLD = [8, 9, 21];
const VOLSNAP_STORAGE = [24, 25, 33, 36];
/** The SQL Server VSS writer, named in any VSS record's text. */
const SQL_WRITER = /SqlServerWriter|SQLWRITER/i;
const WRITER_ERROR = /0x800423f[234]|VSS_E_WRITERERROR|writer.*(?:failed|timed out|time-?out)|Waiting for completion/i;
/** Lines of one snapshot's failure fall within minutes of each other. */
const SAME_FAILURE_MS = 5 * 60_000;
const MAX_WRITER_LINES = 500;

export default defineDetector({
  meta: {
    id: 'vss',
    category: 'vss',
    severity: 'error',
    title: 'Volume Shadow Copy (VSS) fails',
    platform: 'windows',
    docs: BACKUP_VM_ERRORS,
    remediation: [
      'Run `vssadmin list writers` in the VM: restart the service behind any writer that is not Stable/No error (or reboot the VM outside business hours).',
      'Check that the Volume Shadow Copy, COM+ System Application and Microsoft Software Shadow Copy Provider services can start, and that the system volume has free space.',
      'Retry the backup outside peak I/O load.',
    ],
    // Text logs name VSS failures at warning or error level; event-log records are read by id (windowsEvents).
    watch: [],
    // VSS's, volsnap's and SQLWRITER's records by id, and any record that names the SQL writer (a VSS info record
    // naming it is the writer's failure; most VSS info records are idle shutdowns, 8224, read by no one).
    windowsEvents: [...VSS_ERRORS, ...VSS_HOLD, ...VOLSNAP_HOLD, ...VOLSNAP_STORAGE, 24583],
    windowsText: SQL_WRITER,
    variants: {
      'vss-error': { title: 'The VSS service reports errors' },
      'hold-writes-timeout': {
        title: 'VSS could not flush or hold writes in time (I/O pressure)',
        remediation: [
          'The shadow copy provider timed out while holding writes: reduce I/O during the backup window, check the VM size’s disk throughput limits, and move I/O-heavy jobs away from the backup schedule.',
        ],
      },
      'shadow-storage': {
        title: 'Shadow copies were deleted or aborted for lack of shadow storage',
        severity: 'warning',
        remediation: ['Give the volume more shadow storage (`vssadmin resize shadowstorage`) and free disk space; reduce I/O while the snapshot runs.'],
      },
      'sql-writer': {
        title: 'The SQL Server VSS writer fails during the backup',
        remediation: [
          'When SQL Server has its own backups, let Azure Backup take VSS copy backups: create the registry value `HKLM\\SOFTWARE\\Microsoft\\BCDRAGENT` `USEVSSCOPYBACKUP` (REG_SZ) = `TRUE` (`REG ADD "HKLM\\SOFTWARE\\Microsoft\\BCDRAGENT" /v USEVSSCOPYBACKUP /t REG_SZ /d TRUE /f`), then retry the backup.',
          'Check the SQL Server error log and the SQL writer’s state (`vssadmin list writers`, SqlServerWriter).',
        ],
      },
      'writer-failed': {
        title: 'A VSS writer is in a failed or timed-out state',
        remediation: [
          'Run `vssadmin list writers` in the VM: restart the service behind any writer that is not Stable/No error (or reboot the VM outside business hours).',
          'If writers time out under I/O load, let the backup extension snapshot without threads (`REG ADD "HKLM\\SOFTWARE\\Microsoft\\BcdrAgentPersistentKeys" /v SnapshotWithoutThreads /d True`), and move I/O-heavy jobs out of the backup window.',
        ],
      },
    },
  },
  create(context) {
    // A text line naming no writer right after the SQL writer failed is that failure (the plugin's summary line).
    const sqlTimes = new TimeBuckets(SAME_FAILURE_MS);
    const writerLines: LogEvent[] = [];
    return {
      event(event) {
        const w = winEvent(event);
        if (w) {
          if (isWin(w, 'sqlwriter', [24583]) || (w.provider === 'vss' && recordTextMatches(event, SQL_WRITER))) {
            if (event.time !== null) sqlTimes.add(event.time);
            return context.report('sql-writer', event, { detail: w.label });
          }
          if (isWin(w, 'vss', VSS_HOLD) || isWin(w, /^volsnap$/, VOLSNAP_HOLD)) return context.report('hold-writes-timeout', event, { detail: w.label });
          if (isWin(w, /^volsnap$/, VOLSNAP_STORAGE)) return context.report('shadow-storage', event, { detail: `volsnap ${w.id}` });
          if (isWin(w, 'vss', VSS_ERRORS)) return context.report('vss-error', event, { detail: `VSS ${w.id}` });
          if (w.provider === 'vss' && event.level === 'error') return context.report('vss-error', event, { detail: `VSS ${w.id}` });
          return;
        }
        // Text logs (the VMSnapshot plugin's, vssadmin output) naming a writer error.
        if ((event.level === 'error' || event.level === 'warning') && /VSS|writer/i.test(event.message) && WRITER_ERROR.test(event.message)) {
          if (/SqlServerWriter/i.test(event.message)) {
            if (event.time !== null) sqlTimes.add(event.time);
            context.report('sql-writer', event);
          } else if (writerLines.length < MAX_WRITER_LINES) writerLines.push(event);
        }
      },
      finish() {
        for (const e of writerLines) {
          const sameFailure = e.time !== null && sqlTimes.anyIn(e.time - SAME_FAILURE_MS, e.time + SAME_FAILURE_MS);
          context.report(sameFailure ? 'sql-writer' : 'writer-failed', e);
        }
      },
    };
  },
});
