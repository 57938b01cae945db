// snapshot-failure: the snapshot itself failed — limits, host-side errors, pre/post scripts, workload
// quiescing. Messages and codes: ../shared/docs/backup-extension.md §1.4-1.5, §1.7.
import { defineDetector } from './types.js';
import { reportStatusEvent, reportStatusFacts } from './snapshot-evidence.js';
import { BACKUP_VM_ERRORS } from '../knowledge/pages.js';

export default defineDetector({
  meta: {
    id: 'snapshot-failure',
    category: 'snapshot-failure',
    severity: 'error',
    title: 'The snapshot failed',
    platform: 'linux',
    docs: BACKUP_VM_ERRORS,
    remediation: ['Retry the backup; if it fails again with the same error, open a case with these lines.'],
    watch: [
      'snapshot count', 'SnapshotLimitReached', 'RateExceeded', 'rate of snapshot', 'Status Code: 5', 'responseBody', 'BHS is not',
      'HostSnapshotRemoteServerError', 'Prescript for', 'Postscript for', 'PreScript failed', 'PostScript failed', 'Plugin Host', 'Plugin host',
      'FailedPrepost', 'Workload Patch', 'FailedWorkload', 'Enable failed with',
    ],
    // Windows records reach it as log lines do (warnings, errors, info records with a watch keyword).
    windowsEvents: [],
    variants: {
      'snapshot-limit': {
        title: 'The disk reached the limit of snapshots (code 85)',
        remediation: ['Too many snapshots exist for a disk blob: let Azure Backup clean up (retention), delete stray snapshots of the disk, then retry.'],
      },
      'rate-exceeded': {
        title: 'Snapshot calls were throttled (rate exceeded, code 173)',
        severity: 'warning',
        remediation: ['Snapshots are retried automatically; avoid running other snapshot tools against the same disks during the backup window.'],
      },
      'host-error': {
        title: 'The host-side snapshot service returned an error',
        remediation: [
          'A host-side (BHS) snapshot error is not caused by the VM: retry the backup, and open a case with the status codes if it persists.',
          'A code 555 or "Hitting wrong WireServer IP" means the VM cannot reach 168.63.129.16: see the network findings.',
        ],
      },
      'pre-post-script': {
        title: 'An application-consistent pre/post script failed (codes 300-318)',
        remediation: [
          'Fix the script named in the evidence, or /etc/azure/VMSnapshotPluginHost.conf and VMSnapshotScriptPluginConfig.json: they must be owned by root with mode 600/700, and the scripts must finish within their timeout.',
        ],
      },
      workload: {
        title: 'Quiescing the database workload failed (codes 500-512)',
        remediation: ['Check /etc/azure/workload.conf and the database credentials and state named in the evidence.'],
      },
      'enable-failed': { title: 'The backup extension reported a snapshot failure' },
    },
  },
  create(context) {
    return {
      event(event) {
        if (reportStatusEvent('snapshot-failure', event, context)) return;
        const text = event.message;
        if (/snapshot count against this blob has been exceeded/.test(text)) return context.report('snapshot-limit', event);
        if (/SnapshotRateExceeded|rate of snapshot blob calls is exceeded/.test(text)) return context.report('rate-exceeded', event);
        const host = /(?:PreSnapshot|DoSnapshot|dosnapshot|presnapshot)[^\n]*?Status ?Code:? ?(5\d\d)/i.exec(text);
        if (host || /BHS is not runn?ing/.test(text)) return context.report('host-error', event, { detail: host ? `HTTP ${host[1]}` : 'BHS not running' });
        if (/(?:Pre|Post)script for \S+ (?:timed out|failed)|(?:Pre|Post)Script failed for the plugin|Plugin Host Precheck Failed|Plugin host Config file/i.test(text))
          return context.report('pre-post-script', event);
        if (/Workload Patch failed/.test(text)) return context.report('workload', event);
        const failed = /T:S Enable failed with (\w+)/.exec(text);
        if (failed) context.report('enable-failed', event, { detail: failed[1] });
      },
      finish(facts) {
        reportStatusFacts('snapshot-failure', facts, context);
        // Telemetry of the status file: host status codes 5xx and 555-558 (backup-extension.md §1.3).
        for (const fact of facts.of('extension-status')) {
          for (const key of ['hostStatusCodePreSnapshot', 'hostStatusCodeDoSnapshot']) {
            const code = fact.attrs?.[key];
            if (code && /^5\d\d$/.test(code)) context.reportFact('host-error', fact, { detail: `${key} ${code}` });
          }
        }
      },
    };
  },
});
