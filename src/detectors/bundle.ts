// bundle: parts of the bundle are truncated, corrupt, unreadable or missing (listed in `problems` too),
// or a log falls silent for hours.
import { defineDetector } from './types.js';
import { VMSNAPSHOT_LINUX } from '../knowledge/vmsnapshot-codes.js';
import { LOG_COLLECTION } from '../knowledge/pages.js';

/** Silences at least this long in a log are reported (heartbeats come every 30 minutes). */
const GAP_HOURS = 6;

export default defineDetector({
  meta: {
    id: 'bundle',
    category: 'bundle',
    severity: 'warning',
    title: 'Parts of the bundle could not be read',
    docs: LOG_COLLECTION,
    remediation: {
      linux: [
        'Collect the logs again (`waagent -collect-logs -full`, or a tarball of /var/log and /var/lib/waagent) and check that the archive is copied completely.',
        'The rest of the bundle was analysed; findings may be missing for the unreadable files.',
      ],
      windows: [
        'Collect the logs again (CollectGuestLogs.exe under C:\\WindowsAzure\\GuestAgent_<version>_<time>\\, or a zip of C:\\WindowsAzure\\Logs and the exported event logs) and check that the archive is copied completely.',
        'The rest of the bundle was analysed; findings may be missing for the unreadable files.',
      ],
    },
    // Reads problems, sources and facts, not events.
    watch: [],
    // Windows records reach it as log lines do (warnings, errors, info records with a watch keyword).
    windowsEvents: [],
    variants: {
      unreadable: { title: 'Files in the bundle are damaged or unreadable' },
      truncated: {
        title: 'The log collector cut files or stopped at its size cap',
        platform: 'linux',
        remediation: [
          'waagent -collect-logs keeps only the last 30 MB of a file and stops at 150 MB in total: for the full history, copy /var/log/waagent.log* and /var/log/azure/ from the VM directly.',
        ],
      },
      'missing-source': {
        title: 'A log the analysis needs is not in the bundle',
        platform: 'linux',
        remediation: [
          'Add /var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/ (extension.log, shell.log) and /var/lib/waagent/ to the bundle: without them the snapshot itself cannot be analysed.',
        ],
      },
      'log-gap': {
        title: 'A log falls silent for hours',
        severity: 'info',
        remediation: {
          linux: [
            'The agent writes a heartbeat every 30 minutes: hours without a line mean the agent was not running, the VM was off, or lines were lost. Compare with the VM’s activity log and with `journalctl --list-boots`.',
          ],
          windows: [
            'Hours without a line mean the agent was not running, the VM was off, or lines were lost: compare with the VM’s activity log and the System log’s start and stop events (EventLog 6005/6006).',
          ],
        },
      },
    },
  },
  create(context) {
    return {
      finish(facts) {
        for (const problem of facts.problems) context.reportProblem('unreadable', problem, { detail: problem.path });

        for (const fact of facts.of('collected-file')) {
          if (fact.attrs?.truncated === 'true') context.reportFact('truncated', fact, { detail: fact.value });
        }
        for (const fact of [...facts.of('collector-cap'), ...facts.of('collector-discarded')]) context.reportFact('truncated', fact);
        for (const source of facts.sources) {
          if (/(^|\/)truncated_[^/]+$/.test(source.path)) {
            context.reportFact('truncated', { kind: 'truncated-file', value: source.path, time: null, path: source.path, line: 1, text: 'the collector kept only the last 30 MB of this file' });
          }
        }

        const backupInstalled = facts.extensions.namedBy(VMSNAPSHOT_LINUX);
        if (backupInstalled && !facts.sources.some((s) => s.parser === 'vmsnapshot-log')) {
          context.reportFact('missing-source', backupInstalled, {
            detail: 'VMSnapshotLinux is installed but its extension.log is not in the bundle',
          });
        }

        for (const source of facts.sources) {
          if (!source.gap) continue;
          const hours = (Date.parse(source.gap.to) - Date.parse(source.gap.from)) / 3_600_000;
          if (hours >= GAP_HOURS) {
            const text = `no line for ${hours.toFixed(1)} hours, from ${source.gap.from} to ${source.gap.to}`;
            context.reportFact('log-gap', { kind: 'log-gap', value: text, time: Date.parse(source.gap.to), path: source.path, line: source.gap.line, text }, { detail: `${source.path}: ${hours.toFixed(0)} h` });
          }
        }
      },
    };
  },
});
