// bundle: parts of the bundle are truncated, corrupt or unreadable (listed in `problems` too).
import { defineDetector } from './types.js';

export default defineDetector({
  meta: {
    id: 'bundle',
    category: 'bundle',
    severity: 'warning',
    title: 'Parts of the bundle could not be read',
    docs: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/linux-azure-guest-agent',
    remediation: [
      'Collect the logs again (`waagent -collect-logs -full` on Linux) and check that the archive is copied completely.',
      'The rest of the bundle was analysed; findings may be missing for the unreadable files.',
    ],
    // Reads problems, not events.
    watch: [],
    variants: {
      unreadable: { title: 'Files in the bundle are damaged or unreadable' },
    },
  },
  create(context) {
    return {
      finish(facts) {
        for (const problem of facts.problems) context.reportProblem('unreadable', problem, { detail: problem.path });
      },
    };
  },
});
