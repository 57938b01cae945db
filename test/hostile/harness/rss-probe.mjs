// Preloaded (node --import) into the CLI the hostile suite and the fuzzer run: on exit, the main thread writes the
// process's peak resident set (getrusage ru_maxrss, KiB, every thread included) to the file LOGSCAN_RSS_PROBE names.
// A process killed by a signal writes nothing; the runner then keeps the peak it polled from /proc.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.LOGSCAN_RSS_PROBE;
if (isMainThread && out) {
  process.on('exit', () => {
    try {
      writeFileSync(out, String(process.resourceUsage().maxRSS));
    } catch {
      // the folder is gone: the runner falls back to what it polled
    }
  });
}
