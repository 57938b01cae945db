// snapshot-timeout: the symptom itself — the snapshot command reached the VM too late, the extension's
// status is stuck in transitioning, or a freeze/snapshot/thaw run never completed.
// Messages: ../shared/docs/backup-extension.md §1.3 (status code 4), §1.4 (402), §1.5 (flow steps).
// A run whose log ends while the file systems are frozen is fsfreeze's finding (stayed-frozen), not a second one.
import { defineDetector } from './types.js';
import type { FactOf, LogEvent } from '../model.js';
import { reportStatusEvent, reportStatusFacts } from './snapshot-evidence.js';
import { FREEZE_WATCH, FreezePhases } from './freeze-phase.js';
import { VMSNAPSHOT_LINUX } from '../knowledge/vmsnapshot-codes.js';
import { BACKUP_AGENT_ISSUES } from '../knowledge/pages.js';

export default defineDetector({
  meta: {
    id: 'snapshot-timeout',
    category: 'snapshot-timeout',
    severity: 'error',
    title: 'The snapshot timed out',
    platform: 'linux',
    docs: BACKUP_AGENT_ISSUES,
    remediation: [
      'Make sure the guest agent is running, up to date and processes extensions promptly (see any agent findings).',
      'Check the VM for CPU, memory or disk pressure during the backup window, and that no other extension blocks the agent’s queue.',
      'Retry the backup; if the status stays transitioning, restart the agent (`systemctl restart walinuxagent` or `waagent`).',
    ],
    watch: [...FREEZE_WATCH, 'CRP timeout', 'MAX_TIMESPAN', 'InvokedCommandTooLate', '****** 5. ', 'starting enable', 'transitioning'],
    // Windows records reach it as log lines do (warnings, errors, info records with a watch keyword).
    windowsEvents: [],
    variants: {
      'command-too-late': {
        title: 'The snapshot command reached the VM too late (CRP timeout, code 402)',
        remediation: [
          'The agent delivered the backup command more than 140 minutes after Azure Backup sent it: the agent was stopped, hung, busy with other extensions or could not reach the wire server. Fix the agent first, then retry.',
        ],
      },
      'status-stuck': {
        title: 'The backup extension’s status is stuck in transitioning',
        remediation: [
          'The extension’s daemon died or hung before reporting a result (code 4): look at the extension log around the last status time, restart the agent and retry the backup.',
        ],
      },
      'sequence-incomplete': { title: 'A freeze/snapshot/thaw run started but never completed' },
    },
  },
  create(context) {
    // Per extension log: the highest flow step of the current run.
    const runs = new Map<string, { start: LogEvent; step: number }>();
    const phases = new FreezePhases();
    return {
      event(event) {
        phases.note(event);
        if (reportStatusEvent('snapshot-timeout', event, context)) return;
        const text = event.message;
        if (/CRP timeout limit has reached|Thawing as failing due to CRP timeout/.test(text)) return context.report('command-too-late', event);
        if (event.source !== 'vmsnapshot-log' || !event.fields?.step) return;
        const step = Number(event.fields.step);
        const run = runs.get(event.path);
        if (step === 1 || !run) {
          // Reported now rather than kept to the end (a log of endless unfinished runs would hold each start): the
          // same evidence in the same order, as finish reports these before the runs still open.
          if (run && run.step < 9) context.report('sequence-incomplete', run.start, { detail: `reached step ${run.step} of 9` });
          runs.set(event.path, { start: event, step });
        } else if (step > run.step) {
          run.step = step;
        }
      },
      finish(facts) {
        reportStatusFacts('snapshot-timeout', facts, context);
        for (const [path, run] of runs) {
          const frozen = phases.endsFrozen(path);
          const endsInThisRunsFreeze = frozen !== undefined && (frozen.time === null || run.start.time === null || frozen.time >= run.start.time);
          if (run.step >= 9 || endsInThisRunsFreeze) continue;
          context.report('sequence-incomplete', run.start, { detail: `reached step ${run.step} of 9` });
        }
        const stuck = newestStatus(facts.of('extension-status'));
        if (stuck && stuck.attrs?.status === 'transitioning') {
          context.reportFact('status-stuck', stuck, { detail: `code ${stuck.attrs.code ?? '?'} since ${stuck.attrs.timestamp ?? 'unknown time'}` });
        }
      },
    };
  },
});

/** The newest VMSnapshotLinux status file (by its timestamp, then sequence number). */
type StatusFact = FactOf<'extension-status'>;

function newestStatus(statuses: readonly StatusFact[]): StatusFact | undefined {
  let best: StatusFact | undefined;
  for (const f of statuses) {
    if (f.value !== VMSNAPSHOT_LINUX || f.attrs?.source !== 'status-file') continue;
    const key = (x: StatusFact): [number, number] => [x.time ?? -Infinity, Number(x.attrs?.sequence ?? -1)];
    if (!best) best = f;
    else {
      const [t1, s1] = key(f);
      const [t2, s2] = key(best);
      if (t1 > t2 || (t1 === t2 && s1 > s2)) best = f;
    }
  }
  return best;
}
