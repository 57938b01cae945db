// Loaded into a measured node process with --import: at exit it writes the process's peak resident set (VmHWM
// from /proc, in KiB, worker threads included) to the file named by LOGSCAN_BENCH_PEAK_FILE. VmHWM starts
// afresh at exec, unlike getrusage's maxRSS, which a child inherits from the parent across fork and exec.
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.env.LOGSCAN_BENCH_PEAK_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
      writeFileSync(target, kb ?? '');
    } catch {
      // Not Linux: no figure, the bench says so.
    }
  });
}
