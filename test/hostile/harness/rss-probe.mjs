// Preloaded (node --import) into the CLI the hostile suite and the fuzzer run: on exit, the main thread writes the
// process's peak resident set (KiB, every thread included) to the file LOGSCAN_RSS_PROBE names: VmHWM from /proc,
// which starts afresh at exec. getrusage's maxRSS does not: a child keeps the peak of the parent it was forked from,
// so a runner that held 330 MB of generated input reported 334 MB for a run that took 140 MB. maxRSS only where
// /proc is missing. A process killed by a signal writes nothing; the runner then keeps the peak it polled from /proc.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.LOGSCAN_RSS_PROBE;
if (isMainThread && out) {
  process.on('exit', () => {
    try {
      writeFileSync(out, String(peakKb()));
    } catch {
      // the folder is gone: the runner falls back to what it polled
    }
  });
}

function peakKb() {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}
